"""Each demo school's complaints: one at every stage and one closed, this term and last.

Dates count from the school's today (``schools.calendar``), so last term always
has some and nothing lies in the future. Last term's complaint at the formal
stage is past its response date: the list marks it, and the headteacher's and
the clerk's digest counts it. Every name is fictional.

Everything goes through the services. A complaint whose subject the school
already has is left as it is, so loading again changes nothing.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from accounts.models import User
from forms_app.demo import demo_jobs_quiet
from governance.complaints.services import (
    complaint_close,
    complaint_record,
    complaint_stage_move,
)
from governance.models import (
    ComplainantKind,
    Complaint,
    ComplaintAbout,
    ComplaintOutcome,
    ComplaintStage,
)
from schools.calendar import current_term, school_today
from schools.models import School
from schools.roles import Module

DAY = datetime.timedelta(days=1)


@dataclass(frozen=True)
class Move:
    stage: ComplaintStage
    after_days: int  # after the complaint was received
    respond_in_days: int | None
    note: str = ""


@dataclass(frozen=True)
class Closing:
    after_days: int
    outcome: ComplaintOutcome
    note: str


@dataclass(frozen=True)
class DemoComplaint:
    last_term: bool  # received last term, else this term
    # Last term: days after it started. This term: days before today (not before it started).
    days: int
    complainant: str
    kind: ComplainantKind
    about: ComplaintAbout
    subject: str
    details: str
    respond_in_days: int | None
    by: str  # "head" or "clerk"
    moves: tuple[Move, ...] = ()
    closing: Closing | None = None


WHATSAPP = DemoComplaint(
    last_term=True,
    days=12,
    complainant="Gemma Thornbury",
    kind=ComplainantKind.PARENT,
    about=ComplaintAbout.APPLICATION,
    subject="Class WhatsApp group discussed at the Year 4 parents' meeting",
    details="A parent felt singled out when the class teacher raised the parents' Year 4 "
    "WhatsApp group at the autumn meeting, after messages about a school trip were shared "
    "there. She says the group is private and asks the school to apologise.",
    respond_in_days=10,
    by="clerk",
    closing=Closing(
        after_days=9,
        outcome=ComplaintOutcome.RESOLVED,
        note="The headteacher met the parent, explained that the policy asks parents to raise "
        "concerns through the school rather than in group chats, and that no parent was "
        "named at the meeting. The parent was satisfied and the matter was resolved.",
    ),
)

FACEBOOK_PHOTO = DemoComplaint(
    last_term=True,
    days=35,
    complainant="Daniel Okonjo",
    kind=ComplainantKind.PARENT,
    about=ComplaintAbout.APPLICATION,
    subject="Photo of my child on the school Facebook page",
    details="A photo of the sports day relay, with his daughter clearly visible, was posted "
    "on the school's Facebook page although the family withheld photo consent. The post "
    "stayed up for two days before it was removed.",
    respond_in_days=10,
    by="head",
    moves=(
        Move(
            ComplaintStage.FORMAL,
            after_days=8,
            respond_in_days=15,
            note="The parent wrote to the chair of governors asking for a formal investigation.",
        ),
    ),
)


def _site_block(subject: str, site: str) -> DemoComplaint:
    return DemoComplaint(
        last_term=False,
        days=6,
        complainant="Priya Castellano",
        kind=ComplainantKind.PARENT,
        about=ComplaintAbout.POLICY,
        subject=subject,
        details=f"A parent objects to the school's decision to block {site}, which her son "
        "used for a homework project, and asks that the policy allow sites that teachers "
        "set for homework.",
        respond_in_days=14,
        by="clerk",
    )


PANEL = DemoComplaint(
    last_term=False,
    days=25,
    complainant="Martin Ferreira-Holt",
    kind=ComplainantKind.PARENT,
    about=ComplaintAbout.POLICY,
    subject="Ban on staff “friending” parents on social media",
    details="A parent who is also a friend of a teaching assistant outside school says the "
    "policy's rule that staff must not accept friend requests from parents is unfair to "
    "families who know staff socially.",
    respond_in_days=10,
    by="head",
    moves=(
        Move(ComplaintStage.FORMAL, after_days=5, respond_in_days=15),
        Move(
            ComplaintStage.PANEL,
            after_days=12,
            respond_in_days=20,
            note="The parent asked for the complaint to be heard by a panel of governors.",
        ),
    ),
)

COMMUNITY_POST = DemoComplaint(
    last_term=True,
    days=10,
    complainant="Sandra Whitlow",
    kind=ComplainantKind.PARENT,
    about=ComplaintAbout.APPLICATION,
    subject="Asked to remove a post about the school from a community Facebook group",
    details="A parent was asked by the headteacher to take down a post criticising the "
    "lunchtime arrangements from a local community Facebook group. She says the school "
    "has no say over what parents post outside school.",
    respond_in_days=10,
    by="head",
    moves=(
        Move(ComplaintStage.FORMAL, after_days=4, respond_in_days=15),
        Move(ComplaintStage.PANEL, after_days=14, respond_in_days=20),
    ),
    closing=Closing(
        after_days=30,
        outcome=ComplaintOutcome.NOT_UPHELD,
        note="The panel found that the headteacher asked, and did not require, the parent to "
        "remove the post, and pointed her to the complaints procedure as the policy's parents' "
        "code of conduct sets out. The complaint was not upheld.",
    ),
)

PHONES = DemoComplaint(
    last_term=True,
    days=30,
    complainant="Tom Aldous",
    kind=ComplainantKind.COMMUNITY,
    about=ComplaintAbout.POLICY,
    subject="The policy does not say whether pupils may bring phones on trips",
    details="A volunteer driver for school trips says the policy is unclear about pupils "
    "taking phones with WhatsApp and TikTok on residential trips, and that this led to "
    "photos of pupils being shared from the Year 6 residential.",
    respond_in_days=10,
    by="clerk",
    moves=(Move(ComplaintStage.FORMAL, after_days=6, respond_in_days=15),),
)

DEMO: dict[str, tuple[DemoComplaint, ...]] = {
    "chestnuts": (
        WHATSAPP,
        FACEBOOK_PHOTO,
        _site_block("Decision to block a coding website used for homework", "Scratch"),
        PANEL,
    ),
    "norris-bank": (
        COMMUNITY_POST,
        PHONES,
        _site_block("YouTube blocked for a Year 5 homework project", "YouTube"),
        PANEL,
    ),
}


def load_complaints(school: School, people: dict[str, User]) -> None:
    if not school.has_module(Module.COMPLAINTS) or school.slug not in DEMO:
        return
    existing = set(Complaint.objects.for_school(school).values_list("subject", flat=True))
    with demo_jobs_quiet(school):
        for demo in DEMO[school.slug]:
            if demo.subject not in existing:
                _load(school, people, demo)


def _received_on(school: School, demo: DemoComplaint) -> datetime.date:
    term = current_term(school)
    if demo.last_term:
        # Room for the complaint's whole story inside that term.
        before = term.previous
        return min(before.start + demo.days * DAY, before.end - 40 * DAY)
    return max(term.start, school_today(school) - demo.days * DAY)


def _load(school: School, people: dict[str, User], demo: DemoComplaint) -> None:
    today = school_today(school)
    received = _received_on(school, demo)
    by = people.get(demo.by) or people["head"]
    complaint = complaint_record(
        school=school,
        by=by,
        received_on=received,
        complainant=demo.complainant,
        complainant_kind=demo.kind,
        about=demo.about,
        subject=demo.subject,
        details=demo.details,
        respond_by=_due(received, demo.respond_in_days),
    )
    for move in demo.moves:
        moved_on = min(received + move.after_days * DAY, today)
        complaint = complaint_stage_move(
            complaint=complaint,
            by=by,
            stage=move.stage,
            moved_on=moved_on,
            respond_by=_due(moved_on, move.respond_in_days),
            note=move.note,
        )
    if demo.closing is not None:
        complaint_close(
            complaint=complaint,
            by=by,
            outcome=demo.closing.outcome,
            outcome_note=demo.closing.note,
            closed_on=min(received + demo.closing.after_days * DAY, today),
        )


def _due(start: datetime.date, days: int | None) -> datetime.date | None:
    return None if days is None else start + days * DAY
