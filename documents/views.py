"""Pages under /<school_slug>/documents/: the school's set-up summary and downloads."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpResponse, HttpResponseNotAllowed
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_safe

from documents.models import Document
from documents.pdf_sources import SCHOOL_SUMMARY, SchoolSummaryPdf
from documents.services import document_request
from documents.sources import source_for
from jobs.views import job_visible_to
from schools.access import SchoolRequest, get_object_for, school_view

SUMMARY_ROLES = SchoolSummaryPdf.download_roles


@school_view(*SUMMARY_ROLES)
@require_safe
def school_summary(request: SchoolRequest) -> HttpResponse:
    """The versions of "How <school> runs its policy", and a button for a fresh one."""
    school = request.school
    versions = (
        Document.objects.for_school(school)
        .filter(subject_type=SCHOOL_SUMMARY, subject_id=str(school.public_id))
        .select_related("requested_by", "job")
        .order_by("-version")
    )
    rows = [
        (document, document.job is not None and job_visible_to(document.job, request.membership))
        for document in versions
    ]
    return render(
        request,
        "documents/school_summary.html",
        {"rows": rows, "title": SchoolSummaryPdf().title(school)},
    )


@school_view(*SUMMARY_ROLES)
@require_http_methods(["GET", "HEAD", "POST"])
def school_summary_request(request: SchoolRequest) -> HttpResponse:
    """Ask for a fresh PDF (POST), then follow its job; a GET goes to the versions."""
    if request.method != "POST":
        return redirect("documents:school-summary-versions", school_slug=request.school.slug)
    job = document_request(
        school=request.school,
        subject_type=SCHOOL_SUMMARY,
        subject_id=str(request.school.public_id),
        requested_by=request.user,
    )
    if job_visible_to(job, request.membership):
        return redirect("jobs:detail", school_slug=request.school.slug, job_id=job.public_id)
    # Someone else asked for the same content first: their job, our list.
    messages.info(request, "This summary has already been asked for; it appears below when ready.")
    return redirect("documents:school-summary-versions", school_slug=request.school.slug)


@school_view()
def download(request: SchoolRequest, document_id: uuid.UUID) -> HttpResponseBase:
    """A version's PDF, for those its record type allows; never cached on the way."""
    document = get_object_for(request, Document, public_id=document_id)
    source = source_for(document.subject_type)
    if not source.may_download(request.membership, document):
        raise PermissionDenied
    if request.method not in ("GET", "HEAD"):
        return HttpResponseNotAllowed(["GET", "HEAD"])
    if not document.is_ready:
        raise Http404
    if request.method == "GET":  # a HEAD hands over no content
        source.downloaded(request.membership, document)
    response = FileResponse(
        document.file.open("rb"),
        as_attachment=True,
        filename=document.filename,
        content_type="application/pdf",
    )
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response
