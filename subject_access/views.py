"""Pages under /<school_slug>/subject-access/: the headteacher's alone.

The headteacher finds the person, logs the request, exports what the portal
holds about them (a background job) and downloads the ZIP; every download is
logged. Anyone else in the school gets 403; another school's id the same 404
as an id that does not exist.
"""

from __future__ import annotations

import uuid
from dataclasses import replace
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Case, IntegerField, Value, When
from django.http import FileResponse, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_safe

from jobs.models import JobStatus
from schools.access import SchoolRequest, get_object_for, school_view
from schools.calendar import school_today
from schools.forms import add_service_errors
from schools.history import HistoryEntry, record_history
from schools.roles import Role
from subject_access.forms import CloseForm, RequestForm, SearchForm, resolve_subject, subject_token
from subject_access.models import PENDING, SubjectAccessRequest, SubjectKind
from subject_access.search import search
from subject_access.services import (
    RequestClosed,
    export_running,
    sar_complete,
    sar_download_logged,
    sar_export_start,
    sar_record,
    sar_withdraw,
)

HEAD = Role.HEADTEACHER
PER_PAGE = 25
GET_POST = ["GET", "HEAD", "POST"]
# Bookkeeping the page shows elsewhere, or that means nothing to a reader.
# The subject's record is named by subject_name; the export's bookkeeping by the page.
EXPORT_FIELDS = ("export_file", "export_sha256", "export_job", "exports", "export_size")
HISTORY_HIDDEN = ("number", "recorded_at", "child", "staff", *EXPORT_FIELDS)
ASKED_FOR_EXPORT = "Asked for an export"


def _to_detail(request: SubjectAccessRequest) -> HttpResponse:
    return redirect(
        "subject_access:request", school_slug=request.school.slug, request_id=request.public_id
    )


@school_view(HEAD)
@require_safe
def request_list(request: SchoolRequest) -> HttpResponse:
    """Every request: those still owed first (soonest deadline first), then the newest."""
    owed_first = Case(
        When(status__in=PENDING, then=Value(0)), default=Value(1), output_field=IntegerField()
    )
    requests = SubjectAccessRequest.objects.for_school(request.school).order_by(
        owed_first, "due_on", "-number"
    )
    page = Paginator(requests, PER_PAGE).get_page(request.GET.get("page"))
    today = school_today(request.school)
    return render(request, "subject_access/list.html", {"page": page, "today": today})


@school_view(HEAD)
@require_safe
def person_search(request: SchoolRequest) -> HttpResponse:
    form = SearchForm(request.GET if "q" in request.GET else None)
    found = search(request.school, form.cleaned_data["q"]) if form.is_valid() else None
    context: dict[str, Any] = {"form": form, "found": found}
    if found is not None:
        context["tokens"] = {
            "pupils": [
                (c, subject_token(SubjectKind.PUPIL, str(c.public_id))) for c in found.pupils
            ],
            "parents": [
                (p, subject_token(SubjectKind.PARENT, p.name, p.email)) for p in found.parents
            ],
            "staff": [
                (s, subject_token(SubjectKind.STAFF, str(s.user.public_id))) for s in found.staff
            ],
        }
    return render(request, "subject_access/search.html", context)


@school_view(HEAD)
@require_http_methods(GET_POST)
def request_new(request: SchoolRequest) -> HttpResponse:
    """Log a request about the person chosen in the search."""
    school = request.school
    if request.method == "POST":
        form = RequestForm(request.POST, school=school)
        subject = resolve_subject(school, request.POST.get("subject", ""))
    else:
        token = request.GET.get("subject", "")
        subject = resolve_subject(school, token)
        if subject is None:
            messages.info(request, "Find the person the request is about first.")
            return redirect("subject_access:search", school_slug=school.slug)
        form = RequestForm(
            initial={"subject": token, "received_on": school_today(school)}, school=school
        )
    if form.is_bound and form.is_valid():
        try:
            created = sar_record(
                school=school,
                by=request.user,
                received_on=form.cleaned_data["received_on"],
                requester_name=form.cleaned_data["requester_name"],
                requester_relationship=form.cleaned_data["requester_relationship"],
                notes=form.cleaned_data["notes"],
                **form.cleaned_data["subject"].service_kwargs(),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                f"Logged {created.reference}. "
                f"The answer is due by {created.due_on.day} {created.due_on:%B %Y}.",
            )
            return _to_detail(created)
    return render(request, "subject_access/new.html", {"form": form, "subject": subject})


def _request(request: SchoolRequest, request_id: uuid.UUID) -> SubjectAccessRequest:
    requests = SubjectAccessRequest.objects.get_queryset().select_related(
        "school", "recorded_by", "export_job", "child__school_class", "staff"
    )
    return get_object_for(request, requests, public_id=request_id)


def _history(sar: SubjectAccessRequest) -> list[HistoryEntry]:
    """The record's changes and every download of its ZIP, oldest first."""
    entries = [
        # A change of nothing but the export's bookkeeping: someone asked for an export.
        replace(entry, action=ASKED_FOR_EXPORT)
        if entry.action == "Changed" and not entry.changes
        else entry
        for entry in record_history(sar, hidden=HISTORY_HIDDEN)
    ]
    for download in sar.downloads.select_related("user"):
        entries.append(
            HistoryEntry(
                at=download.at,
                by=download.user.full_name or download.user.email,
                action="Downloaded the export",
                changes=[],
            )
        )
    return sorted(entries, key=lambda entry: entry.at)


@school_view(HEAD)
@require_http_methods(GET_POST)
def request_detail(request: SchoolRequest, request_id: uuid.UUID) -> HttpResponse:
    """The request; POST asks for a fresh export of the subject's records."""
    sar = _request(request, request_id)
    if request.method == "POST":
        try:
            job = sar_export_start(request=sar, by=request.user)
        except RequestClosed as error:
            messages.error(request, " ".join(error.messages))
        else:
            if job.status in (JobStatus.PENDING, JobStatus.RUNNING):
                messages.success(
                    request,
                    f"The export of {sar.reference} has started: it appears here when it is ready.",
                )
        return _to_detail(sar)
    today = school_today(request.school)
    context = {
        "sar": sar,
        "today": today,
        "overdue": sar.is_pending and sar.due_on < today,
        "running": export_running(sar),
        "export_failed": sar.export_job is not None and sar.export_job.status == JobStatus.FAILED,
        "entries": _history(sar),
    }
    return render(request, "subject_access/detail.html", context)


@school_view(HEAD)
@require_safe
def export_download(request: SchoolRequest, request_id: uuid.UUID) -> HttpResponseBase:
    """The ZIP, logged with who downloaded it; never cached on the way."""
    sar = _request(request, request_id)
    if not sar.has_export:
        messages.info(request, f"{sar.reference} has no export yet.")
        return _to_detail(sar)
    if request.method == "GET":  # a HEAD hands over nothing
        sar_download_logged(request=sar, by=request.user)
    response = FileResponse(
        sar.export_file.open("rb"),
        as_attachment=True,
        filename=f"{request.school.slug}-{sar.reference}.zip",
        content_type="application/zip",
    )
    response["Cache-Control"] = "private, no-store"
    return response


def _close_page(request: SchoolRequest, request_id: uuid.UUID, *, completing: bool) -> HttpResponse:
    sar = _request(request, request_id)
    if not sar.is_pending:
        messages.error(
            request,
            f"{sar.reference} is {sar.get_status_display().lower()}: it can no longer be changed.",
        )
        return _to_detail(sar)
    form = CloseForm(
        request.POST if request.method == "POST" else None,
        school=request.school,
        completing=completing,
    )
    if form.is_bound and form.is_valid():
        close = sar_complete if completing else sar_withdraw
        try:
            saved = close(request=sar, by=request.user, **form.cleaned_data)
        except RequestClosed as error:
            messages.error(request, " ".join(error.messages))
            return _to_detail(sar)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"{saved.reference} is {saved.get_status_display().lower()}.")
            return _to_detail(saved)
    template = "subject_access/close.html"
    return render(request, template, {"sar": sar, "form": form, "completing": completing})


@school_view(HEAD)
@require_http_methods(GET_POST)
def request_complete(request: SchoolRequest, request_id: uuid.UUID) -> HttpResponse:
    return _close_page(request, request_id, completing=True)


@school_view(HEAD)
@require_http_methods(GET_POST)
def request_withdraw(request: SchoolRequest, request_id: uuid.UUID) -> HttpResponse:
    return _close_page(request, request_id, completing=False)
