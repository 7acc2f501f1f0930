"""Working on an open incident: the people involved, decisions, reports made to others."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from accounts.models import User
from incidents.models import (
    Decision,
    DecisionKind,
    ExternalReport,
    Incident,
    IncidentPerson,
    ReportedTo,
)
from incidents.services.checklists import incident_steps_ensure
from incidents.services.common import IncidentError, require_open
from incidents.services.incidents import PersonEntry, check_person, person_save
from schools.calendar import school_today
from schools.records import save_as

EARLIEST_DAY = datetime.date(2000, 1, 1)
LATEST_FOLLOW_UP = datetime.timedelta(days=366)


@transaction.atomic
def incident_person_add(*, incident: Incident, by: User, entry: PersonEntry) -> IncidentPerson:
    """Someone else involved; a new kind of perpetrator brings its checklist steps."""
    incident = require_open(incident)
    check_person(incident.school, entry, field="__all__")
    person = person_save(incident, entry, by)
    incident_steps_ensure(incident=incident, by=by)
    return person


@transaction.atomic
def incident_person_edit(*, person: IncidentPerson, by: User, entry: PersonEntry) -> IncidentPerson:
    incident = require_open(person.incident)
    person = (
        IncidentPerson.objects.for_school(incident.school).select_for_update().get(pk=person.pk)
    )
    if person.removed_at is not None:
        raise IncidentError("That person was taken off the incident: nothing was saved.")
    check_person(incident.school, entry, field="__all__")
    person_save(incident, entry, by, person)
    incident_steps_ensure(incident=incident, by=by)
    return person


@transaction.atomic
def incident_person_remove(*, person: IncidentPerson, by: User) -> IncidentPerson:
    """Taken off the incident (named by mistake): the row and its history stay."""
    incident = require_open(person.incident)
    person = (
        IncidentPerson.objects.for_school(incident.school).select_for_update().get(pk=person.pk)
    )
    if person.removed_at is None:
        person.removed_at = timezone.now()
        person.removed_by = by
        save_as(person, by, ["removed_at", "removed_by"])
    return person


@transaction.atomic
def incident_decide(
    *, incident: Incident, by: User, kind: str, summary: str, reason: str
) -> Decision:
    """A decision and its reason: "decided not to refer, because …" is one (KCSIE)."""
    incident = require_open(incident)
    if kind not in DecisionKind.values:
        raise ValidationError({"kind": "Choose what kind of decision it is."})
    if not summary.strip():
        raise ValidationError({"summary": "Say what was decided."})
    if not reason.strip():
        raise ValidationError({"reason": "Give the reason for the decision."})
    decision = Decision(
        school=incident.school,
        incident=incident,
        kind=kind,
        summary=summary.strip(),
        reason=reason.strip(),
        decided_by=by,
    )
    save_as(decision, by)
    return decision


def _check_report_dates(
    incident: Incident, made_on: datetime.date, follow_up_on: datetime.date | None
) -> None:
    today = school_today(incident.school)
    if made_on > today:
        raise ValidationError({"made_on": "The day it was reported cannot be in the future."})
    if made_on < EARLIEST_DAY:
        raise ValidationError({"made_on": "Give the day it was reported, from 2000 onwards."})
    if follow_up_on is not None:
        if follow_up_on < made_on:
            raise ValidationError(
                {"follow_up_on": "The follow-up cannot be before the report was made."}
            )
        if follow_up_on > today + LATEST_FOLLOW_UP:
            raise ValidationError({"follow_up_on": "Give a follow-up date within a year."})


@transaction.atomic
def incident_report_record(
    *,
    incident: Incident,
    by: User,
    to: str,
    made_on: datetime.date,
    to_name: str = "",
    reference: str = "",
    follow_up_on: datetime.date | None = None,
    note: str = "",
) -> ExternalReport:
    """A report made to a platform, an ISP, CEOP, the police … with its reference."""
    incident = require_open(incident)
    if to not in ReportedTo.values:
        raise ValidationError({"to": "Choose who it was reported to."})
    if to == ReportedTo.OTHER and not to_name.strip():
        raise ValidationError({"to_name": "Name who it was reported to."})
    _check_report_dates(incident, made_on, follow_up_on)
    report = ExternalReport(
        school=incident.school,
        incident=incident,
        to=to,
        to_name=to_name.strip(),
        made_on=made_on,
        reference=reference.strip(),
        follow_up_on=follow_up_on,
        note=note.strip(),
        made_by=by,
    )
    save_as(report, by)
    return report


@transaction.atomic
def incident_report_followed_up(*, report: ExternalReport, by: User, note: str) -> ExternalReport:
    """The follow-up is done (what they said goes in the note)."""
    require_open(report.incident)
    report = ExternalReport.objects.for_school(report.school).select_for_update().get(pk=report.pk)
    if report.followed_up_at is not None:
        raise IncidentError("That follow-up was already recorded: nothing was changed.")
    if not note.strip():
        raise ValidationError({"note": "Say what came of the follow-up."})
    report.followed_up_at = timezone.now()
    report.followed_up_by = by
    report.note = f"{report.note}\n\nFollow-up: {note.strip()}".strip()
    save_as(report, by, ["followed_up_at", "followed_up_by", "note"])
    return report
