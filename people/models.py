"""Invitations to join a school, and the sessions each person has signed in with."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models

from schools.audited import AuditedHistory
from schools.models import School
from schools.roles import Role
from schools.tenancy import TenantManager, TenantModel

_USER = settings.AUTH_USER_MODEL


class Invitation(TenantModel):
    """An emailed invitation to take up one or more roles in a school.

    The link's token is never stored: only its SHA-256, so a copy of the
    database opens no one's invitation. A resend replaces the hash and the
    expiry, so the earlier link stops working.
    """

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="+")
    email = models.EmailField()
    full_name = models.CharField(max_length=150)
    roles = models.JSONField(default=list, help_text="The roles the person takes up on accepting.")
    title = models.CharField(max_length=150, blank=True)
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    invited_by = models.ForeignKey(
        _USER, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField()
    expires_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(
        _USER, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    revoked_at = models.DateTimeField(null=True, blank=True)

    history = AuditedHistory(excluded_fields=["token_hash"])
    objects = TenantManager["Invitation"]()

    class Meta:
        ordering = ["-sent_at"]
        indexes = [models.Index(fields=["school", "email"])]

    def __str__(self) -> str:
        return f"Invitation for {self.full_name} <{self.email}>"

    @property
    def role_labels(self) -> list[str]:
        return [role.label for role in Role if role.value in self.roles]

    @property
    def is_pending(self) -> bool:
        return self.accepted_at is None and self.revoked_at is None


class SignedInSession(models.Model):
    """A session someone signed in with, so that deactivating them can end it at once.

    Bookkeeping, not a record anyone changes: not audited. A row whose session
    has already ended is harmless; rows are removed when the person is
    deactivated.
    """

    user = models.ForeignKey(_USER, on_delete=models.CASCADE, related_name="+")
    session_key = models.CharField(max_length=40)
    signed_in_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "session_key"], name="signedin_unique_key"),
        ]

    def __str__(self) -> str:
        return f"Session of user {self.user_id}"
