"""The evidence pack of one incident: its PDF versions, and a button for a fresh one.

Only the incident's handlers reach it; a closed incident's pack can still be
produced (the police may ask long after). Downloads go through
``documents:download``, which writes each one in the incident's access log.
"""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.views.decorators.http import require_http_methods

from documents.models import Document
from documents.services import document_request
from incidents.access import HANDLERS, MODULE
from incidents.models import Incident
from incidents.services.common import INCIDENT_PDF
from jobs.models import JobStatus
from jobs.views import job_visible_to
from schools.access import SchoolRequest, get_object_for, school_view


@school_view(*HANDLERS, module=MODULE)
@require_http_methods(["GET", "HEAD", "POST"])
def pack(request: SchoolRequest, incident_id: uuid.UUID) -> HttpResponse:
    """GET: the pack's versions, newest first. POST: ask for the pack, then follow its job."""
    school = request.school
    incident = get_object_for(request, Incident, public_id=incident_id)
    if request.method == "POST":
        job = document_request(
            school=school,
            subject_type=INCIDENT_PDF,
            subject_id=str(incident.public_id),
            requested_by=request.user,
        )
        if job_visible_to(job, request.membership):
            return redirect("jobs:detail", school_slug=school.slug, job_id=job.public_id)
        # Someone else asked for the same content first (closing asks for one): their job.
        if job.status == JobStatus.DONE:
            said = "is up to date: nothing has changed since its latest version, below."
        else:
            said = "has already been asked for; it appears below when ready."
        messages.info(request, f"The evidence pack of {incident.reference} {said}")
        return redirect("incidents:pack", school_slug=school.slug, incident_id=incident.public_id)
    versions = (
        Document.objects.for_school(school)
        .filter(subject_type=INCIDENT_PDF, subject_id=str(incident.public_id))
        .select_related("requested_by", "job")
        .order_by("-version")
    )
    rows = [
        (document, document.job is not None and job_visible_to(document.job, request.membership))
        for document in versions
    ]
    return render(request, "incidents/pack.html", {"incident": incident, "rows": rows})


urlpatterns = [
    path("incidents/<uuid:incident_id>/pack/", pack, name="pack"),
]
