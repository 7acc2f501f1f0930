"""What the incident pages share: an incident's address, going back to it, one form a page."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render

from incidents.models import Incident
from incidents.services.common import IncidentError
from schools.access import SchoolRequest, get_object_for
from schools.forms import add_service_errors

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


def form_page(
    request: SchoolRequest,
    incident: Incident,
    form: forms.Form,
    save: Callable[[], object],
    *,
    done: str,
    template: str,
    context: dict[str, Any] | None = None,
) -> HttpResponse:
    """Validate, call the service once, and go back to the incident; or show the errors.

    An incident closed meanwhile sends the person back to it, saying so.
    """
    if request.method == "POST" and form.is_valid():
        try:
            save()
        except IncidentError as error:
            messages.error(request, " ".join(error.messages))
            return to_incident(incident)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, done)
            return to_incident(incident)
    return render(request, template, {"incident": incident, "form": form, **(context or {})})
