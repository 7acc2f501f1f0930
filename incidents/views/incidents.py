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
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Count, Min, Q
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_safe

from forms_app.access import may_view_report
from forms_app.models import ContentReport
from incidents.access import CHECKLIST_EDITORS, HANDLERS, LOGGERS, MODULE, may_handle
from incidents.evidence import clean_evidence
from incidents.forms.incidents import (
    ALL,
    AttachForm,
    CloseForm,
    FactsForm,
    ListFilterForm,
    NoteForm,
    person_forms,
)
from incidents.models import (
    AccessAction,
    ContactAttempt,
    EvidenceFile,
    Incident,
    IncidentKind,
    IncidentPerson,
    IncidentStep,
    PersonKind,
    SchoolDay,
    Status,
    StepStatus,
)
from incidents.services.common import IncidentError, access_log
from incidents.services.evidence import evidence_files_guard
from incidents.services.incidents import (
    EvidenceUpload,
    incident_close,
    incident_edit,
    incident_log,
    incident_note_add,
)
from incidents.timeline import incident_timeline
from schools.access import SchoolRequest, get_object_for, school_view
from schools.calendar import school_today
from schools.forms import add_service_errors
from schools.history import record_history

PER_PAGE = 25
INCIDENT = "incidents/<uuid:incident_id>/"


def to_incident(incident: Incident) -> HttpResponse:
    return redirect(
        "incidents:incident", school_slug=incident.school.slug, incident_id=incident.public_id
    )


def handled_incident(request: SchoolRequest, incident_id: uuid.UUID) -> Incident:
    """An incident of the school for a page only handlers reach (the decorator checked)."""
    return get_object_for(request, Incident, public_id=incident_id)


def refused_closed(request: SchoolRequest, incident: Incident) -> HttpResponse | None:
    """A closed incident takes notes only: back to it, saying so, with nothing changed."""
    if incident.is_open:
        return None
    messages.error(
        request,
        f"{incident.reference} is closed: it can be annotated but no longer changed. "
        "Nothing was saved.",
    )
    return to_incident(incident)


# --- The handlers' list ----------------------------------------------------------------


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


# --- Logging an incident -----------------------------------------------------------


def _prefill_from_report(report: ContentReport) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    sites = ", ".join(site.url for site in report.sites.order_by("position"))
    described = report.nature or "; ".join(report.category_labels())
    local = timezone.localtime(report.reported_at, report.school.tz)
    facts = {
        "kind": IncidentKind.INAPPROPRIATE_CONTENT,
        "occurred_on": local.date(),
        "occurred_time": local.time().replace(second=0, microsecond=0),
        "school_day": SchoolDay.IN,
        "description": f"From content report {report.reference} ({sites}): {described}",
    }
    return facts, []


def _prefill_from_contact(attempt: ContactAttempt) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    local = timezone.localtime(attempt.reported_at, attempt.school.tz)
    kind = {
        "pupil": PersonKind.PUPIL,
        "former_pupil": PersonKind.OTHER_ADULT,
        "parent": PersonKind.PARENT,
    }.get(attempt.who, PersonKind.UNKNOWN)
    facts = {
        "kind": IncidentKind.UNWANTED_CONTACT,
        "occurred_on": local.date(),
        "occurred_time": local.time().replace(second=0, microsecond=0),
        "school_day": SchoolDay.UNKNOWN,
        "platform": attempt.platform_id,
        "platform_other": attempt.platform_other,
        "description": f"{attempt.get_who_display()} tried to contact a member of staff "
        f"({attempt.platform_name or 'where not given'}), logged on {local:%d/%m/%Y}.",
    }
    return facts, [{"kind": kind, "part": "perpetrator"}]


def _source(request: SchoolRequest) -> tuple[ContentReport | None, ContactAttempt | None]:
    """Where the form was opened from: a safeguarding content report, or a contact attempt."""
    report = attempt = None
    if report_id := request.GET.get("report"):
        report = get_object_for(request, ContentReport, public_id=report_id)
        if not (may_handle(request.membership) and may_view_report(request.membership, report)):
            raise Http404
    elif contact_id := request.GET.get("contact"):
        if not may_handle(request.membership):
            raise Http404
        attempt = get_object_for(request, ContactAttempt, public_id=contact_id)
    return report, attempt


def _evidence_of(
    request: SchoolRequest, facts_form: FactsForm, attach: AttachForm
) -> list[EvidenceUpload]:
    """The file attached to the logging form, checked by its content (nothing stored yet)."""
    upload = request.FILES.get("evidence")
    if upload is None:
        return []
    if facts_form.cleaned_data.get("kind") == IncidentKind.NUDE_IMAGES:
        raise ValidationError(
            {
                "evidence": "Upload nothing for nude or semi-nude images (UKCIS guidance): "
                "remove the file. Nothing was saved."
            }
        )
    try:
        scan = clean_evidence(upload)
    except ValidationError as error:
        raise ValidationError({"evidence": error.messages}) from error
    description = attach.cleaned_data["evidence_description"]
    return [EvidenceUpload(scan=scan, description=description)]


@school_view(*LOGGERS, module=MODULE)
@require_http_methods(["GET", "HEAD", "POST"])
def add(request: SchoolRequest) -> HttpResponse:
    """Log an incident; opened from a content report or a contact attempt, it starts filled in."""
    report, attempt = _source(request)
    if report is not None and (taken := _incident_of_report(report)) is not None:
        messages.info(request, f"{report.reference} already has an incident: {taken.reference}.")
        return to_incident(taken)
    initial, people_initial = (
        _prefill_from_report(report)
        if report
        else _prefill_from_contact(attempt)
        if attempt
        else ({}, [])
    )
    data = request.POST if request.method == "POST" else None
    form = FactsForm(data, school=request.school, initial=initial)
    people = person_forms(data, request.school, people_initial)
    attach = AttachForm(data)
    evidence_error = ""
    if data is not None:
        valid = [person.is_valid() for person in people] + [attach.is_valid()]  # all show errors
        if form.is_valid() and all(valid):
            try:
                uploads = _evidence_of(request, form, attach)
                with evidence_files_guard():  # a file kept only if the incident is
                    incident = incident_log(
                        school=request.school,
                        by=request.user,
                        facts=form.facts(),
                        people=[p.entry() for p in people if not p.is_blank()],
                        content_report=report,
                        contact_attempt=attempt,
                        evidence=uploads,
                    )
            except ValidationError as error:
                if hasattr(error, "error_dict") and "evidence" in error.error_dict:
                    evidence_error = " ".join(error.message_dict["evidence"])
                else:
                    add_service_errors(form, error)
            else:
                messages.success(request, _logged_message(request, incident))
                return to_incident(incident)
    context = {
        "form": form,
        "people": people,
        "report": report,
        "attempt": attempt,
        "attach": attach,
        "evidence_error": evidence_error,
        "has_errors": bool(
            form.errors or evidence_error or attach.errors or any(p.errors for p in people)
        ),
    }
    return render(request, "incidents/add.html", context, status=200)


def _incident_of_report(report: ContentReport) -> Incident | None:
    return Incident.objects.for_school(report.school).filter(content_report=report).first()


def _logged_message(request: SchoolRequest, incident: Incident) -> str:
    message = f"Thank you: incident {incident.reference} has been logged."
    if not may_handle(request.membership):
        message += (
            " The safeguarding lead and the headteacher have been told. You can follow where it "
            "stands here."
        )
    return message


# --- One incident ------------------------------------------------------------------


def _handler_context(request: SchoolRequest, incident: Incident) -> dict[str, Any]:
    school = request.school
    steps = (
        IncidentStep.objects.for_school(school)
        .filter(incident=incident)
        .select_related("clause__school", "clause__version", "done_by")
        .order_by("position", "pk")
    )
    people = (
        IncidentPerson.objects.for_school(school)
        .filter(incident=incident)
        .select_related("school_class")
        .order_by("added_at", "pk")
    )
    evidence = (
        EvidenceFile.objects.for_school(school)
        .filter(incident=incident)
        .select_related("uploaded_by")
        .order_by("uploaded_at", "pk")
    )
    return {
        "incident": incident,
        "people": [p for p in people if p.removed_at is None],
        "removed_people": [p for p in people if p.removed_at is not None],
        "steps": list(steps),
        "decisions": list(incident.decisions.select_related("decided_by").order_by("decided_at")),
        "reports": list(incident.reports.select_related("made_by").order_by("made_on", "pk")),
        "evidence": list(evidence),
        "notes": list(incident.notes.select_related("written_by").order_by("written_at")),
        "note_form": NoteForm(),
        "may_change": incident.is_open,
        "today": school_today(school),
        "entries": record_history(incident),
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
        context = _handler_context(request, incident)
        context["timeline"] = incident_timeline(incident)
        return render(request, "incidents/detail.html", context)
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
    if request.method == "POST" and form.is_valid():
        try:
            incident_edit(incident=incident, by=request.user, facts=form.facts())
        except IncidentError as error:
            messages.error(request, " ".join(error.messages))
            return to_incident(incident)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"{incident.reference} was updated.")
            return to_incident(incident)
    return render(request, "incidents/edit.html", {"incident": incident, "form": form})


@school_view(*HANDLERS, module=MODULE)
@require_http_methods(["GET", "HEAD", "POST"])
def close(request: SchoolRequest, incident_id: uuid.UUID) -> HttpResponse:
    incident = handled_incident(request, incident_id)
    if refused := refused_closed(request, incident):
        return refused
    form = CloseForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            incident_close(
                incident=incident,
                by=request.user,
                outcome=form.cleaned_data["outcome"],
                note=form.cleaned_data["outcome_note"],
            )
        except IncidentError as error:
            messages.error(request, " ".join(error.messages))
            return to_incident(incident)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"{incident.reference} is closed.")
            return to_incident(incident)
    waiting = [
        step
        for step in incident.steps.filter(status=StepStatus.OPEN).order_by("position", "pk")
        if step.is_required(incident)
    ]
    context = {"incident": incident, "form": form, "waiting": waiting}
    return render(request, "incidents/close.html", context)


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
    path("incidents/", incident_list, name="list"),
    path("incidents/mine/", own_list, name="mine"),
    path("incidents/new/", add, name="add"),
    path(INCIDENT, detail, name="incident"),
    path(f"{INCIDENT}edit/", edit, name="edit"),
    path(f"{INCIDENT}close/", close, name="close"),
    path(f"{INCIDENT}notes/new/", note_add, name="note-add"),
]
