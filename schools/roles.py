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
    CLERK = "clerk", "Clerk to the governors"


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
# The training log: kept by those who lead safeguarding and e-safety; governors
# read it too, since the governing body must make sure staff are trained (KCSIE).
TRAINING_RECORDERS = SAFEGUARDING_ROLES
TRAINING_READERS = TRAINING_RECORDERS | {Role.GOVERNOR}
# Governance (Chestnuts 1.3, Norris Bank 1: the governing body handles
# complaints). The headteacher or the clerk records complaints; governors read
# them, the audit history and the termly figures. None of these roles sees a
# child's identity unless the person also holds a safeguarding role.
COMPLAINT_RECORDERS = frozenset({Role.HEADTEACHER, Role.CLERK})
GOVERNANCE_READERS = frozenset({Role.HEADTEACHER, Role.GOVERNOR, Role.CLERK})
# Who viewed which sensitive record: the headteacher's page.
ACCESS_LOG_READERS = frozenset({Role.HEADTEACHER})
ALL_ROLES = frozenset(Role)


class Module(models.TextChoices):
    """Parts of the portal a school can switch on or off."""

    ACCESS_REQUESTS = "access_requests", "Blocked-content access requests"
    CONTENT_REPORTS = "content_reports", "Inappropriate-content reports"
    AGREEMENTS = "agreements", "Home-school agreements"
    INCIDENTS = "incidents", "Incident log"
    COMPLAINTS = "complaints", "Complaints"
    TRAINING = "training", "Staff training log"


class RecordKind(models.TextChoices):
    """Kinds of record that a configured role reviews."""

    ACCESS_REQUEST = "access_request", "Blocked-content access requests"
    CONTENT_REPORT = "content_report", "Inappropriate-content reports"
    INCIDENT = "incident", "Incidents"
    COMPLAINT = "complaint", "Complaints"


class TrainingKind(models.TextChoices):
    """Kinds of staff training a school records (Chestnuts 3, Norris Bank "Training of staff")."""

    SAFEGUARDING_INDUCTION = "safeguarding_induction", "Safeguarding induction"
    SOCIAL_MEDIA_POLICY = "social_media_policy", "Social media policy training"
    ESAFETY_BRIEFING = "esafety_briefing", "E-safety briefing or training"
    OTHER = "other", "Other training"


# The kinds a school can require of its staff; "other" is recorded, never required.
REQUIRABLE_TRAINING = tuple(kind for kind in TrainingKind if kind != TrainingKind.OTHER)
# Who must be trained: the policies train "teachers and support staff"; the
# headteacher, DSL and e-safety team are among them. Volunteers may attend
# sessions but neither policy requires it of them.
TRAINED_ROLES = frozenset({Role.HEADTEACHER, Role.DSL, Role.ESAFETY, Role.TEACHER, Role.SUPPORT})
