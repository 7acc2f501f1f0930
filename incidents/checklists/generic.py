"""The checklists for a school that has written none of its own (KCSIE, UKCIS).

Sound practice with no clause numbers: the first incident such a school logs
installs them (``services/checklists.py``).
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
    POLICE_IF_SEVERE,
    WORRYING_CONTACT,
    _ukcis_steps,
)

GENERIC_STEPS: list[StepSpec] = [
    S(
        CYBER,
        "Tell the designated safeguarding lead, and follow the school's anti-bullying and "
        "child protection procedures (KCSIE).",
        due_days=URGENT,
    ),
    S(CYBER, EVIDENCE, due_days=URGENT),
    S(
        CYBER,
        "Support the person targeted, and check that they have not replied or retaliated.",
    ),
    S(
        CYBER,
        "The perpetrator is a pupil: deal with it under the school's behaviour policy, and tell "
        "the parents or carers of the children involved.",
        who=(PUPIL,),
    ),
    S(
        CYBER,
        "The perpetrator is a member of staff: the headteacher deals with it under the staff "
        "code of conduct and disciplinary procedures.",
        who=(STAFF,),
    ),
    S(CYBER, LADO, who=(STAFF,), due_days=URGENT),
    S(
        CYBER,
        "The perpetrator is an adult: a senior member of staff meets the person targeted to "
        "talk through their concerns and, where appropriate, asks the perpetrator to remove the "
        "content.",
        who=(PARENT, ADULT),
    ),
    S(
        CYBER,
        "If the content stays up: report it to the platform through its reporting tools, and "
        "record the report and its reference.",
        requirement=CONSIDER,
    ),
    S(CYBER, POLICE_IF_SEVERE, requirement=SEVERE, due_days=URGENT),
    *_ukcis_steps(f"{NOT_VIEWED} (UKCIS guidance)"),
    S(CONTACT, "Tell the headteacher about the contact.", due_days=URGENT),
    S(CONTACT, DO_NOT_REPLY, who=(PUPIL, PARENT, ADULT, UNKNOWN)),
    S(CONTACT, WORRYING_CONTACT, who=(ADULT, UNKNOWN), requirement=CONSIDER, due_days=URGENT),
    S(
        CONTACT,
        "A member of staff contacted a pupil or parent: the headteacher deals with it under the "
        "staff code of conduct.",
        who=(STAFF,),
    ),
    S(CONTACT, LADO, who=(STAFF,), due_days=URGENT),
    S(
        CONTENT,
        "Fill in an inappropriate content report (Content reports, in the portal) so that the "
        "site can be blocked.",
        due_days=URGENT,
    ),
    S(CONTENT, "Make sure the site is blocked, and the day recorded."),
    S(
        CONTENT,
        "A pupil saw it: check they are all right and talk about what they saw; tell the "
        "designated safeguarding lead if anything worries you.",
        who=(PUPIL,),
        due_days=URGENT,
    ),
    S(CONTENT, ILLEGAL_CONTENT, requirement=CONSIDER, due_days=URGENT),
    S(
        FIREWALL,
        "Apply the sanction the school's behaviour policy sets, and record it on the incident "
        "(Correct the details).",
        who=(PUPIL,),
    ),
    S(
        FIREWALL,
        "Tell the network manager how the filtering was got round, so that the gap can be closed.",
    ),
    S(
        FIREWALL,
        "A member of staff got round the filtering: the headteacher deals with it under the "
        "staff code of conduct.",
        who=(STAFF,),
    ),
    S(
        CONDUCT,
        "The headteacher looks at what happened against the staff code of conduct and decides "
        "whether it is a disciplinary matter.",
    ),
    S(CONDUCT, CONDUCT_EVIDENCE, due_days=URGENT),
    S(CONDUCT, LADO, due_days=URGENT),
    S(CONDUCT, POLICE_IF_SEVERE, requirement=SEVERE, due_days=URGENT),
]
