"""The roles a person can hold in a school (PRODUCT.md §1)."""

from __future__ import annotations

from django.db import models


class Role(models.TextChoices):
    HEADTEACHER = "headteacher", "Headteacher"
    DSL = "dsl", "Designated safeguarding lead"
    ESAFETY = "esafety", "E-safety team member"
    TEACHER = "teacher", "Teacher"
    SUPPORT = "support", "Support staff"
    VOLUNTEER = "volunteer", "Volunteer"
    NETWORK_MANAGER = "network_manager", "Network manager"
    GOVERNOR = "governor", "Governor"


# Everyone who works in or for the school day to day (not governors).
STAFF_ROLES = frozenset(
    {
        Role.HEADTEACHER,
        Role.DSL,
        Role.ESAFETY,
        Role.TEACHER,
        Role.SUPPORT,
        Role.VOLUNTEER,
    }
)
# Those who may see incidents and safeguarding-flagged reports.
SAFEGUARDING_ROLES = frozenset({Role.HEADTEACHER, Role.DSL, Role.ESAFETY})
ALL_ROLES = frozenset(Role)


class Module(models.TextChoices):
    """Parts of the portal a school can switch on or off."""

    ACCESS_REQUESTS = "access_requests", "Blocked-content access requests"
    CONTENT_REPORTS = "content_reports", "Inappropriate-content reports"
    AGREEMENTS = "agreements", "Home-school agreements"
    INCIDENTS = "incidents", "Incident log"
    COMPLAINTS = "complaints", "Complaints"


class RecordKind(models.TextChoices):
    """Kinds of record that a configured role reviews."""

    ACCESS_REQUEST = "access_request", "Blocked-content access requests"
    CONTENT_REPORT = "content_report", "Inappropriate-content reports"
    INCIDENT = "incident", "Incidents"
    COMPLAINT = "complaint", "Complaints"
