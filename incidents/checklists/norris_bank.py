"""Norris Bank Primary School's default checklists, from its policy (sections 5-9).

Its cyber-bullying steps differ in and outside the school day (8.2-8.4).
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
    NUDE,
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
)
from incidents.models import SchoolDay

NORRIS_BANK_STEPS: list[StepSpec] = [
    # 8. Cyber bullying: in and outside the school day differ (8.2-8.4)
    S(
        CYBER,
        "It happened during the school day: deal with it under the school's behaviour policy, "
        "and record what was decided.",
        "8.2",
        school_day=SchoolDay.IN,
    ),
    S(
        CYBER,
        "It happened outside the school day: make sure the parents or carers know. They decide "
        "whether to report it to the site, to CEOP or to the police; record what they decided.",
        "8.3",
        school_day=SchoolDay.OUTSIDE,
    ),
    S(
        CYBER,
        "The school does not investigate what happened outside school, but works with the "
        "children to repair relationships and to prevent more bullying: plan that work.",
        "8.4",
        school_day=SchoolDay.OUTSIDE,
    ),
    S(
        CYBER,
        "If a member of staff was targeted: they must not reply or retaliate. Report it to a "
        "member of the Senior Leadership Team and to the police.",
        "8.5",
        requirement=CONSIDER,
        due_days=URGENT,
    ),
    S(CYBER, EVIDENCE, "8.6", due_days=URGENT),
    S(
        CYBER,
        "The perpetrator is a parent or carer: invite them into school to meet a member of the "
        "Senior Leadership Team, and ask them to remove the offensive content.",
        "8.7",
        who=(PARENT,),
    ),
    S(CYBER, PLATFORM_IF_REFUSED, "8.8", who=(PARENT,), requirement=CONSIDER),
    S(CYBER, PLATFORM_UNKNOWN, "8.8", who=(ADULT, UNKNOWN), requirement=CONSIDER),
    S(
        CYBER,
        "The perpetrator is a member of staff: bullying on social media is a disciplinary "
        "matter; the head teacher follows the disciplinary procedure.",
        "5.13",
        who=(STAFF,),
    ),
    S(CYBER, LADO, who=(STAFF,), due_days=URGENT),
    S(CYBER, POLICE_IF_SEVERE, "8.9", requirement=SEVERE, due_days=URGENT),
    S(
        CYBER,
        "Consider whether the class needs e-safety teaching or a discussion about this, in "
        "computing or PSHCE.",
        "8.10",
        requirement=CONSIDER,
        due_days=10,
    ),
    # 9. Sexting
    S(NUDE, f"{NOT_VIEWED} (UKCIS guidance)", due_days=0),
    S(
        NUDE,
        "Report it to the parents or carers and to the Safeguarding Unit, who will involve the "
        "police. Record both reports, with the unit's reference.",
        "9.1",
        due_days=URGENT,
    ),
    S(
        NUDE,
        "Try to establish who has had or passed on the image, so that the police get accurate "
        "information. Ask; do not look at the image.",
        "9.2",
        due_days=URGENT,
    ),
    S(
        NUDE,
        "Search a phone only as the DfE's advice “Searching, screening and confiscation” "
        "allows, and only if you believe it holds pornographic material. If you find an image, "
        "stop: do not look further; turn the phone off and lock it away for the police.",
        "9.3",
        requirement=CONSIDER,
        due_days=URGENT,
    ),
    S(
        NUDE,
        "Help get the images taken down: a young person can use Report Remove, from Childline "
        "and the Internet Watch Foundation (UKCIS guidance).",
        requirement=CONSIDER,
    ),
    # 5.3-5.4, 6.3-6.4: "friend" requests and messages between staff and children or parents
    S(
        CONTACT,
        "Report the contact to the head teacher.",
        "5.4",
        who=(PUPIL, UNKNOWN),
        due_days=URGENT,
    ),
    S(CONTACT, DO_NOT_REPLY, "5.3", who=(PUPIL, UNKNOWN)),
    S(
        CONTACT,
        "Remind the child, and their parents, that children must not try to “friend” or "
        "contact staff on social media.",
        "6.3",
        who=(PUPIL,),
    ),
    S(
        CONTACT,
        "A parent or carer got in touch: the member of staff thinks carefully about whether it "
        "is appropriate to accept, and speaks to the head teacher if in doubt.",
        "5.3",
        who=(PARENT,),
        requirement=CONSIDER,
    ),
    S(CONTACT, WORRYING_CONTACT, who=(ADULT, UNKNOWN), requirement=CONSIDER, due_days=URGENT),
    S(
        CONTACT,
        "A member of staff contacted a child or former pupil: report it to the head teacher.",
        "6.4",
        who=(STAFF,),
        due_days=URGENT,
    ),
    S(
        CONTACT,
        "Staff must not “friend” or contact children or former pupils on social media (5.3): "
        "the head teacher deals with the breach under the staff disciplinary procedures.",
        "5.10",
        who=(STAFF,),
    ),
    S(
        CONTACT,
        "Contact meant to bully, coerce or manipulate is a disciplinary matter: start the "
        "disciplinary procedure.",
        "5.13",
        who=(STAFF,),
        requirement=CONSIDER,
    ),
    S(CONTACT, LADO, who=(STAFF,), due_days=URGENT),
    # 6.8, 7.3: inappropriate content accessed
    S(
        CONTENT,
        "Report it to the e-safety team (a content report, in the portal), so that the site can "
        "be blocked.",
        "7.3",
        due_days=URGENT,
    ),
    S(
        CONTENT,
        "Make sure the site is blocked: the e-safety team asks the network manager, and the "
        "content report records the day.",
        "7.3",
    ),
    S(
        CONTENT,
        "A child saw it: check they are all right and talk about what they saw; tell the "
        "designated safeguarding lead if anything worries you.",
        "6.8",
        who=(PUPIL,),
        due_days=URGENT,
    ),
    S(
        CONTENT,
        "A member of staff accessed it: the head teacher decides whether it is a breach of the "
        "staff rules, and records the decision.",
        "5.10",
        who=(STAFF,),
    ),
    S(CONTENT, ILLEGAL_CONTENT, requirement=CONSIDER, due_days=URGENT),
    # 7.2: getting round the filtering
    S(
        FIREWALL,
        "Apply the sanction the policy sets: an exclusion. Record it on the incident (Correct "
        "the details).",
        "7.2",
        who=(PUPIL,),
    ),
    S(
        FIREWALL,
        "Decide whether also to ban the child from using school computing equipment, and record "
        "the decision.",
        "7.2",
        who=(PUPIL,),
        requirement=CONSIDER,
    ),
    S(
        FIREWALL,
        "Tell the network manager how the filtering was got round, so that the gap can be closed.",
        "7.1",
    ),
    S(
        FIREWALL,
        "A member of staff got round the filtering: the head teacher decides whether it is a "
        "disciplinary matter, and records the decision.",
        "5.10",
        who=(STAFF,),
    ),
    # 5.10-5.11, 5.13: a member of staff breached the policy
    S(
        CONDUCT,
        "The head teacher looks at what happened against the staff rules (section 5) and "
        "decides whether it is a disciplinary matter. Illegal, defamatory or discriminatory "
        "content could lead to prosecution, disciplinary action or dismissal.",
        "5.10",
    ),
    S(CONDUCT, CONDUCT_EVIDENCE, due_days=URGENT),
    S(
        CONDUCT,
        "If the online activity, during or out of work hours, brought the school into "
        "disrepute: take disciplinary action.",
        "5.11",
        requirement=CONSIDER,
    ),
    S(
        CONDUCT,
        "Bullying, coercing or manipulating members of the school community on social media is "
        "a disciplinary matter: follow the disciplinary procedure.",
        "5.13",
        requirement=CONSIDER,
    ),
    S(CONDUCT, LADO, due_days=URGENT),
    S(CONDUCT, POLICE_IF_SEVERE, "5.10", requirement=SEVERE, due_days=URGENT),
]
