"""The incident log's main pages: the list, logging, one incident, correcting, closing, notes.

Only the headteacher, the DSL and the e-safety team (``HANDLERS``) see
incidents. Anyone working in the school logs one and then sees where it stands
on the same address, and nothing more; to anyone else an incident's address
answers exactly as an incident that does not exist. Every look is logged.
"""

from __future__ import annotations

import uuid
from typing import Any

from django.contrib import messages
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import URLPattern, path
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_safe

from incidents.access import HANDLERS, LOGGERS, MODULE, may_handle
from incidents.forms.incidents import (
    CloseForm,
    FactsForm,
    NoteForm,
)
from incidents.models import (
    AccessAction,
    Incident,
    StepStatus,
)
from incidents.services.common import access_log
from incidents.services.incidents import (
    incident_close,
    incident_edit,
    incident_note_add,
)
from incidents.timeline import incident_records, incident_timeline
from incidents.views.common import (
    INCIDENT,
    form_page,
    handled_incident,
    refused_closed,
    to_incident,
)
from schools.access import SchoolRequest, get_object_for, school_view
from schools.calendar import school_today
from schools.history import record_history


def _handler_context(request: SchoolRequest, incident: Incident) -> dict[str, Any]:
    records = incident_records(incident)
    return {
        "incident": incident,
        "people": [p for p in records.people if p.removed_at is None],
        "removed_people": [p for p in records.people if p.removed_at is not None],
        "steps": records.steps,
        "decisions": records.decisions,
        "reports": records.reports,
        "evidence": records.evidence,
        "notes": records.notes,
        "may_change": incident.is_open,
        "today": school_today(request.school),
        "entries": record_history(incident),
        # The timeline is built from the rows the page lists: no second read.
        "timeline": incident_timeline(incident, records),
    }


@school_view(*LOGGERS, module=MODULE)
@require_safe
def detail(request: SchoolRequest, incident_id: uuid.UUID) -> HttpResponse:
    """The whole incident for handlers; its status for the person who logged it; else 404."""
    incidents = Incident.objects.for_school(request.school).select_related(
        "platform", "reported_by", "content_report", "closed_by"
    )
    incident = get_object_for(request, incidents, public_id=incident_id)
    if may_handle(request.membership):
        access_log(incident=incident, user=request.user, action=AccessAction.VIEW)
        return render(request, "incidents/detail.html", _handler_context(request, incident))
    if incident.reported_by_id != request.user.pk:
        raise Http404  # the same answer as an incident that does not exist
    access_log(incident=incident, user=request.user, action=AccessAction.STATUS)
    return render(request, "incidents/status.html", {"incident": incident})


@school_view(*HANDLERS, module=MODULE)
@require_http_methods(["GET", "HEAD", "POST"])
def edit(request: SchoolRequest, incident_id: uuid.UUID) -> HttpResponse:
    incident = handled_incident(request, incident_id)
    if refused := refused_closed(request, incident):
        return refused
    local = timezone.localtime(incident.occurred_at, incident.school.tz)
    initial = {
        "kind": incident.kind,
        "occurred_on": local.date(),
        "occurred_time": local.time().replace(second=0, microsecond=0),
        "school_day": incident.school_day,
        "platform": incident.platform_id,
        "platform_other": incident.platform_other,
        "description": incident.description,
        "severity": incident.severity,
        "imagery_not_viewed": incident.imagery_not_viewed,
        "sanction": incident.sanction,
        "sanction_note": incident.sanction_note,
    }
    form = FactsForm(
        request.POST if request.method == "POST" else None, school=request.school, initial=initial
    )
    return form_page(
        request,
        incident,
        form,
        lambda: incident_edit(incident=incident, by=request.user, facts=form.facts()),
        done=f"{incident.reference} was updated.",
        template="incidents/edit.html",
    )


@school_view(*HANDLERS, module=MODULE)
@require_http_methods(["GET", "HEAD", "POST"])
def close(request: SchoolRequest, incident_id: uuid.UUID) -> HttpResponse:
    incident = handled_incident(request, incident_id)
    if refused := refused_closed(request, incident):
        return refused
    form = CloseForm(request.POST if request.method == "POST" else None)
    waiting = [
        step
        for step in incident.steps.filter(status=StepStatus.OPEN).order_by("position", "pk")
        if step.is_required(incident)
    ]
    return form_page(
        request,
        incident,
        form,
        lambda: incident_close(
            incident=incident,
            by=request.user,
            outcome=form.cleaned_data["outcome"],
            note=form.cleaned_data["outcome_note"],
        ),
        done=f"{incident.reference} is closed.",
        template="incidents/close.html",
        context={"waiting": waiting},
    )


@school_view(*HANDLERS, module=MODULE)
@require_http_methods(["GET", "HEAD", "POST"])
def note_add(request: SchoolRequest, incident_id: uuid.UUID) -> HttpResponse:
    """A note: the one change a closed incident still takes."""
    incident = handled_incident(request, incident_id)
    form = NoteForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            incident_note_add(incident=incident, by=request.user, text=form.cleaned_data["text"])
        messages.success(request, "Your note was added.")
        return to_incident(incident)
    return render(request, "incidents/note_add.html", {"incident": incident, "form": form})


urlpatterns: list[URLPattern] = [
    path(INCIDENT, detail, name="incident"),
    path(f"{INCIDENT}edit/", edit, name="edit"),
    path(f"{INCIDENT}close/", close, name="close"),
    path(f"{INCIDENT}notes/new/", note_add, name="note-add"),
]
