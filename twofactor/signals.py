"""At every sign-in: someone with an authenticator app is half signed in until they give a code."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from accounts.models import User
from twofactor.services import has_device
from twofactor.session import forget, start_pending


def require_code_at_sign_in(
    sender: Any, request: HttpRequest | None, user: User, **kwargs: Any
) -> None:
    """``user_logged_in``: whatever the way in (password, a test's force_login), a code is next."""
    if request is None or not hasattr(request, "session"):
        return
    forget(request.session)
    if has_device(user):
        start_pending(request.session, user)
