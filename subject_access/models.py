"""Subject access requests (UK GDPR Article 15): a person asks for what the portal holds about them.

- ``SubjectAccessRequest``: who the subject is (a pupil on the roster, a
  parent or carer known from the agreements they signed, or a member of
  staff), who asked and on what footing, when it came in and when the answer
  is due (one calendar month later), where it stands, and the ZIP the export
  made. Numbered ``SAR-n`` in each school, audited, never deleted.
- ``ExportDownload``: each download of the ZIP: who and when. Written, never
  changed (like the access log), so it keeps no history of its own.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models

from agreements.models import Child
from schools.audited import AuditedHistory
from schools.models import School
from schools.tenancy import TenantManager, TenantModel
from schools.validators import validate_one_line, validate_text

_USER = settings.AUTH_USER_MODEL


class SubjectKind(models.TextChoices):
    PUPIL = "pupil", "A pupil"
    PARENT = "parent", "A parent or carer"
    STAFF = "staff", "A member of staff"


class Relationship(models.TextChoices):
    """Who asked, seen from the subject."""

    SELF = "self", "The person themselves"
    PARENT = "parent", "Their parent or carer"
    REPRESENTATIVE = "representative", "A solicitor or other representative"
    OTHER = "other", "Someone else acting with their authority"


class SarStatus(models.TextChoices):
    OPEN = "open", "Open"
    EXPORTED = "exported", "Exported"
    COMPLETED = "completed", "Completed"
    WITHDRAWN = "withdrawn", "Withdrawn"


# Statuses in which the school still owes an answer.
PENDING = (SarStatus.OPEN, SarStatus.EXPORTED)


class SubjectAccessRequest(TenantModel):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="+")
    number = models.PositiveIntegerField(editable=False)

    subject_kind = models.CharField(
        "who the subject is", max_length=10, choices=SubjectKind.choices
    )
    # The name (and email) as the school found the person; for a pupil and a
    # member of staff the record below is what the export follows.
    subject_name = models.CharField("subject", max_length=200, validators=[validate_one_line])
    subject_email = models.EmailField("subject's email", blank=True)
    child = models.ForeignKey(
        Child,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="pupil",
    )
    staff = models.ForeignKey(
        _USER,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="member of staff",
    )

    requester_name = models.CharField("asked by", max_length=200, validators=[validate_one_line])
    requester_relationship = models.CharField(
        "who asked", max_length=20, choices=Relationship.choices
    )
    received_on = models.DateField("received on")
    due_on = models.DateField("answer due by")
    status = models.CharField(max_length=10, choices=SarStatus.choices, default=SarStatus.OPEN)
    notes = models.TextField("notes", max_length=4000, blank=True, validators=[validate_text])
    closing_note = models.TextField(
        "note on completing or withdrawing", max_length=2000, blank=True, validators=[validate_text]
    )
    closed_on = models.DateField("completed or withdrawn on", null=True, blank=True)
    recorded_by = models.ForeignKey(
        _USER, on_delete=models.PROTECT, related_name="+", verbose_name="recorded by"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    # The latest export: the job that makes it, then the ZIP it made.
    export_job = models.ForeignKey(
        "jobs.Job", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    exports = models.PositiveIntegerField("exports asked for", default=0)
    export_file = models.FileField(upload_to="subject_access/", blank=True)
    export_sha256 = models.CharField(max_length=64, blank=True)
    export_size = models.PositiveIntegerField(null=True, blank=True)
    exported_at = models.DateTimeField("exported at", null=True, blank=True)

    history = AuditedHistory()
    objects = TenantManager["SubjectAccessRequest"]()

    class Meta:
        ordering = ["-received_on", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["school", "number"], name="sar_number_per_school"),
            models.CheckConstraint(
                condition=(
                    models.Q(
                        subject_kind=SubjectKind.PUPIL, child__isnull=False, staff__isnull=True
                    )
                    | models.Q(
                        subject_kind=SubjectKind.STAFF, staff__isnull=False, child__isnull=True
                    )
                    | models.Q(
                        subject_kind=SubjectKind.PARENT, child__isnull=True, staff__isnull=True
                    )
                ),
                name="sar_subject_matches_kind",
            ),
        ]
        indexes = [models.Index(fields=["school", "status", "due_on"])]

    def __str__(self) -> str:
        return self.reference

    @property
    def reference(self) -> str:
        return f"SAR-{self.number}"

    @property
    def is_pending(self) -> bool:
        return self.status in PENDING

    @property
    def has_export(self) -> bool:
        return bool(self.export_file)


class ExportDownload(TenantModel):
    """One download of a request's ZIP: who and when (never changed)."""

    school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="+")
    request = models.ForeignKey(
        SubjectAccessRequest, on_delete=models.PROTECT, related_name="downloads"
    )
    user = models.ForeignKey(_USER, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(auto_now_add=True)
    sha256 = models.CharField(max_length=64)

    objects = TenantManager["ExportDownload"]()

    class Meta:
        ordering = ["at", "pk"]
        indexes = [models.Index(fields=["school", "request", "at"])]

    def __str__(self) -> str:
        return f"{self.request} downloaded at {self.at:%Y-%m-%d %H:%M}"
