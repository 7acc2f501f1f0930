"""Chestnuts Primary School's default checklists, from its policy (sections 5-8).

The policy has no clause on sharing nude or semi-nude images, so those steps
follow the UKCIS guidance and say so.
"""

from __future__ import annotations

from incidents.checklists.spec import (
    ADULT,
    CONDUCT,
    CONSIDER,
    CONTACT,
    CONTENT,
    CYBER,
    FIREWALL,
    PARENT,
    PUPIL,
    SEVERE,
    STAFF,
    UNKNOWN,
    URGENT,
    S,
    StepSpec,
)
from incidents.checklists.wording import (
    CONDUCT_EVIDENCE,
    DO_NOT_REPLY,
    EVIDENCE,
    ILLEGAL_CONTENT,
    LADO,
    NOT_VIEWED,
    PLATFORM_IF_REFUSED,
    PLATFORM_UNKNOWN,
    POLICE_IF_SEVERE,
    WORRYING_CONTACT,
    _ukcis_steps,
)

CHESTNUTS_STEPS: list[StepSpec] = [
    # 8. Cyber bullying
    S(
        CYBER,
        "Deal with it and report it along the same chain as the Anti-Bullying Policy and the "
        "Child Protection and Safeguarding Policy: make sure the designated safeguarding lead "
        "knows.",
        "8.2",
        due_days=URGENT,
    ),
    S(CYBER, EVIDENCE, "8.4", due_days=URGENT),
    S(
        CYBER,
        "If a member of staff was targeted: check they have not replied or retaliated, that "
        "they have reported the content as inappropriate, and that their line manager or a "
        "senior colleague is supporting them.",
        "8.3",
        requirement=CONSIDER,
    ),
    S(
        CYBER,
        "The perpetrator is a pupil: deal with it through the school's own behaviour and "
        "disciplinary procedures, and record what was decided.",
        "8.5",
        who=(PUPIL,),
    ),
    S(
        CYBER,
        "The perpetrator is a colleague: deal with it through the school's staff disciplinary "
        "procedures, and record what was decided.",
        "8.5",
        who=(STAFF,),
    ),
    S(CYBER, LADO, who=(STAFF,), due_days=URGENT),
    S(
        CYBER,
        "The perpetrator is an adult: a senior member of staff invites the person targeted to "
        "a meeting to talk through their concerns.",
        "8.6",
        who=(PARENT, ADULT),
    ),
    S(
        CYBER,
        "Where appropriate, ask the perpetrator to remove the offensive content, and note "
        "their answer.",
        "8.6",
        who=(PARENT, ADULT),
    ),
    S(CYBER, PLATFORM_IF_REFUSED, "8.7", who=(PARENT, ADULT), requirement=CONSIDER),
    S(CYBER, PLATFORM_UNKNOWN, "8.7", who=(UNKNOWN,), requirement=CONSIDER),
    S(CYBER, POLICE_IF_SEVERE, "8.8", requirement=SEVERE, due_days=URGENT),
    S(
        CYBER,
        "Consider whether the class needs e-safety teaching or a discussion about this, in "
        "computing or PSHE.",
        "8.9",
        requirement=CONSIDER,
        due_days=10,
    ),
    # Sharing nude or semi-nude images: the policy has no clause on it.
    *_ukcis_steps(
        f"{NOT_VIEWED} The policy has no clause on this; steps follow the UKCIS guidance."
    ),
    # 5.6-5.7, 6.3-6.4: "friend" requests and messages between staff and pupils or parents
    S(
        CONTACT,
        "Tell the headteacher about the contact.",
        "5.7",
        who=(PUPIL, PARENT, ADULT, UNKNOWN),
        due_days=URGENT,
    ),
    S(CONTACT, DO_NOT_REPLY, "5.6", who=(PUPIL, PARENT, ADULT, UNKNOWN)),
    S(
        CONTACT,
        "Remind the pupil or the parent, politely, that pupils and parents must not try to "
        "“friend” or contact staff on social media.",
        "6.3",
        who=(PUPIL, PARENT),
    ),
    S(CONTACT, WORRYING_CONTACT, who=(ADULT, UNKNOWN), requirement=CONSIDER, due_days=URGENT),
    S(
        CONTACT,
        "A member of staff contacted a pupil or parent: report it to the headteacher.",
        "6.4",
        who=(STAFF,),
        due_days=URGENT,
    ),
    S(
        CONTACT,
        "Staff must not “friend” or contact pupils or parents on social media (5.6): the "
        "headteacher deals with the breach under the staff conduct and disciplinary procedures.",
        "5.13",
        who=(STAFF,),
    ),
    S(
        CONTACT,
        "Contact meant to bully, coerce or manipulate is a disciplinary matter: start the "
        "disciplinary procedure.",
        "5.17",
        who=(STAFF,),
        requirement=CONSIDER,
    ),
    S(CONTACT, LADO, who=(STAFF,), due_days=URGENT),
    # 5.16, 6.8, 7.3: inappropriate content accessed
    S(
        CONTENT,
        "Fill in an inappropriate website content report (Content reports, in the portal) and "
        "pass it to the headteacher.",
        "5.16",
        due_days=URGENT,
    ),
    S(
        CONTENT,
        "Make sure the site is blocked: the headteacher asks the network manager to block it, "
        "and the content report records the day.",
        "7.3",
    ),
    S(
        CONTENT,
        "A pupil saw it: check they are all right and talk about what they saw; tell the "
        "designated safeguarding lead if anything worries you.",
        "6.8",
        who=(PUPIL,),
        due_days=URGENT,
    ),
    S(
        CONTENT,
        "A member of staff accessed it: the headteacher decides whether it is a breach of the "
        "staff rules, and records the decision.",
        "5.13",
        who=(STAFF,),
    ),
    S(CONTENT, ILLEGAL_CONTENT, requirement=CONSIDER, due_days=URGENT),
    # 7.1-7.2: getting round the filtering
    S(
        FIREWALL,
        "Apply the sanction: a ban from using school computing equipment, other than with close "
        "supervision. Record it on the incident (Correct the details).",
        "7.2",
        who=(PUPIL,),
    ),
    S(
        FIREWALL,
        "Tell the network manager how the filtering was got round, so that the gap can be "
        "closed (the school's filtering is managed through the LGfL).",
        "7.1",
    ),
    S(
        FIREWALL,
        "A member of staff got round the filtering: the headteacher decides whether it is a "
        "disciplinary matter, and records the decision.",
        "5.13",
        who=(STAFF,),
    ),
    # 5.13-5.14, 5.17: a member of staff breached the policy
    S(
        CONDUCT,
        "The headteacher looks at what happened against the staff rules (section 5) and "
        "decides whether it is a disciplinary matter. Illegal, defamatory or discriminatory "
        "content could lead to prosecution, disciplinary action or dismissal.",
        "5.13",
    ),
    S(CONDUCT, CONDUCT_EVIDENCE, due_days=URGENT),
    S(
        CONDUCT,
        "If the activity, in or out of work, brought the school into disrepute: take "
        "disciplinary action.",
        "5.14",
        requirement=CONSIDER,
    ),
    S(
        CONDUCT,
        "Bullying, coercing or manipulating members of the school community on social media is "
        "a disciplinary matter: follow the disciplinary procedure.",
        "5.17",
        requirement=CONSIDER,
    ),
    S(CONDUCT, LADO, due_days=URGENT),
    S(CONDUCT, POLICE_IF_SEVERE, "5.13", requirement=SEVERE, due_days=URGENT),
]
