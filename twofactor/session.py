"""Where a browser stands with two-factor sign-in, kept in its session.

``PENDING``: the password was right and the account has an authenticator app,
but no code has been entered yet: the session is half signed in and reaches
only the verify page and sign-out (``twofactor.middleware``). ``VERIFIED``: a
code was entered (or the app was set up) in this session. Both hold the
user's id and go with the session when it ends or another person signs in.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from accounts.models import User

PENDING = "twofactor.pending"
VERIFIED = "twofactor.verified"
# Set-up in progress: the secret offered, not yet confirmed (never in the database).
SETUP_SECRET = "twofactor.setup_secret"  # noqa: S105 - a session key, not a secret
# New recovery codes, kept only until the page that shows them once.
CODES_TO_SHOW = "twofactor.codes_to_show"


def is_pending(session: Any) -> bool:
    return PENDING in session


def is_verified(request: HttpRequest) -> bool:
    return request.session.get(VERIFIED) == str(request.user.pk)


def start_pending(session: Any, user: User) -> None:
    session.pop(VERIFIED, None)
    session[PENDING] = str(user.pk)


def mark_verified(request: HttpRequest) -> None:
    """The code was right: now fully signed in.

    The session key is kept: signing in gave it a new one already, and
    ``people.sessions`` noted that key so that deactivating the person ends this
    session; a key cycled here would escape it.
    """
    request.session.pop(PENDING, None)
    request.session[VERIFIED] = str(request.user.pk)


def forget(session: Any) -> None:
    for key in (PENDING, VERIFIED, SETUP_SECRET, CODES_TO_SHOW):
        session.pop(key, None)
