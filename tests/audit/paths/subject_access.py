"""Subject access requests: logged, exported and closed by the headteacher."""

from __future__ import annotations

from typing import Any

from jobs.runner import run_job_now
from schools.calendar import school_today
from subject_access.forms import subject_token
from subject_access.models import SubjectAccessRequest, SubjectKind
from subject_access.services import (
    sar_complete,
    sar_export_start,
    sar_record,
    sar_withdraw,
)
from tests.agreements.factories import child_in
from tests.audit.paths import SERVICE, TASK, VIEW, Changed, World, path, written_by_load_demo

LABEL = "subject_access.SubjectAccessRequest"
written_by_load_demo(LABEL)
ASKED = {"requester_name": "Farah Khan", "requester_relationship": "parent"}


def _logged(w: World) -> SubjectAccessRequest:
    return sar_record(
        school=w.school,
        by=w.head,
        subject_kind=SubjectKind.PUPIL,
        child=child_in(w.school),
        received_on=school_today(w.school),
        **ASKED,
    )


def _exported(w: World) -> SubjectAccessRequest:
    sar = _logged(w)
    job = sar_export_start(request=sar, by=w.head)
    run_job_now(w.school.pk, job.pk)
    return SubjectAccessRequest.objects.for_school(w.school).get(pk=sar.pk)


def _closing(w: World) -> dict[str, Any]:
    return {"note": "Sent by secure email.", "closed_on": school_today(w.school).isoformat()}


@path(LABEL, VIEW, "subject_access:new")
def _new_view(w: World) -> Changed:
    child = child_in(w.school)
    data = {
        **ASKED,
        "subject": subject_token(SubjectKind.PUPIL, str(child.public_id)),
        "received_on": school_today(w.school).isoformat(),
        "notes": "",
    }
    w.post(w.head, "subject_access:new", data)
    return Changed(w.one(SubjectAccessRequest), w.head)


@path(LABEL, SERVICE, "sar_record")
def _record_service(w: World) -> Changed:
    return Changed(_logged(w), w.head)


@path(LABEL, VIEW, "subject_access:request (export)")
def _export_view(w: World) -> Changed:
    sar = _logged(w)
    w.post(w.head, "subject_access:request", request_id=sar.public_id)
    return Changed(sar, w.head)


@path(LABEL, SERVICE, "sar_export_start")
def _export_service(w: World) -> Changed:
    sar = _logged(w)
    sar_export_start(request=sar, by=w.head)
    return Changed(sar, w.head)


@path(LABEL, TASK, "subject_access.export")
def _export_task(w: World) -> Changed:
    sar = _exported(w)
    assert sar.has_export
    return Changed(sar, w.head)


@path(LABEL, VIEW, "subject_access:complete")
def _complete_view(w: World) -> Changed:
    sar = _exported(w)
    w.post(w.head, "subject_access:complete", _closing(w), request_id=sar.public_id)
    return Changed(sar, w.head)


@path(LABEL, VIEW, "subject_access:withdraw")
def _withdraw_view(w: World) -> Changed:
    sar = _logged(w)
    w.post(w.head, "subject_access:withdraw", _closing(w), request_id=sar.public_id)
    return Changed(sar, w.head)


@path(LABEL, SERVICE, "sar_complete")
def _complete_service(w: World) -> Changed:
    sar = sar_complete(
        request=_exported(w), by=w.head, note="Sent.", closed_on=school_today(w.school)
    )
    return Changed(sar, w.head)


@path(LABEL, SERVICE, "sar_withdraw")
def _withdraw_service(w: World) -> Changed:
    sar = sar_withdraw(
        request=_logged(w), by=w.head, note="Withdrawn.", closed_on=school_today(w.school)
    )
    return Changed(sar, w.head)
