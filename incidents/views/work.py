"""Working on an open incident: the people involved, decisions, and reports made to others.

Handlers only; each page addresses rows of the incident in its address, and a
row of another incident (or school) is the same 404 as one that does not exist.
"""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.http import HttpResponse
from django.urls import URLPattern, path
from django.views.decorators.http import require_http_methods

from incidents.access import HANDLERS, MODULE
from incidents.forms.incidents import DecisionForm, ExternalReportForm, FollowUpForm, PersonForm
from incidents.models import ExternalReport, Incident, IncidentPerson
from incidents.services.common import IncidentError
from incidents.services.work import (
    incident_decide,
    incident_person_add,
    incident_person_edit,
    incident_person_remove,
    incident_report_followed_up,
    incident_report_record,
)
from incidents.views.common import (
    INCIDENT,
    form_page,
    handled_incident,
    refused_closed,
    to_incident,
)
from schools.access import SchoolRequest, get_object_for, school_view
from schools.calendar import school_today

_METHODS = ["GET", "HEAD", "POST"]


def _person(request: SchoolRequest, incident: Incident, person_id: uuid.UUID) -> IncidentPerson:
    return get_object_for(
        request,
        IncidentPerson.objects.for_school(request.school).filter(incident=incident),
        public_id=person_id,
    )


@school_view(*HANDLERS, module=MODULE)
@require_http_methods(_METHODS)
def person_add(request: SchoolRequest, incident_id: uuid.UUID) -> HttpResponse:
    incident = handled_incident(request, incident_id)
    if refused := refused_closed(request, incident):
        return refused
    form = PersonForm(request.POST if request.method == "POST" else None, school=request.school)
    return form_page(
        request,
        incident,
        form,
        lambda: incident_person_add(incident=incident, by=request.user, entry=form.entry()),
        done="The person was added.",
        template="incidents/person.html",
    )


@school_view(*HANDLERS, module=MODULE)
@require_http_methods(_METHODS)
def person_edit(
    request: SchoolRequest, incident_id: uuid.UUID, person_id: uuid.UUID
) -> HttpResponse:
    """Correct a person's details, or take them off the incident (named by mistake)."""
    incident = handled_incident(request, incident_id)
    person = _person(request, incident, person_id)
    if refused := refused_closed(request, incident):
        return refused
    if request.method == "POST" and "remove" in request.GET:
        try:
            incident_person_remove(person=person, by=request.user)
        except IncidentError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request, "The person was taken off the incident; the history keeps them."
            )
        return to_incident(incident)
    initial = {
        "kind": person.kind,
        "part": person.part,
        "name": person.name,
        "school_class": person.school_class_id,
    }
    form = PersonForm(
        request.POST if request.method == "POST" else None, school=request.school, initial=initial
    )
    return form_page(
        request,
        incident,
        form,
        lambda: incident_person_edit(person=person, by=request.user, entry=form.entry()),
        done="The person's details were corrected.",
        template="incidents/person.html",
        context={"person": person},
    )


@school_view(*HANDLERS, module=MODULE)
@require_http_methods(_METHODS)
def decision_add(request: SchoolRequest, incident_id: uuid.UUID) -> HttpResponse:
    incident = handled_incident(request, incident_id)
    if refused := refused_closed(request, incident):
        return refused
    form = DecisionForm(request.POST if request.method == "POST" else None)
    return form_page(
        request,
        incident,
        form,
        lambda: incident_decide(incident=incident, by=request.user, **form.cleaned_data),
        done="The decision and its reason were recorded.",
        template="incidents/decision.html",
    )


@school_view(*HANDLERS, module=MODULE)
@require_http_methods(_METHODS)
def report_add(request: SchoolRequest, incident_id: uuid.UUID) -> HttpResponse:
    """A report made to a platform, an ISP, CEOP, the police … with their reference."""
    incident = handled_incident(request, incident_id)
    if refused := refused_closed(request, incident):
        return refused
    form = ExternalReportForm(
        request.POST if request.method == "POST" else None,
        initial={"made_on": school_today(request.school)},
    )
    return form_page(
        request,
        incident,
        form,
        lambda: incident_report_record(incident=incident, by=request.user, **form.cleaned_data),
        done="The report was recorded.",
        template="incidents/report.html",
    )


@school_view(*HANDLERS, module=MODULE)
@require_http_methods(_METHODS)
def report_follow_up(
    request: SchoolRequest, incident_id: uuid.UUID, report_id: uuid.UUID
) -> HttpResponse:
    incident = handled_incident(request, incident_id)
    report = get_object_for(
        request,
        ExternalReport.objects.for_school(request.school).filter(incident=incident),
        public_id=report_id,
    )
    if refused := refused_closed(request, incident):
        return refused
    if report.followed_up_at is not None:
        messages.info(request, "That follow-up was already recorded.")
        return to_incident(incident)
    form = FollowUpForm(request.POST if request.method == "POST" else None)
    return form_page(
        request,
        incident,
        form,
        lambda: incident_report_followed_up(
            report=report, by=request.user, note=form.cleaned_data["note"]
        ),
        done="The follow-up was recorded.",
        template="incidents/follow_up.html",
        context={"report": report},
    )


urlpatterns: list[URLPattern] = [
    path(f"{INCIDENT}people/new/", person_add, name="person-add"),
    path(f"{INCIDENT}people/<uuid:person_id>/", person_edit, name="person"),
    path(f"{INCIDENT}decisions/new/", decision_add, name="decision-add"),
    path(f"{INCIDENT}reports/new/", report_add, name="report-add"),
    path(f"{INCIDENT}reports/<uuid:report_id>/", report_follow_up, name="report"),
]
