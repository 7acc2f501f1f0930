"""Retention: how long each kind of record is kept, legal holds, reviews and the disposal log.

``RetentionRule`` and ``LegalHold`` are changed by the headteacher and audited.
``RetentionReview`` (with its ``ReviewEntry`` rows) is the dry run the portal
produces on the 1st of each month, and ``DisposalLog`` says what was disposed
of: both are written by the scheduled work only, hold references and dates
(never a name or a description), and are never changed afterwards.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q

from schools.audited import AuditedHistory
from schools.models import School
from schools.tenancy import TenantManager, TenantModel
from schools.validators import validate_text


class RetainedKind(models.TextChoices):
    """The kinds of record the retention rules cover."""

    INCIDENT = "incident", "Incidents (child protection)"
    ACCESS_REQUEST = "access_request", "Blocked-content access requests"
    CONTENT_REPORT = "content_report", "Inappropriate-content reports"
    AGREEMENT = "agreement", "Home-school agreements"
    COMPLAINT = "complaint", "Complaints"


class RetentionRule(TenantModel):
    """A school's own period for one kind of record, overriding the default.

    ``years`` means, per kind: the child's age (incidents), years after the
    record closed (requests, reports, complaints), academic years after the one
    the agreement was signed in (agreements). See ``retention.rules``.
    """

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=20, choices=RetainedKind.choices)
    years = models.PositiveSmallIntegerField()
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    changed_at = models.DateTimeField(auto_now=True)

    history = AuditedHistory()
    objects = TenantManager["RetentionRule"]()

    class Meta:
        ordering = ["kind"]
        constraints = [
            models.UniqueConstraint(fields=["school", "kind"], name="retention_rule_per_kind"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.years}"


class LegalHold(TenantModel):
    """A record that must not be disposed of, whatever its rule says, until the hold is lifted.

    Holds are lifted, never deleted: the row keeps who placed it, why, and who lifted it.
    """

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=20, choices=RetainedKind.choices)
    record_id = models.CharField(max_length=36, help_text="The record's public id.")
    reference = models.CharField(max_length=20, help_text="INC-3, AR-5, CR-2, HSA-4, CMP-1")
    reason = models.TextField("why the record is held", max_length=2000, validators=[validate_text])
    placed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    placed_at = models.DateTimeField(auto_now_add=True)
    lifted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    lifted_at = models.DateTimeField(null=True, blank=True)
    lift_reason = models.TextField(
        "why the hold is lifted", max_length=2000, blank=True, validators=[validate_text]
    )

    history = AuditedHistory()
    objects = TenantManager["LegalHold"]()

    class Meta:
        ordering = ["-placed_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["school", "kind", "record_id"],
                condition=Q(lifted_at__isnull=True),
                name="legal_hold_one_active_per_record",
            ),
        ]
        indexes = [models.Index(fields=["school", "kind", "record_id"])]

    def __str__(self) -> str:
        return f"Legal hold on {self.reference}"

    @property
    def is_active(self) -> bool:
        return self.lifted_at is None


class RetentionReview(TenantModel):
    """The dry run of one month: every record past its retention and not held, on that day."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="+")
    month = models.DateField(help_text="The first day of the month the review is for.")
    produced_at = models.DateTimeField()

    objects = TenantManager["RetentionReview"]()

    class Meta:
        ordering = ["-month"]
        constraints = [
            models.UniqueConstraint(fields=["school", "month"], name="retention_review_per_month"),
        ]

    def __str__(self) -> str:
        return f"Retention review {self.month:%B %Y}"


class ReviewEntry(TenantModel):
    """One record on a review: its kind, reference and dates. No name, no description."""

    school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="+")
    review = models.ForeignKey(RetentionReview, on_delete=models.PROTECT, related_name="entries")
    kind = models.CharField(max_length=20, choices=RetainedKind.choices)
    record_id = models.CharField(max_length=36)
    reference = models.CharField(max_length=20)
    record_date = models.DateField()
    rule = models.CharField(max_length=200)
    kept_until = models.DateField()

    objects = TenantManager["ReviewEntry"]()

    class Meta:
        ordering = ["kept_until", "kind", "reference"]
        constraints = [
            models.UniqueConstraint(
                fields=["school", "review", "kind", "record_id"], name="review_entry_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.reference} on {self.review}"


class DisposalLog(TenantModel):
    """One record disposed of: what it was, by which rule, after which review. No personal data."""

    school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=20, choices=RetainedKind.choices)
    reference = models.CharField(max_length=20)
    record_date = models.DateField()
    rule = models.CharField(max_length=200)
    kept_until = models.DateField()
    review = models.ForeignKey(RetentionReview, on_delete=models.PROTECT, related_name="+")
    disposed_at = models.DateTimeField()
    reason = models.CharField(max_length=100)
    removed = models.JSONField(
        default=dict, help_text="How many rows, files and PDFs went, by what they were."
    )

    objects = TenantManager["DisposalLog"]()

    class Meta:
        ordering = ["-disposed_at", "-pk"]
        indexes = [models.Index(fields=["school", "-disposed_at"])]
        constraints = [
            # A record is disposed of once: a second run finds nothing to log.
            models.UniqueConstraint(
                fields=["school", "kind", "reference"], name="disposal_once_per_record"
            ),
        ]

    def __str__(self) -> str:
        return f"Disposed of {self.reference}"
