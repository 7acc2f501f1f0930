"""What the governing body works from: complaints, and the school's audit trail.

``Complaint`` is a record like any other (numbered, audited, never deleted).
``AuditEvent`` is the audit trail itself: one row for every row
django-simple-history writes in any app, saying who changed which record,
when, and field by field from what to what (``governance.audit``). It is
written in the same transaction as the change and never edited.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.db import models

from schools.audited import AuditedHistory
from schools.models import School
from schools.tenancy import TenantManager, TenantModel
from schools.validators import validate_one_line, validate_text


class ComplainantKind(models.TextChoices):
    PARENT = "parent", "A parent or carer"
    STAFF = "staff", "A member of staff"
    PUPIL = "pupil", "A pupil"
    GOVERNOR = "governor", "A governor"
    COMMUNITY = "community", "Someone else in the school community"
    PUBLIC = "public", "A member of the public"


class ComplaintAbout(models.TextChoices):
    POLICY = "policy", "The policy itself"
    APPLICATION = "application", "How the policy was applied"


class ComplaintStage(models.TextChoices):
    """The stages of a school complaints procedure."""

    INFORMAL = "informal", "Informal"
    FORMAL = "formal", "Formal"
    PANEL = "panel", "Governors' panel"


class ComplaintStatus(models.TextChoices):
    OPEN = "open", "Open"
    CLOSED = "closed", "Closed"


class ComplaintOutcome(models.TextChoices):
    UPHELD = "upheld", "Upheld"
    PARTLY_UPHELD = "partly_upheld", "Partly upheld"
    NOT_UPHELD = "not_upheld", "Not upheld"
    RESOLVED = "resolved", "Resolved without a finding"
    WITHDRAWN = "withdrawn", "Withdrawn by the complainant"


class Complaint(TenantModel):
    """A complaint about the policy or how it was applied (Chestnuts 1.3, Norris Bank 1)."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="+")
    number = models.PositiveIntegerField(editable=False)
    received_on = models.DateField("received on")
    complainant = models.CharField("complainant", max_length=200, validators=[validate_one_line])
    complainant_kind = models.CharField(
        "who the complainant is", max_length=20, choices=ComplainantKind.choices
    )
    about = models.CharField("about", max_length=20, choices=ComplaintAbout.choices)
    subject = models.CharField("subject", max_length=200, validators=[validate_one_line])
    details = models.TextField(
        "what the complaint says", max_length=4000, validators=[validate_text]
    )
    stage = models.CharField(
        "stage", max_length=20, choices=ComplaintStage.choices, default=ComplaintStage.INFORMAL
    )
    stage_since = models.DateField("at this stage since")
    # Why it moved to its stage (the latest move's note; the history keeps each one).
    stage_note = models.TextField(
        "note on moving to this stage", max_length=2000, blank=True, validators=[validate_text]
    )
    respond_by = models.DateField("response due by", null=True, blank=True)
    status = models.CharField(
        max_length=10, choices=ComplaintStatus.choices, default=ComplaintStatus.OPEN
    )
    outcome = models.CharField(
        "outcome", max_length=20, choices=ComplaintOutcome.choices, blank=True
    )
    outcome_note = models.TextField(
        "outcome and the reasons for it", max_length=4000, blank=True, validators=[validate_text]
    )
    closed_on = models.DateField("closed on", null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="recorded by",
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    history = AuditedHistory()
    objects = TenantManager["Complaint"]()

    class Meta:
        ordering = ["-received_on", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["school", "number"], name="complaint_number_per_school"
            ),
        ]
        indexes = [models.Index(fields=["school", "status", "received_on"])]

    def __str__(self) -> str:
        return f"{self.reference}: {self.subject}"

    @property
    def reference(self) -> str:
        return f"CMP-{self.number}"

    @property
    def is_open(self) -> bool:
        return self.status == ComplaintStatus.OPEN


class AuditAction(models.TextChoices):
    CREATED = "+", "Created"
    CHANGED = "~", "Changed"
    REMOVED = "-", "Removed"


class AuditTrailIsAppendOnly(TypeError):
    """Something tried to change or remove a row of the audit trail."""


class AuditEventQuerySet(models.QuerySet["AuditEvent"]):
    """The audit trail is written once and read; it is never changed in place or emptied."""

    def update(self, **kwargs: Any) -> int:
        raise AuditTrailIsAppendOnly("The audit history is never changed.")

    def bulk_update(self, objs: Any, fields: Any, *args: Any, **kwargs: Any) -> int:
        raise AuditTrailIsAppendOnly("The audit history is never changed.")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise AuditTrailIsAppendOnly("The audit history is never emptied.")

    def blank_disposed_values(
        self, *, school: School, record_type: str, record_ids: Iterable[str]
    ) -> int:
        """The one change the trail ever takes, for retention's disposal only
        (``retention.disposal``): the events of records disposed of under the school's
        retention rules keep who, when, what was done, to which record and which
        fields, but every old and new value becomes ``DISPOSED_VALUE``. Returns how
        many events changed; blanking again changes nothing.
        """
        events = self.filter(school=school, record_type=record_type, record_id__in=list(record_ids))
        changed = 0
        for event in events.only("pk", "changes"):
            blanked = [[change[0], DISPOSED_VALUE, DISPOSED_VALUE] for change in event.changes]
            if blanked != event.changes:
                models.QuerySet.update(self.filter(pk=event.pk), changes=blanked)
                changed += 1
        return changed


# What a disposed record's audit events show instead of its values.
DISPOSED_VALUE = "(disposed)"


class AuditEvent(models.Model):
    """One change to one record of one school, as the audit history shows it.

    ``changes`` is a list of ``[label, old, new]`` as people read them.
    ``sensitive`` marks records that name or describe a child: their values
    are shown only to those who hold a safeguarding role.
    """

    # Every read names the school and goes through an index in Meta that starts with
    # it: an index of the school alone, or of the time alone, is only written, never read.
    school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="+", db_index=False)
    at = models.DateTimeField()
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    reason = models.CharField(max_length=200, blank=True)
    action = models.CharField(max_length=1, choices=AuditAction.choices)
    record_type = models.CharField(max_length=100)  # "app_label.modelname"
    record_id = models.CharField(max_length=64)
    record_label = models.CharField(max_length=300)
    history_id = models.BigIntegerField()
    changes = models.JSONField(default=list)
    sensitive = models.BooleanField(default=False)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["record_type", "history_id"], name="audit_event_once_per_history_row"
            ),
        ]
        indexes = [
            models.Index(fields=["school", "-at", "-id"]),
            models.Index(fields=["school", "record_type", "-at"]),
            models.Index(fields=["school", "actor", "-at"]),
        ]

    def __str__(self) -> str:
        return f"{self.get_action_display()} {self.record_label} at {self.at:%Y-%m-%d %H:%M}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise AuditTrailIsAppendOnly("The audit history is never changed.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise AuditTrailIsAppendOnly("The audit history is never emptied.")
