"""Logging an incident, changing it while it is open, closing it, annotating it.

open ─ closed (an outcome and a note; every required step done or marked not
needed). A closed incident takes notes, and nothing else.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from accounts.models import User
from documents.services import document_refresh
from forms_app.models import ContentReport
from incidents.evidence import Scan
from incidents.models import (
    ContactAttempt,
    Incident,
    IncidentKind,
    IncidentNote,
    IncidentPerson,
    Outcome,
    PersonKind,
    Sanction,
    SchoolDay,
    Severity,
    Status,
)
from incidents.services.checklists import incident_steps_ensure
from incidents.services.common import INCIDENT_PDF, IncidentError, incident_url, require_open
from incidents.services.evidence import evidence_add
from notifications.services import notify, safeguarding_alert
from schools.models import School, SchoolClass, SocialNetwork
from schools.records import next_number, save_as
from schools.roles import RecordKind

EARLIEST = datetime.datetime(2000, 1, 1, tzinfo=datetime.UTC)
# A clock a few minutes fast on the device that logs it is not "the future".
CLOCK_SLACK = datetime.timedelta(minutes=10)
MAX_PEOPLE = 12


@dataclass(frozen=True)
class PersonEntry:
    """One person involved, as a form gives them."""

    kind: str
    part: str
    name: str = ""
    school_class: SchoolClass | None = None


@dataclass(frozen=True)
class EvidenceUpload:
    """A file attached when the incident is logged, already checked by its content."""

    scan: Scan
    description: str = ""


@dataclass(frozen=True)
class IncidentFacts:
    """What the logging and editing forms say about an incident."""

    kind: str
    occurred_at: datetime.datetime
    school_day: str
    description: str
    platform: SocialNetwork | None = None
    platform_other: str = ""
    severity: Sequence[str] = ()
    imagery_not_viewed: bool = False
    sanction: str = ""
    sanction_note: str = ""


def _check_facts(school: School, facts: IncidentFacts) -> None:
    if facts.kind not in IncidentKind.values:
        raise ValidationError({"kind": "Choose what kind of incident it is."})
    if facts.school_day not in SchoolDay.values:
        raise ValidationError({"school_day": "Say whether it happened during the school day."})
    if facts.occurred_at > timezone.now() + CLOCK_SLACK:
        raise ValidationError({"occurred_at": "When it happened cannot be in the future."})
    if facts.occurred_at < EARLIEST:
        raise ValidationError({"occurred_at": "Give when it happened, from the year 2000 onwards."})
    if not facts.description.strip():
        raise ValidationError({"description": "Describe what happened."})
    if facts.platform is not None and facts.platform.school_id != school.pk:
        raise ValidationError({"platform": "Choose a platform from the school's list."})
    if unknown := set(facts.severity) - set(Severity.values):
        raise ValidationError({"severity": f"Unknown kind of material: {sorted(unknown)[0]}."})
    if facts.kind == IncidentKind.NUDE_IMAGES and not facts.imagery_not_viewed:
        raise ValidationError(
            {
                "imagery_not_viewed": "Confirm that nobody viewed, copied or stored the imagery "
                "(UKCIS guidance): do not look at it, and do not ask for it to be sent."
            }
        )
    if facts.sanction and facts.sanction not in Sanction.values:
        raise ValidationError({"sanction": "Choose a sanction from the list."})
    if facts.sanction and facts.kind != IncidentKind.FIREWALL:
        raise ValidationError(
            {"sanction": "A sanction is recorded here only for getting round the filtering."}
        )
    if facts.sanction in (Sanction.OTHER, Sanction.NONE) and not facts.sanction_note.strip():
        raise ValidationError({"sanction_note": "Describe the sanction, or why there is none."})


def _apply_facts(incident: Incident, facts: IncidentFacts) -> None:
    incident.kind = facts.kind
    incident.occurred_at = facts.occurred_at
    incident.school_day = facts.school_day
    incident.description = facts.description.strip()
    incident.platform = facts.platform
    incident.platform_other = "" if facts.platform else facts.platform_other.strip()
    incident.severity = [key for key in Severity.values if key in set(facts.severity)]
    incident.imagery_not_viewed = facts.imagery_not_viewed
    incident.sanction = facts.sanction
    incident.sanction_note = facts.sanction_note.strip()


def check_person(school: School, entry: PersonEntry, field: str = "people") -> None:
    if entry.kind not in PersonKind.values:
        raise ValidationError({field: "Choose who the person is."})
    if entry.part not in ("target", "perpetrator", "witness"):
        raise ValidationError({field: "Choose the person's part."})
    if entry.kind == PersonKind.UNKNOWN and entry.name.strip():
        raise ValidationError({field: "A person whose name is known is not “Not known”."})
    if entry.kind == PersonKind.PUPIL and entry.school_class is None:
        raise ValidationError({field: "Choose the pupil's class."})
    if entry.school_class is not None:
        if entry.kind != PersonKind.PUPIL:
            raise ValidationError({field: "Only a pupil has a class."})
        if entry.school_class.school_id != school.pk:
            raise ValidationError({field: "Choose one of the school's classes."})
    if entry.kind not in (PersonKind.UNKNOWN,) and not entry.name.strip():
        raise ValidationError({field: "Give the person's name (or choose “Not known”)."})


def person_save(
    incident: Incident, entry: PersonEntry, by: User, person: IncidentPerson | None = None
) -> IncidentPerson:
    person = person or IncidentPerson(school=incident.school, incident=incident, added_by=by)
    person.kind = entry.kind
    person.part = entry.part
    person.name = entry.name.strip()
    person.school_class = entry.school_class
    save_as(person, by)
    return person


def _check_report(school: School, report: ContentReport | None) -> None:
    if report is None:
        return
    if report.school_id != school.pk:
        raise ValidationError("That content report is not this school's.")
    taken = Incident.objects.for_school(school).filter(content_report=report).first()
    if taken is not None:
        raise IncidentError(
            f"{report.reference} already has an incident, {taken.reference}: nothing was saved."
        )


@transaction.atomic
def incident_log(
    *,
    school: School,
    by: User,
    facts: IncidentFacts,
    people: Sequence[PersonEntry] = (),
    content_report: ContentReport | None = None,
    contact_attempt: ContactAttempt | None = None,
    evidence: Sequence[EvidenceUpload] = (),
) -> Incident:
    """A member of staff logs an incident; the safeguarding leads are alerted at once.

    Opened from a content report, the incident names it (one incident per
    report); opened from a contact attempt, the attempt then names the incident.
    """
    _check_facts(school, facts)
    if len(people) > MAX_PEOPLE:
        raise ValidationError({"people": f"Name at most {MAX_PEOPLE} people here; add more later."})
    for entry in people:
        check_person(school, entry)
    _check_report(school, content_report)
    incident = Incident(
        school=school,
        number=next_number(Incident, school),
        reported_by=by,
        reporter_name=by.full_name or by.email,
        content_report=content_report,
    )
    _apply_facts(incident, facts)
    try:
        with transaction.atomic():
            save_as(incident, by, settled=["number"])  # next_number, under the lock
    except IntegrityError as error:  # two people opening the same report at once
        raise IncidentError(
            "That content report already has an incident: nothing was saved."
        ) from error
    for entry in people:
        person_save(incident, entry, by)
    for upload in evidence:
        evidence_add(incident=incident, by=by, scan=upload.scan, description=upload.description)
    if contact_attempt is not None:
        _link_attempt(contact_attempt, incident, by)
    incident_steps_ensure(incident=incident, by=by)
    # Content-free: "an incident needs your attention", and a link.
    safeguarding_alert(school=school, what=RecordKind.INCIDENT, url=incident_url(incident), by=by)
    return incident


def _link_attempt(attempt: ContactAttempt, incident: Incident, by: User) -> None:
    attempt = (
        ContactAttempt.objects.for_school(incident.school).select_for_update().get(pk=attempt.pk)
    )
    if attempt.incident_id is not None:
        raise IncidentError("That contact attempt already has an incident: nothing was saved.")
    attempt.incident = incident
    save_as(attempt, by, ["incident"])


@transaction.atomic
def incident_edit(*, incident: Incident, by: User, facts: IncidentFacts) -> Incident:
    """Correct or complete an open incident; a new kind brings its own checklist steps."""
    incident = require_open(incident)
    _check_facts(incident.school, facts)
    _apply_facts(incident, facts)
    save_as(incident, by)
    incident_steps_ensure(incident=incident, by=by)
    return incident


def _open_required_steps(incident: Incident) -> list[str]:
    return [
        step.text
        for step in incident.steps.filter(status="open").order_by("position", "pk")
        if step.is_required(incident)
    ]


@transaction.atomic
def incident_close(*, incident: Incident, by: User, outcome: str, note: str) -> Incident:
    """Close with an outcome; the checklist's required steps must be dealt with first."""
    incident = require_open(incident)
    if outcome not in Outcome.values:
        raise ValidationError({"outcome": "Choose the outcome."})
    if not note.strip():
        raise ValidationError({"outcome_note": "Say how the incident ended and why."})
    if incident.kind == IncidentKind.FIREWALL and not incident.sanction:
        raise ValidationError(
            {
                "outcome": "Record the sanction first (Edit the incident): the policy sets one "
                "for getting round the filtering."
            }
        )
    if waiting := _open_required_steps(incident):
        raise ValidationError(
            {
                "outcome": f"{len(waiting)} required checklist step(s) are still open. Tick each "
                "one, or mark it not needed with a note, before closing. First: "
                f"“{waiting[0][:120]}”."
            }
        )
    incident.status = Status.CLOSED
    incident.outcome = outcome
    incident.outcome_note = note.strip()
    incident.closed_at = timezone.now()
    incident.closed_by = by
    save_as(incident, by, ["status", "outcome", "outcome_note", "closed_at", "closed_by"])
    document_refresh(
        school=incident.school, subject_type=INCIDENT_PDF, subject_id=str(incident.public_id)
    )
    reporter: User = incident.reported_by
    if reporter.pk != by.pk:
        notify(
            school=incident.school,
            users=[reporter],
            kind="incidents",
            title=f"Incident {incident.reference} that you logged has been closed",
            url=incident_url(incident),
            by=by,
        )
    return incident


@transaction.atomic
def incident_note_add(*, incident: Incident, by: User, text: str) -> IncidentNote:
    """An annotation: open or closed, nothing else of the incident changes."""
    if not text.strip():
        raise ValidationError({"text": "Write the note."})
    note = IncidentNote(school=incident.school, incident=incident, text=text.strip(), written_by=by)
    save_as(note, by)
    return note
