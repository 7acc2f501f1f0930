"""Every session a person signs in with is noted, so that it can be ended from elsewhere.

Django refuses an inactive account's session on its next request, but leaves
the session itself in the store, and a person removed from one school may
still be active in another. Deactivating someone therefore deletes each of
their sessions from the session store at once (database, cache or both).
"""

from __future__ import annotations

import datetime
from importlib import import_module
from typing import Any

from django.conf import settings
from django.http import HttpRequest
from django.utils import timezone

from accounts.models import User
from people.models import SignedInSession


def note_sign_in(sender: Any, request: HttpRequest | None, user: User, **kwargs: Any) -> None:
    """``user_logged_in``: remember the session the person now holds."""
    session = getattr(request, "session", None)
    key = getattr(session, "session_key", None)
    if key:
        SignedInSession.objects.get_or_create(user=user, session_key=key)
        # Sessions older than the longest a session may run have ended by themselves.
        oldest = timezone.now() - datetime.timedelta(seconds=settings.SESSION_COOKIE_AGE)
        SignedInSession.objects.filter(user=user, signed_in_at__lt=oldest).delete()


def note_sign_out(
    sender: Any, request: HttpRequest | None, user: User | None, **kwargs: Any
) -> None:
    """``user_logged_out``: the session ends by itself; forget it."""
    session = getattr(request, "session", None)
    key = getattr(session, "session_key", None)
    if user is not None and key:
        SignedInSession.objects.filter(user=user, session_key=key).delete()


def sessions_end(user: User) -> int:
    """End every session ``user`` signed in with, wherever it is stored. Returns how many."""
    store = import_module(settings.SESSION_ENGINE).SessionStore
    rows = list(SignedInSession.objects.filter(user=user))
    for row in rows:
        store().delete(row.session_key)
    SignedInSession.objects.filter(pk__in=[row.pk for row in rows]).delete()
    return len(rows)
