"""The lists of incidents: every incident for those who handle them, one's own for the rest."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.db.models import Count, Min, Q
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import URLPattern, path
from django.views.decorators.http import require_safe

from incidents.access import CHECKLIST_EDITORS, HANDLERS, LOGGERS, MODULE, may_handle
from incidents.forms.incidents import (
    ALL,
    ListFilterForm,
)
from incidents.models import (
    Incident,
    Status,
    StepStatus,
)
from schools.access import SchoolRequest, school_view
from schools.calendar import school_today

PER_PAGE = 25


@school_view(*HANDLERS, module=MODULE)
@require_safe
def incident_list(request: SchoolRequest) -> HttpResponse:
    """Every incident, open first by default, with its overdue checklist steps counted."""
    form = ListFilterForm(request.GET or None)
    incidents = Incident.objects.for_school(request.school)
    status, kind, number = Status.OPEN, "", ""
    if form.is_bound and form.is_valid():
        status = form.cleaned_data["status"] or Status.OPEN
        kind = form.cleaned_data["kind"]
        number = form.cleaned_data["q"]
    if status != ALL:
        incidents = incidents.filter(status=status)
    if kind:
        incidents = incidents.filter(kind=kind)
    if number:
        incidents = incidents.filter(number=int(number))
    today = school_today(request.school)
    waiting = Q(steps__status=StepStatus.OPEN)
    listed = incidents.annotate(
        overdue=Count("steps", filter=waiting & Q(steps__due_on__lt=today)),
        next_due=Min("steps__due_on", filter=waiting),
    ).order_by("-reported_at", "-number")
    page = Paginator(listed, PER_PAGE).get_page(request.GET.get("page"))
    context = {
        "form": form,
        "page": page,
        "may_edit_checklists": request.membership.has(*CHECKLIST_EDITORS),
    }
    return render(request, "incidents/list.html", context)


@school_view(*LOGGERS, module=MODULE)
@require_safe
def own_list(request: SchoolRequest) -> HttpResponse:
    """The incidents this person logged, with where each stands (never the details)."""
    incidents = Incident.objects.for_school(request.school).filter(reported_by=request.user)
    page = Paginator(incidents.order_by("-reported_at", "-number"), PER_PAGE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "incidents/own_list.html",
        {"page": page, "handler": may_handle(request.membership)},
    )


urlpatterns: list[URLPattern] = [
    path("incidents/", incident_list, name="list"),
    path("incidents/mine/", own_list, name="mine"),
]
