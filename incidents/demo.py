"""Each demo school's incident log (PRODUCT.md §6): its checklists, and incidents in every state.

The checklists are written from each school's policy (``incidents/checklists/``).
The incidents: an open cyberbullying incident with a screen print and part of
its checklist done, a closed one with its decision and a report to the
platform, and one of each school's particular kinds (Chestnuts: getting round
the filtering, with the sanction of 7.2; Norris Bank: nude images, handled as
9.1-9.3 and the UKCIS guidance say, with no file stored). Staff have logged a
few contact attempts. Every name is fictional.

Everything goes through the services. A school that already has incidents is
left as it is, so loading again changes nothing.
"""

from __future__ import annotations

import datetime
import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image, ImageDraw

from accounts.models import User
from documents.uploads import CheckedFile
from forms_app.demo import demo_jobs_quiet
from incidents.access import MODULE
from incidents.checklists import DEFAULTS_FOR_DEMO, checklist_install
from incidents.evidence import clean_evidence
from incidents.models import (
    Contacter,
    Incident,
    IncidentKind,
    IncidentStep,
    PersonKind,
    SchoolDay,
    StepStatus,
)
from incidents.services.checklists import incident_step_tick
from incidents.services.contact import contact_attempt_record
from incidents.services.incidents import (
    EvidenceUpload,
    IncidentFacts,
    PersonEntry,
    incident_close,
    incident_log,
)
from incidents.services.work import incident_decide, incident_report_record
from schools.calendar import school_today
from schools.models import School, SchoolClass, SocialNetwork


def load_incidents(school: School, people: dict[str, User]) -> None:
    if not school.has_module(MODULE):
        return
    checklist_install(school=school, steps=DEFAULTS_FOR_DEMO.get(school.slug, []))
    if Incident.objects.for_school(school).exists():
        return
    with demo_jobs_quiet(school):
        _incidents(school, people)
        _contact_attempts(school, people)


def _ago(days: int, hour: int = 13) -> datetime.datetime:
    day = timezone.localdate() - datetime.timedelta(days=days)
    return datetime.datetime.combine(day, datetime.time(hour, 20), tzinfo=datetime.UTC)


def _network(school: School, name: str) -> SocialNetwork | None:
    return SocialNetwork.objects.for_school(school).filter(name__icontains=name).first()


def _class(school: School, year_group: int) -> SchoolClass | None:
    return SchoolClass.objects.for_school(school).filter(year_group=year_group).first()


def _screen_print() -> CheckedFile:
    """A made-up screen print of a group chat, checked like any upload."""
    image = Image.new("RGB", (360, 220), "white")
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 0, 360, 28), fill=(30, 60, 120))
    draw.text((10, 8), "Class group chat  14:32", fill="white")
    for row, text in enumerate(["nobody wants you here", "everyone laugh at her", "lol"]):
        draw.rounded_rectangle((12, 44 + row * 52, 300, 84 + row * 52), 8, fill=(225, 225, 225))
        draw.text((22, 58 + row * 52), text, fill="black")
    out = io.BytesIO()
    image.save(out, format="PNG")
    return clean_evidence(SimpleUploadedFile("screen-print.png", out.getvalue(), "image/png"))


def _tick(incident: Incident, by: User, count: int) -> None:
    """The first ``count`` steps of the checklist done."""
    steps = IncidentStep.objects.for_school(incident.school).filter(
        incident=incident, status=StepStatus.OPEN
    )
    for step in steps.order_by("position", "pk")[:count]:
        incident_step_tick(step=step, by=by, status=StepStatus.DONE, note="Done (demo).")


def _tick_all(incident: Incident, by: User) -> None:
    _tick(incident, by, 100)


def _incidents(school: School, people: dict[str, User]) -> None:
    teacher, dsl, head = people["teacher"], people["dsl"], people["head"]
    year5, year6 = _class(school, 5), _class(school, 6)
    open_one = incident_log(
        school=school,
        by=teacher,
        facts=IncidentFacts(
            kind=IncidentKind.CYBERBULLYING,
            occurred_at=_ago(2),
            school_day=SchoolDay.OUTSIDE,
            platform=_network(school, "WhatsApp"),
            description="A pupil showed me messages from a class group chat telling her that "
            "nobody wants her there. She was upset at the start of the day.",
            severity=["abusive"],
        ),
        people=[
            PersonEntry(PersonKind.PUPIL, "target", "Maya Fenwick", year5),
            PersonEntry(PersonKind.PUPIL, "perpetrator", "Leo Marchetti", year5),
            PersonEntry(PersonKind.PUPIL, "witness", "Ruby Okafor", year5),
        ],
        evidence=[EvidenceUpload(_screen_print(), "The group chat, as the pupil showed it")],
    )
    _tick(open_one, dsl, 2)

    closed = incident_log(
        school=school,
        by=teacher,
        facts=IncidentFacts(
            kind=IncidentKind.CYBERBULLYING,
            occurred_at=_ago(30),
            school_day=SchoolDay.IN,
            platform=_network(school, "YouTube"),
            description="Unkind comments under a video a pupil posted, from another pupil.",
        ),
        people=[
            PersonEntry(PersonKind.PUPIL, "target", "Oscar Bell", year6),
            PersonEntry(PersonKind.PUPIL, "perpetrator", "Finn Doyle", year6),
        ],
    )
    incident_report_record(
        incident=closed,
        by=dsl,
        to="platform",
        to_name="YouTube",
        made_on=school_today(school) - datetime.timedelta(days=28),
        reference="YT-2231-884",
    )
    incident_decide(
        incident=closed,
        by=dsl,
        kind="not_refer",
        summary="Not referred to children's social care.",
        reason="No risk of significant harm: both families worked with the school, the "
        "comments were removed and the pupils have made up.",
    )
    _tick_all(closed, dsl)
    incident_close(
        incident=closed,
        by=dsl,
        outcome="resolved",
        note="Comments removed; both pupils met with the class teacher and apologised.",
    )
    if school.slug == "norris-bank":
        _nude_images(school, teacher, year6)
    else:
        _firewall(school, teacher, head, year6)


def _firewall(school: School, teacher: User, head: User, year6: SchoolClass | None) -> None:
    incident_log(
        school=school,
        by=teacher,
        facts=IncidentFacts(
            kind=IncidentKind.FIREWALL,
            occurred_at=_ago(5, hour=11),
            school_day=SchoolDay.IN,
            description="A pupil used a proxy site to reach a blocked games site in a "
            "computing lesson.",
            sanction="supervised_only",
            sanction_note="Two weeks, then reviewed with parents.",
        ),
        people=[PersonEntry(PersonKind.PUPIL, "perpetrator", "Harvey Lund", year6)],
    )


def _nude_images(school: School, teacher: User, year6: SchoolClass | None) -> None:
    incident_log(
        school=school,
        by=teacher,
        facts=IncidentFacts(
            kind=IncidentKind.NUDE_IMAGES,
            occurred_at=_ago(1, hour=9),
            school_day=SchoolDay.OUTSIDE,
            platform=_network(school, "Snapchat"),
            description="A pupil told me an image of another pupil is being passed around. "
            "I did not look at it or ask to see it.",
            imagery_not_viewed=True,
        ),
        people=[PersonEntry(PersonKind.UNKNOWN, "perpetrator")],
    )


def _contact_attempts(school: School, people: dict[str, User]) -> None:
    contact_attempt_record(
        school=school,
        by=people["teacher"],
        who=Contacter.PARENT,
        platform=_network(school, "Facebook"),
    )
    contact_attempt_record(
        school=school, by=people["support"], who=Contacter.FORMER_PUPIL, platform_other="TikTok"
    )
