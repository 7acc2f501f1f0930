"""Writes to the complaints log (Chestnuts 1.3, Norris Bank 1: the governing body handles
complaints about the policy). Each is atomic, records who acted, and asks for the
complaint's PDF again so the copy on file shows the latest state.

A complaint moves forward only (informal, formal, governors' panel) and, once
closed with its outcome, is never changed again.
"""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction

from accounts.models import User
from documents.services import document_refresh
from governance.models import Complaint, ComplaintOutcome, ComplaintStage, ComplaintStatus
from schools.calendar import school_today
from schools.models import School
from schools.records import next_number, save_as

COMPLAINT_PDF = "complaint"
EARLIEST_DATE = datetime.date(2000, 1, 1)
# A response date further off than this is a typing slip, not a deadline.
LONGEST_WAIT = datetime.timedelta(days=366)
STAGES = list(ComplaintStage)
# What ``complaint_edit`` changes: the complaint as it came in, and its deadline.
DETAIL_FIELDS = (
    "received_on",
    "complainant",
    "complainant_kind",
    "about",
    "subject",
    "details",
    "respond_by",
)


class ComplaintClosed(ValidationError):
    """A change to a complaint that is closed (perhaps a moment ago, by someone else)."""


def uk_date(day: datetime.date) -> str:
    return f"{day.day} {day:%B %Y}"


def later_stages(stage: str) -> list[ComplaintStage]:
    """The stages a complaint at ``stage`` may move on to."""
    return STAGES[STAGES.index(ComplaintStage(stage)) + 1 :]


def _past_day(school: School, day: datetime.date, field: str, what: str) -> dict[str, str]:
    if day > school_today(school):
        return {field: f"Enter the day {what}: it cannot be in the future."}
    if day < EARLIEST_DATE:
        return {field: f"Enter the day {what}, from the year 2000 onwards."}
    return {}


def _deadline(respond_by: datetime.date | None, start: datetime.date, since: str) -> dict[str, str]:
    if respond_by is None:
        return {}
    if respond_by < start:
        return {"respond_by": f"The response cannot be due before {since} ({uk_date(start)})."}
    if respond_by > start + LONGEST_WAIT:
        return {"respond_by": f"Enter a date within a year of {since}."}
    return {}


def _check_received(
    school: School, received_on: datetime.date, respond_by: datetime.date | None
) -> None:
    errors = _past_day(school, received_on, "received_on", "the complaint was received")
    if not errors:
        errors = _deadline(respond_by, received_on, "the day it was received")
    if errors:
        raise ValidationError(errors)


def _open_for_update(complaint: Complaint) -> Complaint:
    """The complaint re-read under a row lock; refused once it is closed."""
    fresh = Complaint.objects.for_school(complaint.school).select_for_update().get(pk=complaint.pk)
    if not fresh.is_open:
        raise ComplaintClosed(
            f"This complaint is closed: {fresh.reference} can no longer be changed. "
            "Nothing was saved."
        )
    return fresh


def _refresh_pdf(complaint: Complaint) -> None:
    document_refresh(
        school=complaint.school, subject_type=COMPLAINT_PDF, subject_id=str(complaint.public_id)
    )


@transaction.atomic
def complaint_record(
    *,
    school: School,
    by: User,
    received_on: datetime.date,
    complainant: str,
    complainant_kind: str,
    about: str,
    subject: str,
    details: str,
    respond_by: datetime.date | None = None,
    stage: str = ComplaintStage.INFORMAL,
) -> Complaint:
    """Record a complaint as it came in; it is at ``stage`` from the day it was received."""
    _check_received(school, received_on, respond_by)
    if stage not in ComplaintStage.values:
        raise ValidationError({"stage": "Choose the stage the complaint is at."})
    complaint = Complaint(
        school=school,
        number=next_number(Complaint, school),
        received_on=received_on,
        complainant=complainant.strip(),
        complainant_kind=complainant_kind,
        about=about,
        subject=subject.strip(),
        details=details.strip(),
        stage=stage,
        stage_since=received_on,
        respond_by=respond_by,
        recorded_by=by,
    )
    save_as(complaint, by, settled=["number"])  # next_number, under the lock
    _refresh_pdf(complaint)
    return complaint


@transaction.atomic
def complaint_edit(
    *,
    complaint: Complaint,
    by: User,
    received_on: datetime.date,
    complainant: str,
    complainant_kind: str,
    about: str,
    subject: str,
    details: str,
    respond_by: datetime.date | None,
) -> Complaint:
    """Correct the details of an open complaint. Saving nothing new writes no history."""
    complaint = _open_for_update(complaint)
    _check_received(complaint.school, received_on, respond_by)
    if complaint.stage_since == complaint.received_on:
        # At its stage since it came in: it still is, from the corrected day.
        stage_since = received_on
    elif received_on > complaint.stage_since:
        raise ValidationError(
            {
                "received_on": f"It moved to the {complaint.get_stage_display().lower()} stage "
                f"on {uk_date(complaint.stage_since)}, so it was received on or before that day."
            }
        )
    else:
        stage_since = complaint.stage_since
    wanted = {
        "received_on": received_on,
        "complainant": complainant.strip(),
        "complainant_kind": complainant_kind,
        "about": about,
        "subject": subject.strip(),
        "details": details.strip(),
        "respond_by": respond_by,
        "stage_since": stage_since,
    }
    changed = [name for name, value in wanted.items() if getattr(complaint, name) != value]
    if not changed:
        return complaint
    for name in changed:
        setattr(complaint, name, wanted[name])
    save_as(complaint, by, changed)
    _refresh_pdf(complaint)
    return complaint


@transaction.atomic
def complaint_stage_move(
    *,
    complaint: Complaint,
    by: User,
    stage: str,
    moved_on: datetime.date,
    respond_by: datetime.date | None = None,
    note: str = "",
) -> Complaint:
    """Move a complaint on to a later stage, from the day it moved.

    ``respond_by`` is the new stage's deadline (none when not given): the
    earlier stage's date no longer applies.
    """
    complaint = _open_for_update(complaint)
    if stage not in ComplaintStage.values:
        raise ValidationError({"stage": "Choose the stage the complaint moves to."})
    if ComplaintStage(stage) not in later_stages(complaint.stage):
        raise ValidationError({"stage": _forward_only(complaint)})
    errors = _past_day(complaint.school, moved_on, "moved_on", "the complaint moved on")
    if not errors and moved_on < complaint.stage_since:
        errors = {
            "moved_on": f"It has been at the {complaint.get_stage_display().lower()} stage since "
            f"{uk_date(complaint.stage_since)}: it cannot have moved on before that day."
        }
    if not errors:
        errors = _deadline(respond_by, moved_on, "the day it moved on")
    if errors:
        raise ValidationError(errors)
    complaint.stage = stage
    complaint.stage_since = moved_on
    complaint.respond_by = respond_by
    complaint.stage_note = note.strip()
    save_as(complaint, by, ["stage", "stage_since", "respond_by", "stage_note"])
    _refresh_pdf(complaint)
    return complaint


def _forward_only(complaint: Complaint) -> str:
    at = complaint.get_stage_display().lower()
    if complaint.stage == ComplaintStage.PANEL:
        return (
            f"{complaint.reference} is at the governors' panel, the last stage: "
            "close it with the panel's decision."
        )
    onward = " or ".join(f"“{stage.label}”" for stage in later_stages(complaint.stage))
    return (
        f"A complaint only moves forward: {complaint.reference} is at the {at} stage; "
        f"it can move on to {onward}."
    )


@transaction.atomic
def complaint_close(
    *,
    complaint: Complaint,
    by: User,
    outcome: str,
    outcome_note: str,
    closed_on: datetime.date,
) -> Complaint:
    """Close a complaint with its outcome and the reasons; it is not changed again."""
    complaint = _open_for_update(complaint)
    errors: dict[str, str] = {}
    if outcome not in ComplaintOutcome.values:
        errors["outcome"] = "Choose the outcome."
    if not outcome_note.strip():
        errors["outcome_note"] = "Say what was decided and why."
    errors.update(_past_day(complaint.school, closed_on, "closed_on", "the complaint was closed"))
    if "closed_on" not in errors and closed_on < complaint.stage_since:
        since = "was received" if complaint.stage_since == complaint.received_on else "moved on"
        errors["closed_on"] = (
            f"It cannot close before it {since} ({uk_date(complaint.stage_since)})."
        )
    if errors:
        raise ValidationError(errors)
    complaint.status = ComplaintStatus.CLOSED
    complaint.outcome = outcome
    complaint.outcome_note = outcome_note.strip()
    complaint.closed_on = closed_on
    save_as(complaint, by, ["status", "outcome", "outcome_note", "closed_on"])
    _refresh_pdf(complaint)
    return complaint
