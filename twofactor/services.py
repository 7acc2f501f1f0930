"""Setting up, using and removing two-factor sign-in. Each write names who acted.

A code from the authenticator app is accepted for the 30-second step it was
made in and one step either side (a phone's clock drifts); once accepted, that
step and every earlier one are spent, so a code seen over someone's shoulder
cannot be used again. A recovery code is used once.
"""

from __future__ import annotations

import secrets
import time
from dataclasses import dataclass

import pyotp
from django.contrib.auth.hashers import check_password, make_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from accounts.models import User
from schools.models import School
from twofactor.models import RecoveryCode, TOTPDevice

RECOVERY_CODE_COUNT = 10
# No 0/o, 1/l/i: a code copied from paper is read back without doubt.
RECOVERY_ALPHABET = "23456789abcdefghjkmnpqrstuvwxyz"
STEP_SECONDS = 30
# Steps either side of now that are still accepted: a phone's clock drifts.
DRIFT_STEPS = 1

WRONG_CODE = "That code is not right. Enter the 6-digit code your app shows now."
ALREADY_SET_UP = "Two-factor sign-in is already set up for your account."


@dataclass(frozen=True)
class CodeUsed:
    """What a correct code was: the app's current code, or one of the recovery codes."""

    recovery: bool
    recovery_codes_left: int = 0


def new_secret() -> str:
    return pyotp.random_base32()


def provisioning_uri(*, user: User, secret: str, issuer: str) -> str:
    """What the QR code holds: the secret, the account and the portal's name."""
    return pyotp.TOTP(secret).provisioning_uri(name=user.email, issuer_name=issuer)


def grouped(secret: str) -> str:
    """The secret in groups of four, for typing into an app by hand."""
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def _digits(code: str) -> str:
    return "".join(code.split())


def looks_like_app_code(code: str) -> bool:
    digits = _digits(code)
    return len(digits) == 6 and digits.isdigit()


def current_step() -> int:
    """The 30-second time step of now, counted from the epoch as authenticator apps do."""
    return int(time.time()) // STEP_SECONDS


def code_at(secret: str, step: int) -> str:
    """The code an app with ``secret`` shows during ``step``."""
    return pyotp.TOTP(secret, interval=STEP_SECONDS).at(step * STEP_SECONDS)


def matching_step(secret: str, code: str, *, after: int | None = None) -> int | None:
    """The time step ``code`` was made for, if it is current and later than ``after``."""
    if not looks_like_app_code(code):
        return None
    now = current_step()
    for step in range(now - DRIFT_STEPS, now + DRIFT_STEPS + 1):
        if after is not None and step <= after:
            continue
        if secrets.compare_digest(code_at(secret, step), _digits(code)):
            return step
    return None


def normalise_recovery_code(code: str) -> str:
    return "".join(ch for ch in code.lower() if ch.isalnum())


def _new_recovery_code() -> str:
    letters = "".join(secrets.choice(RECOVERY_ALPHABET) for _ in range(10))
    return f"{letters[:5]}-{letters[5:]}"


def _replace_recovery_codes(user: User, by: User) -> list[str]:
    for old in RecoveryCode.objects.filter(user=user):
        old._history_user = by  # type: ignore[attr-defined]
        old.delete()
    codes = [_new_recovery_code() for _ in range(RECOVERY_CODE_COUNT)]
    for code in codes:
        row = RecoveryCode(user=user, code_hash=make_password(normalise_recovery_code(code)))
        row._history_user = by  # type: ignore[attr-defined]
        row.save()
    return codes


def has_device(user: User) -> bool:
    return TOTPDevice.objects.filter(user=user).exists()


@transaction.atomic
def device_confirm(*, user: User, secret: str, code: str, by: User) -> list[str]:
    """Turn on two-factor sign-in with ``secret`` once ``code`` proves the app has it.

    Returns the new recovery codes, in plain text: the only time they exist so.
    A wrong code raises ``ValidationError`` on ``code`` and nothing is saved.
    """
    # Locked: two set-ups sent at once cannot both pass the check below.
    User.objects.select_for_update().get(pk=user.pk)
    if has_device(user):
        raise ValidationError({"code": ALREADY_SET_UP})
    step = matching_step(secret, code)
    if step is None:
        raise ValidationError({"code": WRONG_CODE})
    device = TOTPDevice(user=user, secret=secret, confirmed_at=timezone.now(), last_used_step=step)
    device._history_user = by  # type: ignore[attr-defined]
    device.save()
    return _replace_recovery_codes(user, by)


def _use_app_code(device: TOTPDevice, code: str) -> bool:
    step = matching_step(device.secret, code, after=device.last_used_step)
    if step is None:
        return False
    device.last_used_step = step
    device._history_user = device.user  # type: ignore[attr-defined]
    device.save(update_fields=["last_used_step"])
    return True


def _use_recovery_code(user: User, code: str) -> int | None:
    """Spend the matching recovery code; the number left, or None when none matched."""
    typed = normalise_recovery_code(code)
    if not typed:
        return None
    unused = list(RecoveryCode.objects.select_for_update().filter(user=user, used_at=None))
    for row in unused:
        if check_password(typed, row.code_hash):
            row.used_at = timezone.now()
            row._history_user = user  # type: ignore[attr-defined]
            row.save(update_fields=["used_at"])
            return len(unused) - 1
    return None


@transaction.atomic
def code_use(*, user: User, code: str) -> CodeUsed | None:
    """Check ``code`` for ``user`` and spend it: the app's current code or a recovery code.

    None when it is wrong (or already used). The device row is locked, so the
    same code sent twice at once is accepted once.
    """
    device = TOTPDevice.objects.select_for_update().filter(user=user).first()
    if device is None:
        return None
    if looks_like_app_code(code):
        return CodeUsed(recovery=False) if _use_app_code(device, code) else None
    left = _use_recovery_code(user, code)
    return None if left is None else CodeUsed(recovery=True, recovery_codes_left=left)


@transaction.atomic
def recovery_codes_regenerate(*, user: User, by: User) -> list[str]:
    """New recovery codes for ``user``; the old ones stop working. Plain text, shown once."""
    if not has_device(user):
        raise ValidationError("Two-factor sign-in is not set up for this account.")
    return _replace_recovery_codes(user, by)


@transaction.atomic
def device_remove(*, user: User, by: User) -> bool:
    """Turn off two-factor sign-in for ``user`` (their own choice, or a lost phone).

    Whether anything was removed. The caller decides whether it is allowed.
    """
    device = TOTPDevice.objects.filter(user=user).first()
    if device is None:
        return False
    for row in RecoveryCode.objects.filter(user=user):
        row._history_user = by  # type: ignore[attr-defined]
        row.delete()
    device._history_user = by  # type: ignore[attr-defined]
    device.delete()
    return True


@transaction.atomic
def school_two_factor_require(*, school: School, required: bool, by: User) -> list[str]:
    """Whether ``school`` requires two-factor sign-in of those who see incidents or evidence.

    Returns what changed, in words, for the settings page.
    """
    school = School.objects.select_for_update().get(pk=school.pk)
    if school.requires_two_factor == required:
        return []
    school.requires_two_factor = required
    school._history_user = by  # type: ignore[attr-defined]
    school.save(update_fields=["requires_two_factor"])
    was = "yes" if not required else "no"
    now = "yes" if required else "no"
    return [
        f"Two-factor sign-in required of the headteacher, DSL and e-safety team: {now}"
        f" (before: {was})."
    ]
