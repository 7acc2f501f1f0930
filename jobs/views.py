"""The progress page of a job a person waits for (a PDF being produced, an export).

Only the person who asked for the job, or the headteacher, may follow it; any
other member of the school gets 403, and another school's job id the same 404
as an id that does not exist. The page refreshes itself: a little script
polls ``status.json`` and, without JavaScript, the page reloads itself.
"""

from __future__ import annotations

import uuid
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpResponse, HttpResponseNotAllowed, JsonResponse
from django.shortcuts import render
from django.urls import reverse

from jobs.models import Job, JobStatus
from jobs.registry import UnknownJobKind, job_kind
from policyportal.sessions import background_request
from schools.access import MemberRoles, SchoolRequest, get_object_for, school_view
from schools.roles import Role

# What a person sees while a job waits or runs, and once it failed.
WAITING_NOTE = "Waiting to start"
FAILED_NOTE = "This could not be finished."
PDF_LINK = "Download the PDF"
READY_NOTES = {PDF_LINK: "Ready to download"}


def job_visible_to(job: Job, member: MemberRoles) -> bool:
    if member.has(Role.HEADTEACHER):
        return True
    return job.requested_by_id is not None and job.requested_by_id == member.user.pk


def job_state(job: Job, school_slug: str) -> dict[str, Any]:
    """What the page shows and ``status.json`` answers."""
    result = job.result if isinstance(job.result, dict) else {}
    file_url, file_label = None, PDF_LINK
    if job.status == JobStatus.DONE:
        file_url, file_label = _result_link(job.kind, result, school_slug)
    if job.status == JobStatus.FAILED:
        note = str(result.get("message") or FAILED_NOTE)
    elif job.status == JobStatus.DONE:
        note = "Finished" if not file_url else READY_NOTES.get(file_label, "Ready")
    else:
        note = job.progress_note or WAITING_NOTE
    return {
        "status": job.status,
        "status_label": JobStatus(job.status).label,
        "finished": job.is_finished,
        "progress": 100 if job.status == JobStatus.DONE else job.progress,
        "note": note,
        "file_url": file_url,
        "file_label": file_label,
    }


def _result_link(kind: str, result: dict[str, Any], school_slug: str) -> tuple[str | None, str]:
    """The finished job's link and its words: its PDF, or what its kind registered."""
    if result.get("document_id"):
        kwargs = {"school_slug": school_slug, "document_id": result["document_id"]}
        return reverse("documents:download", kwargs=kwargs), PDF_LINK
    try:
        link = job_kind(kind).result_link
    except UnknownJobKind:
        link = None
    if link is None:
        return None, PDF_LINK
    return link.url(result, school_slug), link.label


def _job_for(request: SchoolRequest, job_id: uuid.UUID) -> Job:
    jobs = Job.objects.get_queryset().select_related("requested_by")
    job = get_object_for(request, jobs, public_id=job_id)
    if not job_visible_to(job, request.membership):
        raise PermissionDenied
    return job


def _read_only(request: SchoolRequest) -> HttpResponse | None:
    # After the access checks, so that a member without the right gets 403 for any method.
    if request.method in ("GET", "HEAD"):
        return None
    return HttpResponseNotAllowed(["GET", "HEAD"])


@school_view()
def detail(request: SchoolRequest, job_id: uuid.UUID) -> HttpResponse:
    job = _job_for(request, job_id)
    refused = _read_only(request)
    if refused is not None:
        return refused
    state = job_state(job, request.school.slug)
    return render(
        request,
        "jobs/detail.html",
        {
            "job": job,
            "state": state,
            "title": str(job.payload.get("title") or "Your request"),
            "status_url": reverse(
                "jobs:status", kwargs={"school_slug": request.school.slug, "job_id": job.public_id}
            ),
        },
    )


@background_request
@school_view()
def status(request: SchoolRequest, job_id: uuid.UUID) -> HttpResponse:
    job = _job_for(request, job_id)
    refused = _read_only(request)
    if refused is not None:
        return refused
    response = JsonResponse(job_state(job, request.school.slug))
    response["Cache-Control"] = "private, no-store"
    return response
