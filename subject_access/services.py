"""Writes to the subject access log. Each is atomic and records who acted.

A request moves open → exported (its ZIP is made) → completed (the answer was
sent), or is withdrawn while it is still owed; completed and withdrawn
requests are never changed again. Exporting again while a request is owed
makes a fresh ZIP from what the portal holds then.
"""

from __future__ import annotations

import datetime
import hashlib
import uuid

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from accounts.models import User
from agreements.models import Agreement, Child
from jobs.models import Job, JobStatus
from jobs.services import job_enqueue
from schools.calendar import school_today
from schools.models import Membership, School
from schools.records import next_number, save_as
from subject_access.dates import one_calendar_month
from subject_access.models import (
    ExportDownload,
    Relationship,
    SarStatus,
    SubjectAccessRequest,
    SubjectKind,
)
from subject_access.search import parents_in

EXPORT_JOB = "subject_access.export"
EARLIEST_DATE = datetime.date(2000, 1, 1)


class RequestClosed(ValidationError):
    """A change to a request that is completed or withdrawn (perhaps a moment ago)."""


def staff_of(school: School, user_id: uuid.UUID) -> User | None:
    """The person with a membership (current or ended) in ``school`` whose public id this is."""
    membership = (
        Membership.objects.for_school(school)
        .filter(user__public_id=user_id)
        .select_related("user")
        .first()
    )
    return membership.user if membership else None


def parent_agreements(school: School, name: str, email: str) -> list[Agreement]:
    """The agreements ``name`` signed (as first carer, with ``email``, or as second carer)."""
    candidates = (
        Agreement.objects.for_school(school)
        .filter(Q(parent_name__iexact=name.strip()) | Q(second_carer_name__iexact=name.strip()))
        .select_related("school_class", "child", "version", "recorded_by")
        .order_by("signed_at", "pk")
    )
    wanted = (name.strip().casefold(), email.strip().casefold())
    found = []
    for agreement in candidates:
        for parent in parents_in([agreement]):
            if (parent.name.strip().casefold(), parent.email.casefold()) == wanted:
                found.append(agreement)
                break
    return found


def _check_received(school: School, received_on: datetime.date) -> dict[str, str]:
    if received_on > school_today(school):
        return {
            "received_on": "Enter the day the request was received: it cannot be in the future."
        }
    if received_on < EARLIEST_DATE:
        return {"received_on": "Enter the day the request was received, from the year 2000 on."}
    return {}


def _subject(
    school: School,
    kind: str,
    child: Child | None,
    staff: User | None,
    name: str,
    email: str,
) -> tuple[str, str]:
    """The subject's name and email as recorded; refused when the portal does not know them."""
    unknown = {"subject": "Choose the person from the search: the portal does not know them."}
    if kind == SubjectKind.PUPIL:
        if child is None or child.school_id != school.pk:
            raise ValidationError(unknown)
        return child.full_name, ""
    if kind == SubjectKind.STAFF:
        if staff is None or staff_of(school, staff.public_id) is None:
            raise ValidationError(unknown)
        return staff.full_name or staff.email, staff.email
    if kind == SubjectKind.PARENT:
        if not name.strip() or not parent_agreements(school, name, email):
            raise ValidationError(unknown)
        return name.strip(), email.strip()
    raise ValidationError({"subject_kind": "Choose who the subject is."})


@transaction.atomic
def sar_record(
    *,
    school: School,
    by: User,
    subject_kind: str,
    received_on: datetime.date,
    requester_name: str,
    requester_relationship: str,
    child: Child | None = None,
    staff: User | None = None,
    parent_name: str = "",
    parent_email: str = "",
    notes: str = "",
) -> SubjectAccessRequest:
    """Log a request as it came in; its answer is due one calendar month after receipt."""
    errors = _check_received(school, received_on)
    if not requester_name.strip():
        errors["requester_name"] = "Enter the name of the person who made the request."
    if requester_relationship not in Relationship.values:
        errors["requester_relationship"] = "Choose who made the request."
    if errors:
        raise ValidationError(errors)
    name, email = _subject(school, subject_kind, child, staff, parent_name, parent_email)
    request = SubjectAccessRequest(
        school=school,
        number=next_number(SubjectAccessRequest, school),
        subject_kind=subject_kind,
        subject_name=name,
        subject_email=email,
        child=child if subject_kind == SubjectKind.PUPIL else None,
        staff=staff if subject_kind == SubjectKind.STAFF else None,
        requester_name=requester_name.strip(),
        requester_relationship=requester_relationship,
        received_on=received_on,
        due_on=one_calendar_month(received_on),
        notes=notes.strip(),
        recorded_by=by,
    )
    save_as(request, by, settled=["number"])  # next_number, under the lock
    return request


def _pending_for_update(request: SubjectAccessRequest) -> SubjectAccessRequest:
    fresh = (
        SubjectAccessRequest.objects.for_school(request.school)
        .select_for_update()
        .get(pk=request.pk)
    )
    if not fresh.is_pending:
        raise RequestClosed(
            f"{fresh.reference} is {fresh.get_status_display().lower()}: it can no longer be "
            "changed. Nothing was saved."
        )
    return fresh


def export_running(request: SubjectAccessRequest) -> bool:
    job = request.export_job
    return job is not None and job.status in (JobStatus.PENDING, JobStatus.RUNNING)


@transaction.atomic
def sar_export_start(*, request: SubjectAccessRequest, by: User) -> Job:
    """Ask for the ZIP of everything the portal holds about the subject (a background job).

    While an export is waiting or running, asking again gives that job.
    """
    request = _pending_for_update(request)
    if export_running(request) and request.export_job is not None:
        return request.export_job
    request.exports += 1
    job = job_enqueue(
        school=request.school,
        kind=EXPORT_JOB,
        key=f"{request.public_id}:{request.exports}",
        payload={
            "request_id": str(request.public_id),
            "title": f"Subject access export {request.reference}",
        },
        requested_by=by,
    )
    request.export_job = job
    save_as(request, by, ["exports", "export_job"])
    return job


@transaction.atomic
def sar_export_store(
    *, request: SubjectAccessRequest, by: User | None, content: bytes, job: Job
) -> SubjectAccessRequest:
    """Keep the ZIP the export made; the request points at it once the file is written.

    An export that finishes after the request was completed or withdrawn, or
    after a newer export was asked for, is not kept.
    """
    request = (
        SubjectAccessRequest.objects.for_school(request.school)
        .select_for_update()
        .get(pk=request.pk)
    )
    if not request.is_pending or request.export_job_id != job.pk:
        return request
    storage = request.export_file.storage
    name = f"subject_access/{request.school.public_id}/{request.public_id}-{request.exports}.zip"
    if storage.exists(name):  # left by an attempt that stopped before saving the row
        storage.delete(name)
    old = request.export_file.name
    request.export_file.name = storage.save(name, ContentFile(content))
    request.export_sha256 = hashlib.sha256(content).hexdigest()
    request.export_size = len(content)
    request.exported_at = timezone.now()
    request.status = SarStatus.EXPORTED
    fields = ["export_file", "export_sha256", "export_size", "exported_at", "status"]
    save_as(request, by, fields)
    if old and old != request.export_file.name:
        transaction.on_commit(lambda: storage.delete(old))
    return request


def _close(
    request: SubjectAccessRequest, by: User, status: SarStatus, note: str, closed_on: datetime.date
) -> SubjectAccessRequest:
    request = _pending_for_update(request)
    errors: dict[str, str] = {}
    if not note.strip():
        errors["note"] = (
            "Say how the answer was sent."
            if status == SarStatus.COMPLETED
            else "Say why the request was withdrawn."
        )
    if closed_on > school_today(request.school):
        errors["closed_on"] = "Enter a day that has happened: it cannot be in the future."
    elif closed_on < request.received_on:
        errors["closed_on"] = "It cannot end before the request was received."
    if status == SarStatus.COMPLETED and request.status != SarStatus.EXPORTED:
        errors["__all__"] = "Export the subject's records before marking the request complete."
    if errors:
        raise ValidationError(errors)
    request.status = status
    request.closing_note = note.strip()
    request.closed_on = closed_on
    save_as(request, by, ["status", "closing_note", "closed_on"])
    return request


@transaction.atomic
def sar_complete(
    *, request: SubjectAccessRequest, by: User, note: str, closed_on: datetime.date
) -> SubjectAccessRequest:
    """The answer was sent: the request is complete and is not changed again."""
    return _close(request, by, SarStatus.COMPLETED, note, closed_on)


@transaction.atomic
def sar_withdraw(
    *, request: SubjectAccessRequest, by: User, note: str, closed_on: datetime.date
) -> SubjectAccessRequest:
    """The requester withdrew the request (or it was found not to be one)."""
    return _close(request, by, SarStatus.WITHDRAWN, note, closed_on)


def sar_download_logged(*, request: SubjectAccessRequest, by: User) -> ExportDownload:
    """Log one download of the request's ZIP."""
    return ExportDownload.objects.create(
        school=request.school, request=request, user=by, sha256=request.export_sha256
    )
