"""Logging an incident; opened from a content report or a contact attempt, it starts filled in."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import URLPattern, path
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from forms_app.access import may_view_report
from forms_app.models import ContentReport
from incidents.access import LOGGERS, MODULE, may_handle
from incidents.evidence import clean_evidence
from incidents.forms.incidents import (
    AttachForm,
    FactsForm,
    person_forms,
)
from incidents.models import (
    ContactAttempt,
    Incident,
    IncidentKind,
    PersonKind,
    SchoolDay,
)
from incidents.services.evidence import evidence_files_guard
from incidents.services.incidents import (
    EvidenceUpload,
    incident_log,
)
from incidents.views.common import to_incident
from schools.access import SchoolRequest, get_object_for, school_view
from schools.forms import add_service_errors


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


urlpatterns: list[URLPattern] = [
    path("incidents/new/", add, name="add"),
]
