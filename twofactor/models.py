"""A person's authenticator app (TOTP) and the recovery codes that stand in for it.

Both belong to a person, not a school. The shared secret and the codes' hashes
are kept out of the history: the history says that a device was set up, used
or removed, and by whom, never what would let someone sign in.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models

from schools.audited import AuditedHistory, AuditedManager


class TOTPDevice(models.Model):
    """The authenticator app a person confirmed with a code: one per person."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="totp_device"
    )
    # Base32, as authenticator apps read it. Never shown again after set-up.
    secret = models.CharField(max_length=64, editable=False)
    confirmed_at = models.DateTimeField()
    # The last 30-second time step a code was accepted for: a code is used once.
    last_used_step = models.BigIntegerField(null=True, blank=True, editable=False)

    history = AuditedHistory(excluded_fields=["secret"])
    objects = AuditedManager["TOTPDevice"]()

    class Meta:
        verbose_name = "two-factor device"

    def __str__(self) -> str:
        return f"Authenticator app of {self.user}"


class RecoveryCode(models.Model):
    """One single-use code for when the phone is not to hand; stored hashed like a password."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="recovery_codes"
    )
    code_hash = models.CharField(max_length=128, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    used_at = models.DateTimeField(null=True, blank=True)

    history = AuditedHistory(excluded_fields=["code_hash"])
    objects = AuditedManager["RecoveryCode"]()

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"Recovery code {self.pk} of {self.user}"
