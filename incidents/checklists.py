"""The default policy checklists, written from each demo school's own policy.

Each step cites the clause it comes from (``clause``), as numbered in the
version in force: Chestnuts sections 5-8, Norris Bank sections 5-9. A step
with no clause says where it comes from in its own words: the UKCIS guidance
"Sharing nudes and semi-nudes" (Chestnuts has no clause on it) and KCSIE Part
4 for allegations about staff (the LADO). ``GENERIC_STEPS`` is sound practice
from KCSIE and UKCIS, with no clause numbers, for a school that has written no
checklist of its own: the first incident it logs installs them.

A step applies to an incident of its ``kind`` when its perpetrator is blank or
one of the incident's alleged perpetrators ("not known" while none is named),
and its ``school_day`` is blank or the incident's. ``StepSpec.who`` lists the
perpetrators a step is for: one checklist row is made for each.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from django.db import transaction

from accounts.models import User
from incidents.models import ChecklistStep, IncidentKind, PersonKind, Requirement, SchoolDay
from schools.models import School
from schools.records import save_as

CYBER = IncidentKind.CYBERBULLYING
NUDE = IncidentKind.NUDE_IMAGES
CONTACT = IncidentKind.UNWANTED_CONTACT
CONTENT = IncidentKind.INAPPROPRIATE_CONTENT
FIREWALL = IncidentKind.FIREWALL
CONDUCT = IncidentKind.STAFF_CONDUCT

PUPIL = PersonKind.PUPIL
STAFF = PersonKind.STAFF
PARENT = PersonKind.PARENT
ADULT = PersonKind.OTHER_ADULT
UNKNOWN = PersonKind.UNKNOWN

ALWAYS = Requirement.ALWAYS
SEVERE = Requirement.WHEN_SEVERE
CONSIDER = Requirement.CONSIDER

# Police and safeguarding steps are due the next day; the rest within a school week.
URGENT = 1
SOON = 5
# Positions go up in tens, so that a headteacher can slot a step in between.
STRIDE = 10


@dataclass(frozen=True)
class StepSpec:
    kind: str
    text: str
    clause: str = ""
    who: tuple[str, ...] = ()  # empty: whoever the perpetrator is
    school_day: str = ""
    requirement: str = ALWAYS
    due_days: int = SOON


S = StepSpec

# --- Shared wording ----------------------------------------------------------------------

NOT_VIEWED = "Do not view, copy, print or forward the imagery; do not ask for it to be sent."
EVIDENCE = (
    "Save the evidence: screen prints of the messages or web pages, with the time and date "
    "of the incident. Add them to this incident's evidence."
)
PLATFORM_IF_REFUSED = (
    "If they refuse to remove it, decide what to do next: for example, report the content to "
    "the platform or internet service provider through its reporting tools, if it breaks "
    "their terms and conditions. Record the report and its reference."
)
PLATFORM_UNKNOWN = (
    "Nobody can be asked to remove it: report the content to the platform or internet "
    "service provider through its reporting tools, if it breaks their terms and conditions. "
    "Record the report and its reference."
)
POLICE_IF_SEVERE = (
    "The material is threatening, abusive, sexist, sexual or a hate crime: contact the "
    "police and record the report with its reference number, or record why the school "
    "decided not to."
)
LADO = (
    "Decide whether this is an allegation for the LADO (the member of staff may have harmed "
    "a child, or may pose a risk to children) or a low-level concern. For the LADO: the "
    "headteacher tells them within one working day, before any investigation. Record the "
    "decision and the reason (KCSIE Part 4)."
)
ILLEGAL_CONTENT = (
    "If the content may be illegal (sexual images of children, terrorist material), do not "
    "copy or share it: report child abuse images to the Internet Watch Foundation and "
    "terrorist material to the police, and record the report."
)
DO_NOT_REPLY = (
    "The member of staff does not accept the request or reply. They keep a screen print, "
    "then block or ignore the account."
)
WORRYING_CONTACT = (
    "If the contact worries you (it may not be who it says it is, or it is sexual or "
    "threatening), treat it as a safeguarding concern and tell the designated safeguarding "
    "lead."
)
CONDUCT_EVIDENCE = (
    "Save the evidence: screen prints of the posts or messages, with the time and date."
)


def _ukcis_steps(first: str) -> list[StepSpec]:
    """UKCIS "Sharing nudes and semi-nudes: advice for education settings" (2024)."""
    return [
        S(NUDE, first, due_days=0),
        S(
            NUDE,
            "The designated safeguarding lead holds an initial review with the staff involved: "
            "what happened, who is involved, and whether any child is at risk (UKCIS guidance).",
            due_days=URGENT,
        ),
        S(
            NUDE,
            "Refer to the police or children's social care at once if an adult is involved; if "
            "there is coercion, blackmail or grooming; if the images show acts unusual for the "
            "child's age or are violent; if a child under 13 is involved in sexual acts; or if a "
            "child is at immediate risk of harm. Record the decision and the reason, including "
            "a decision not to refer (UKCIS guidance, KCSIE).",
            due_days=URGENT,
        ),
        S(
            NUDE,
            "Tell the parents or carers and involve them, unless that would put the child at "
            "risk (UKCIS guidance).",
            due_days=URGENT,
        ),
        S(
            NUDE,
            "Talk to the children involved, if appropriate, without asking to see the images "
            "(UKCIS guidance).",
            due_days=2,
        ),
        S(
            NUDE,
            "If a phone or tablet must go to the police: take it, turn it off and lock it away "
            "until they collect it. Do not search it for the images (UKCIS guidance).",
            requirement=CONSIDER,
            due_days=URGENT,
        ),
        S(
            NUDE,
            "If the school deals with it without the police: ask the children to delete the "
            "images from their devices and online accounts, and to confirm that they have "
            "(UKCIS guidance).",
            requirement=CONSIDER,
        ),
        S(
            NUDE,
            "Help get the images taken down: a young person can use Report Remove, from Childline "
            "and the Internet Watch Foundation (UKCIS guidance).",
            requirement=CONSIDER,
        ),
    ]


# --- Chestnuts Primary School ------------------------------------------------------------

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

# --- Norris Bank Primary School ----------------------------------------------------------

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

# --- A school with no checklist of its own (KCSIE, UKCIS) ---------------------------------

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

# The demo loader installs these (``schools/demo.py``, by slug).
DEFAULTS_FOR_DEMO: dict[str, list[StepSpec]] = {
    "chestnuts": CHESTNUTS_STEPS,
    "norris-bank": NORRIS_BANK_STEPS,
}


def _rows(school: School, steps: Sequence[StepSpec]) -> list[ChecklistStep]:
    """One row per step and perpetrator, numbered in tens within each kind."""
    counts: dict[str, int] = {}
    rows = []
    for spec in steps:
        counts[spec.kind] = counts.get(spec.kind, 0) + 1
        for perpetrator in spec.who or ("",):
            rows.append(
                ChecklistStep(
                    school=school,
                    kind=spec.kind,
                    perpetrator=perpetrator,
                    school_day=spec.school_day,
                    position=counts[spec.kind] * STRIDE,
                    text=spec.text,
                    clause_number=spec.clause,
                    requirement=spec.requirement,
                    due_days=spec.due_days,
                )
            )
    return rows


@transaction.atomic
def checklist_install(*, school: School, steps: Sequence[StepSpec], by: User | None = None) -> int:
    """Install ``steps`` as the school's checklists, unless it has any step already.

    Returns how many rows were made (none for a school that has steps, retired
    ones included: its checklists are its own). The school's row is locked, so
    two incidents logged at once in a new school install the steps once.
    """
    School.objects.select_for_update().filter(pk=school.pk).first()
    if ChecklistStep.objects.for_school(school).exists():
        return 0
    rows = _rows(school, steps)
    for row in rows:
        save_as(row, by)
    return len(rows)
