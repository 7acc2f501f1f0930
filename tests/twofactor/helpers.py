"""Signing in with two-factor sign-in in tests.

``enrol(user)`` sets up an authenticator app for ``user`` (as the set-up page
would) and returns its secret and recovery codes; ``verified_client(user)`` is
a test client signed in as ``user`` with the code already entered, for tests
about what a verified person can do rather than about signing in.

Codes depend on the clock: ``frozen_step`` fixes the 30-second step the
portal believes it is, and ``code_at(secret, step)`` is the app's code for a step.
"""

from __future__ import annotations

import pyotp
import pytest
from django.test import Client

from accounts.models import User
from twofactor import services
from twofactor.services import code_at, device_confirm
from twofactor.session import PENDING, VERIFIED

__all__ = ["code_at", "enrol", "frozen_step", "verified_client"]


def enrol(user: User) -> tuple[str, list[str]]:
    """Set up an app for ``user``: its secret, and the ten recovery codes in plain text."""
    secret = pyotp.random_base32()
    codes = device_confirm(
        user=user, secret=secret, code=code_at(secret, services.current_step()), by=user
    )
    return secret, codes


def verified_client(user: User) -> Client:
    """A client signed in as ``user``, past the two-factor code (with or without an app)."""
    client = Client()
    client.force_login(user)
    session = client.session
    session.pop(PENDING, None)
    session[VERIFIED] = str(user.pk)
    session.save()
    return client


def frozen_step(monkeypatch: pytest.MonkeyPatch, step: int) -> None:
    """From now on, the portal believes it is the 30-second ``step``."""
    monkeypatch.setattr("twofactor.services.current_step", lambda: step)
