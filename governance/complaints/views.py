"""Pages under /<school_slug>/governance/complaints/.

Governors, the clerk and the headteacher read every complaint; the
headteacher and the clerk record them and move them on (``COMPLAINT_RECORDERS``).
"""

from __future__ import annotations

import datetime
import uuid
from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Case, IntegerField, Q, QuerySet, Value, When
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_safe

from documents.models import Document
from governance.complaints.forms import (
    OVERDUE,
    CloseForm,
    ComplaintForm,
    FilterForm,
    RecordForm,
    StageForm,
)
from governance.complaints.services import (
    COMPLAINT_PDF,
    DETAIL_FIELDS,
    ComplaintClosed,
    complaint_close,
    complaint_edit,
    complaint_record,
    complaint_stage_move,
    later_stages,
)
from governance.models import Complaint, ComplaintStatus
from jobs.views import job_visible_to
from schools.access import SchoolRequest, get_object_for, school_view
from schools.calendar import school_today
from schools.forms import add_service_errors
from schools.history import record_history
from schools.roles import COMPLAINT_RECORDERS, GOVERNANCE_READERS, Module

PER_PAGE = 25
M = Module.COMPLAINTS
# Bookkeeping the page shows elsewhere (the reference) or not at all.
HISTORY_HIDDEN = ("number", "recorded_at")
GET_POST = ["GET", "HEAD", "POST"]


def _to_detail(complaint: Complaint) -> HttpResponse:
    return redirect(
        "governance:complaint",
        school_slug=complaint.school.slug,
        complaint_id=complaint.public_id,
    )


def _filtered(
    form: FilterForm, complaints: QuerySet[Complaint], today: datetime.date
) -> QuerySet[Complaint]:
    data = form.cleaned_data
    status = data["status"]
    if status == OVERDUE:
        complaints = complaints.filter(status=ComplaintStatus.OPEN, respond_by__lt=today)
    elif status:
        complaints = complaints.filter(status=status)
    if data["stage"]:
        complaints = complaints.filter(stage=data["stage"])
    if data["about"]:
        complaints = complaints.filter(about=data["about"])
    if data["received_from"]:
        complaints = complaints.filter(received_on__gte=data["received_from"])
    if data["received_to"]:
        complaints = complaints.filter(received_on__lte=data["received_to"])
    if text := data["q"]:
        found = Q(subject__icontains=text) | Q(complainant__icontains=text)
        if (number := FilterForm.reference_number(text)) is not None:
            found |= Q(number=number)
        complaints = complaints.filter(found)
    return complaints


@school_view(*GOVERNANCE_READERS, module=M)
@require_safe
def complaint_list(request: SchoolRequest) -> HttpResponse:
    """Every complaint, open ones first, then the newest; filtered and searched."""
    form = FilterForm(request.GET)
    today = school_today(request.school)
    context: dict[str, Any] = {
        "form": form,
        "today": today,
        "may_record": request.membership.has(*COMPLAINT_RECORDERS),
        "filtered": any(request.GET.get(name) for name in form.fields),
        "page": None,  # until the filter is valid: a bad one is never silently ignored
    }
    if form.is_valid():
        open_first = Case(
            When(status=ComplaintStatus.OPEN, then=Value(0)),
            default=Value(1),
            output_field=IntegerField(),
        )
        complaints = _filtered(form, Complaint.objects.for_school(request.school), today)
        listed = complaints.order_by(open_first, "-received_on", "-number")
        context["page"] = Paginator(listed, PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "governance/complaints/list.html", context)


@school_view(*COMPLAINT_RECORDERS, module=M)
@require_http_methods(GET_POST)
def complaint_add(request: SchoolRequest) -> HttpResponse:
    form = RecordForm(request.POST if request.method == "POST" else None, school=request.school)
    if form.is_bound and form.is_valid():
        try:
            complaint = complaint_record(
                school=request.school, by=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"Recorded complaint {complaint.reference}.")
            return _to_detail(complaint)
    return render(request, "governance/complaints/form.html", {"form": form, "complaint": None})


def _complaint(request: SchoolRequest, complaint_id: uuid.UUID) -> Complaint:
    complaints = Complaint.objects.get_queryset().select_related("school", "recorded_by")
    return get_object_for(request, complaints, public_id=complaint_id)


def _versions(request: SchoolRequest, complaint: Complaint) -> list[tuple[Document, bool]]:
    documents = (
        Document.objects.for_school(request.school)
        .filter(subject_type=COMPLAINT_PDF, subject_id=str(complaint.public_id))
        .select_related("requested_by", "job")
        .order_by("-version")
    )
    member = request.membership
    return [
        (document, document.job is not None and job_visible_to(document.job, member))
        for document in documents
    ]


@school_view(*GOVERNANCE_READERS, module=M)
@require_safe
def complaint_detail(request: SchoolRequest, complaint_id: uuid.UUID) -> HttpResponse:
    complaint = _complaint(request, complaint_id)
    today = school_today(request.school)
    may_change = complaint.is_open and request.membership.has(*COMPLAINT_RECORDERS)
    context = {
        "complaint": complaint,
        "overdue": is_overdue(complaint, today),
        "may_change": may_change,
        "may_move": may_change and bool(later_stages(complaint.stage)),
        "rows": _versions(request, complaint),
        "entries": record_history(complaint, hidden=HISTORY_HIDDEN),
    }
    return render(request, "governance/complaints/detail.html", context)


def is_overdue(complaint: Complaint, today: datetime.date) -> bool:
    return complaint.is_open and complaint.respond_by is not None and complaint.respond_by < today


def _refused_closed(request: SchoolRequest, complaint: Complaint) -> HttpResponse | None:
    if complaint.is_open:
        return None
    messages.error(
        request,
        f"This complaint is closed: {complaint.reference} can no longer be changed.",
    )
    return _to_detail(complaint)


def _form_page(
    request: SchoolRequest,
    complaint: Complaint,
    form: forms.Form,
    save: Callable[[], Complaint],
    *,
    done: Callable[[Complaint], str],
    template: str,
) -> HttpResponse:
    """Validate, call the service once, and go back to the complaint; or show the errors.

    A complaint closed meanwhile (someone else closed it first) sends the person
    back to it, saying so, with nothing changed.
    """
    if request.method == "POST" and form.is_valid():
        try:
            saved = save()
        except ComplaintClosed as error:
            messages.error(request, " ".join(error.messages))
            return _to_detail(complaint)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, done(saved))
            return _to_detail(complaint)
    return render(request, template, {"complaint": complaint, "form": form})


@school_view(*COMPLAINT_RECORDERS, module=M)
@require_http_methods(GET_POST)
def complaint_edit_page(request: SchoolRequest, complaint_id: uuid.UUID) -> HttpResponse:
    complaint = _complaint(request, complaint_id)
    if refused := _refused_closed(request, complaint):
        return refused
    form = ComplaintForm(
        request.POST if request.method == "POST" else None,
        school=request.school,
        initial={name: getattr(complaint, name) for name in DETAIL_FIELDS},
    )
    return _form_page(
        request,
        complaint,
        form,
        lambda: complaint_edit(complaint=complaint, by=request.user, **form.cleaned_data),
        done=lambda saved: f"{saved.reference} was updated.",
        template="governance/complaints/form.html",
    )


@school_view(*COMPLAINT_RECORDERS, module=M)
@require_http_methods(GET_POST)
def complaint_stage(request: SchoolRequest, complaint_id: uuid.UUID) -> HttpResponse:
    complaint = _complaint(request, complaint_id)
    if refused := _refused_closed(request, complaint):
        return refused
    if not later_stages(complaint.stage):
        messages.info(
            request,
            f"{complaint.reference} is at the governors' panel, the last stage: "
            "close it with the panel's decision.",
        )
        return _to_detail(complaint)
    form = StageForm(request.POST if request.method == "POST" else None, complaint=complaint)
    return _form_page(
        request,
        complaint,
        form,
        lambda: complaint_stage_move(complaint=complaint, by=request.user, **form.cleaned_data),
        done=lambda saved: (
            f"{saved.reference} is now at the {saved.get_stage_display().lower()} stage."
        ),
        template="governance/complaints/stage.html",
    )


@school_view(*COMPLAINT_RECORDERS, module=M)
@require_http_methods(GET_POST)
def complaint_close_page(request: SchoolRequest, complaint_id: uuid.UUID) -> HttpResponse:
    complaint = _complaint(request, complaint_id)
    if refused := _refused_closed(request, complaint):
        return refused
    form = CloseForm(request.POST if request.method == "POST" else None, school=request.school)
    return _form_page(
        request,
        complaint,
        form,
        lambda: complaint_close(complaint=complaint, by=request.user, **form.cleaned_data),
        done=lambda saved: f"{saved.reference} is closed: {saved.get_outcome_display().lower()}.",
        template="governance/complaints/close.html",
    )
