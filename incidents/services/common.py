"""What the incident services share: the open-state check, the access log, addresses."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.urls import reverse

from accounts.models import User
from incidents.models import (
    AccessAction,
    AccessLogEntry,
    AccessRecordType,
    EvidenceFile,
    Incident,
)
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
        school=incident.school,
        record_type=AccessRecordType.INCIDENT,
        record_id=str(incident.public_id),
        reference=incident.reference,
        incident=incident,
        evidence=evidence,
        user=user,
        action=action,
    )


def record_access_log(
    *,
    school: School,
    user: User,
    record_type: AccessRecordType,
    record_id: str,
    reference: str,
    action: AccessAction,
) -> None:
    """A look at another sensitive record (a safeguarding content report, a signed
    agreement): written down like a look at an incident, for the headteacher's log."""
    if record_type == AccessRecordType.INCIDENT:
        raise ValueError("A look at an incident is written with access_log(incident=...).")
    AccessLogEntry.objects.create(
        school=school,
        record_type=record_type,
        record_id=record_id,
        reference=reference,
        user=user,
        action=action,
    )


def incident_url(incident: Incident, name: str = "incident") -> str:
    return reverse(
        f"incidents:{name}",
        kwargs={"school_slug": incident.school.slug, "incident_id": incident.public_id},
    )


def school_url(school: School, name: str) -> str:
    return reverse(f"incidents:{name}", kwargs={"school_slug": school.slug})
