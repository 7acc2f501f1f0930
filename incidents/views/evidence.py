"""The evidence vault (Chestnuts 8.4): adding a screen print or document, and downloading it.

Only those who handle incidents reach these pages. Files live in private
storage and leave only through ``evidence``, which checks the school, the role
and that the file belongs to the incident in the address, serves it as a
download (never shown inline), and writes down every download.
"""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import URLPattern, path
from django.views.decorators.http import require_http_methods, require_safe

from incidents.access import HANDLERS, MODULE
from incidents.evidence import EXTENSIONS
from incidents.forms.evidence import EvidenceForm
from incidents.models import AccessAction, EvidenceFile, Incident
from incidents.services.common import IncidentError, access_log
from incidents.services.evidence import evidence_add
from schools.access import SchoolRequest, get_object_for, school_view
from schools.forms import add_service_errors


def _to_incident(incident: Incident) -> HttpResponse:
    return redirect(
        "incidents:incident", school_slug=incident.school.slug, incident_id=incident.public_id
    )


def _refusal(incident: Incident) -> str:
    """Why this incident takes no file, or "" when it does."""
    if not incident.takes_images:
        return (
            f"{incident.reference} is about nude or semi-nude images. Following UKCIS guidance, "
            "no images or files are stored for it: the imagery is not viewed, copied or stored."
        )
    if not incident.is_open:
        return f"{incident.reference} is closed: it can be annotated, but no evidence can be added."
    return ""


@school_view(*HANDLERS, module=MODULE)
@require_http_methods(["GET", "HEAD", "POST"])
def evidence_new(request: SchoolRequest, incident_id: uuid.UUID) -> HttpResponse:
    """Add a screen print or document to an open incident's evidence."""
    incident = get_object_for(request, Incident, public_id=incident_id)
    refusal = _refusal(incident)
    if refusal and request.method == "POST":
        messages.error(request, f"{refusal} Nothing was saved.")
        return _to_incident(incident)
    posted = request.method == "POST"
    form = EvidenceForm(
        request.POST if posted else None, request.FILES if posted else None, school=request.school
    )
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        try:
            evidence_add(
                incident=incident,
                by=request.user,
                scan=data["file"],
                description=data["description"],
                captured_at=data["captured_at"],
            )
        except IncidentError as error:
            messages.error(request, error.messages[0])
            return _to_incident(incident)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"The file is added to {incident.reference}'s evidence.")
            return _to_incident(incident)
    context = {"incident": incident, "form": form, "refusal": refusal}
    return render(request, "incidents/evidence_add.html", context)


def _number_in_incident(request: SchoolRequest, evidence: EvidenceFile) -> int:
    """The file's place in its incident's evidence (1 for the first added)."""
    earlier = EvidenceFile.objects.for_school(request.school).filter(
        incident_id=evidence.incident_id, pk__lte=evidence.pk
    )
    return earlier.count()


@school_view(*HANDLERS, module=MODULE)
@require_safe
def evidence(
    request: SchoolRequest, incident_id: uuid.UUID, evidence_id: uuid.UUID
) -> HttpResponseBase:
    """One evidence file, as a download only; every download is written down."""
    incident = get_object_for(request, Incident, public_id=incident_id)
    in_incident = EvidenceFile.objects.get_queryset().filter(incident=incident)
    item = get_object_for(request, in_incident, public_id=evidence_id)
    if item.content_type not in EXTENSIONS:
        raise Http404
    number = _number_in_incident(request, item)
    extension = EXTENSIONS[item.content_type]
    response = FileResponse(
        item.file.open("rb"),
        as_attachment=True,
        filename=f"{request.school.slug}-inc-{incident.number}-evidence-{number}.{extension}",
        content_type=item.content_type,
    )
    access_log(incident=incident, user=request.user, action=AccessAction.EVIDENCE, evidence=item)
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


urlpatterns: list[URLPattern] = [
    path("incidents/<uuid:incident_id>/evidence/new/", evidence_new, name="evidence-add"),
    path("incidents/<uuid:incident_id>/evidence/<uuid:evidence_id>/", evidence, name="evidence"),
]
