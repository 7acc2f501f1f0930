"""The staff training log (Chestnuts 3, Norris Bank 4): sessions and who attended.

A session is never deleted: one recorded in error is withdrawn, with a reason,
and stops counting towards anyone's training.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models

from schools.audited import AuditedHistory
from schools.models import School
from schools.roles import TrainingKind
from schools.tenancy import TenantManager, TenantModel
from schools.validators import validate_one_line, validate_text


class SessionStatus(models.TextChoices):
    RECORDED = "recorded", "Recorded"
    WITHDRAWN = "withdrawn", "Withdrawn"


class TrainingSession(TenantModel):
    """One session of training or a briefing, on one day."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=30, choices=TrainingKind.choices)
    held_on = models.DateField()
    title = models.CharField(max_length=200, validators=[validate_one_line])
    led_by = models.CharField(max_length=200, validators=[validate_one_line])
    notes = models.TextField(max_length=2000, blank=True, validators=[validate_text])
    status = models.CharField(
        max_length=10, choices=SessionStatus.choices, default=SessionStatus.RECORDED
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    withdrawn_at = models.DateTimeField(null=True, blank=True)
    withdrawn_reason = models.TextField(max_length=500, blank=True, validators=[validate_text])

    history = AuditedHistory()
    objects = TenantManager["TrainingSession"]()

    class Meta:
        ordering = ["-held_on", "-recorded_at"]
        indexes = [models.Index(fields=["school", "kind", "held_on"])]

    def __str__(self) -> str:
        return f"{self.title} ({self.held_on:%d/%m/%Y})"

    @property
    def is_withdrawn(self) -> bool:
        return self.status == SessionStatus.WITHDRAWN


class Attendance(TenantModel):
    """One person at one session."""

    school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="+")
    session = models.ForeignKey(
        TrainingSession, on_delete=models.PROTECT, related_name="attendances"
    )
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    history = AuditedHistory()
    objects = TenantManager["Attendance"]()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["school", "session", "user"], name="attendance_once_per_session"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} at {self.session}"
