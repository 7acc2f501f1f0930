"""Pages under /<school_slug>/training/: the staff training log."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_safe

from schools.access import SchoolRequest, get_object_for, school_view
from schools.calendar import school_today
from schools.forms import add_service_errors
from schools.roles import TRAINING_READERS, TRAINING_RECORDERS, Module
from training.forms import SessionForm, WithdrawForm
from training.models import TrainingSession
from training.overdue import people_due, training_due
from training.services import training_session_record, training_session_withdraw

PER_PAGE = 25


@school_view(*TRAINING_READERS, module=Module.TRAINING)
@require_safe
def session_list(request: SchoolRequest) -> HttpResponse:
    """Every session recorded, newest first, withdrawn ones marked."""
    sessions = (
        TrainingSession.objects.for_school(request.school)
        .annotate(attendee_count=Count("attendances"))
        .order_by("-held_on", "-recorded_at")
    )
    page = Paginator(sessions, PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "training/session_list.html",
        {"page": page, "may_record": request.membership.has(*TRAINING_RECORDERS)},
    )


@school_view(*TRAINING_RECORDERS, module=Module.TRAINING)
@require_http_methods(["GET", "HEAD", "POST"])
def session_add(request: SchoolRequest) -> HttpResponse:
    form = SessionForm(request.POST if request.method == "POST" else None, school=request.school)
    if form.is_bound and form.is_valid():
        try:
            session = training_session_record(
                school=request.school, by=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"Recorded: {session.title}.")
            return redirect(
                "training:session", school_slug=request.school.slug, session_id=session.public_id
            )
    return render(request, "training/session_form.html", {"form": form})


def _session(request: SchoolRequest, session_id: uuid.UUID) -> TrainingSession:
    sessions = TrainingSession.objects.get_queryset().select_related("recorded_by", "withdrawn_by")
    return get_object_for(request, sessions, public_id=session_id)


@school_view(*TRAINING_READERS, module=Module.TRAINING)
@require_safe
def session_detail(request: SchoolRequest, session_id: uuid.UUID) -> HttpResponse:
    session = _session(request, session_id)
    attendances = session.attendances.select_related("user").order_by("user__full_name")
    return render(
        request,
        "training/session_detail.html",
        {
            "session": session,
            "attendees": [attendance.user for attendance in attendances],
            "may_record": request.membership.has(*TRAINING_RECORDERS),
        },
    )


@school_view(*TRAINING_RECORDERS, module=Module.TRAINING)
@require_http_methods(["GET", "HEAD", "POST"])
def session_withdraw(request: SchoolRequest, session_id: uuid.UUID) -> HttpResponse:
    """Withdraw a session recorded in error, giving the reason."""
    session = _session(request, session_id)
    detail = redirect(
        "training:session", school_slug=request.school.slug, session_id=session.public_id
    )
    if session.is_withdrawn:
        messages.info(request, "This session has already been withdrawn.")
        return detail
    form = WithdrawForm(request.POST if request.method == "POST" else None)
    if form.is_bound and form.is_valid():
        try:
            training_session_withdraw(
                session=session, reason=form.cleaned_data["reason"], by=request.user
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "The session is withdrawn: it no longer counts as training.")
            return detail
    return render(request, "training/session_withdraw.html", {"session": session, "form": form})


@school_view(*TRAINING_READERS, module=Module.TRAINING)
@require_safe
def overdue(request: SchoolRequest) -> HttpResponse:
    """For each required kind of training, the staff who are due for it."""
    today = school_today(request.school)
    statuses = training_due(request.school, today)
    return render(
        request,
        "training/overdue.html",
        {"statuses": statuses, "people_count": len(people_due(statuses)), "today": today},
    )
