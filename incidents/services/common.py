"""What the incident services share: the open-state check, the access log, addresses."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.urls import reverse

from accounts.models import User
from incidents.models import AccessAction, AccessLogEntry, EvidenceFile, Incident
from schools.models import School

INCIDENT_PDF = "incident-pack"


class IncidentError(ValidationError):
    """A change the incident's state no longer allows (it was closed meanwhile)."""


def require_open(incident: Incident) -> Incident:
    """The incident re-read under a row lock; refused once it is closed."""
    fresh = Incident.objects.for_school(incident.school).select_for_update().get(pk=incident.pk)
    if not fresh.is_open:
        raise IncidentError(
            f"{fresh.reference} is closed: it can be annotated but no longer changed. "
            "Nothing was saved."
        )
    return fresh


def access_log(
    *,
    incident: Incident,
    user: User,
    action: AccessAction,
    evidence: EvidenceFile | None = None,
) -> None:
    """Every look at an incident or its evidence is written down (who, what, when)."""
    AccessLogEntry.objects.create(
        school=incident.school, incident=incident, evidence=evidence, user=user, action=action
    )


def incident_url(incident: Incident, name: str = "incident") -> str:
    return reverse(
        f"incidents:{name}",
        kwargs={"school_slug": incident.school.slug, "incident_id": incident.public_id},
    )


def school_url(school: School, name: str) -> str:
    return reverse(f"incidents:{name}", kwargs={"school_slug": school.slug})
