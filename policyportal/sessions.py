"""Signed-in sessions end after a quiet spell and after a fixed time in all.

A staff browser left open in a classroom must not stay signed in to
safeguarding records. ``SessionExpiryMiddleware`` keeps two times in the
session of a signed-in person (seconds since the epoch):

* ``SIGNED_IN_AT``: when they signed in. ``PORTAL_SESSION_MAX_HOURS`` (12)
  later the session ends, however busy they are.
* ``LAST_SEEN``: their last request. ``PORTAL_SESSION_IDLE_MINUTES`` (30)
  without one and the session ends.

``LAST_SEEN`` is written only when a minute has passed since the value kept,
so a busy person's session is saved at most once a minute instead of on every
request; the quiet spell is therefore counted from a moment up to a minute
before their last request.

Requests a page makes by itself (``@background_request`` views: the job
progress poll, the live coverage table) are not activity: a tab left open on
them must not keep the session alive. When the session has ended, such a
request (or any other made by script, marked by ``X-Requested-With``) is
refused with a 401 and the session is left as it is, so the next page the
person opens signs them out with the message and brings them back afterwards;
a script's request would otherwise swallow the message.

A browser in kiosk mode (``agreements.kiosk``) is governed by the kiosk's own
expiry: a quiet half hour at a parents' evening must not sign the kiosk out.
Its requests still count as activity, so the member of staff who leaves the
kiosk with their password carries on without being signed out at once; the
12 hours still count from their own sign-in once the kiosk is left.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import SESSION_KEY, logout
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, resolve_url
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme

from agreements.kiosk import KIOSK_ID
from policyportal.middleware import ViewMiddleware

SIGNED_IN_AT = "policyportal.signed_in_at"
LAST_SEEN = "policyportal.last_seen"
# How stale LAST_SEEN may get before a request writes it again (seconds).
TOUCH_EVERY = 60

_V = TypeVar("_V", bound=Callable[..., HttpResponse])


def background_request(view: _V) -> _V:
    """Mark a view that pages call by themselves: calling it is not activity."""
    view.session_activity = False  # type: ignore[attr-defined]
    return view


def _now() -> int:
    return int(timezone.now().timestamp())


def idle_message() -> str:
    minutes = settings.PORTAL_SESSION_IDLE_MINUTES
    return f"You were signed out after {minutes} minutes without activity. Please sign in again."


def max_age_message() -> str:
    hours = settings.PORTAL_SESSION_MAX_HOURS
    return f"You were signed out after {hours} hours: please sign in again."


def _ended_because(session: Any, now: int) -> str | None:
    """The message for a session that has ended, or None while it runs."""
    if now - int(session[SIGNED_IN_AT]) >= settings.PORTAL_SESSION_MAX_HOURS * 3600:
        return max_age_message()
    if now - int(session[LAST_SEEN]) >= settings.PORTAL_SESSION_IDLE_MINUTES * 60:
        return idle_message()
    return None


def _start(session: Any, now: int) -> None:
    session[SIGNED_IN_AT] = now
    session[LAST_SEEN] = now


def _page_to_return_to(request: HttpRequest) -> str | None:
    """The page to come back to after signing in again.

    A GET is that page itself; a form sent after the end goes back to the page
    the form was on (its Referer, when it is one of ours), never to the POST address.
    """
    if request.path == resolve_url(settings.LOGIN_URL):
        return None
    if request.method in ("GET", "HEAD"):
        return request.get_full_path()
    referer = request.headers.get("Referer", "")
    if referer and url_has_allowed_host_and_scheme(
        referer, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        parts = urlsplit(referer)
        return parts.path + (f"?{parts.query}" if parts.query else "")
    return None


class SessionExpiryMiddleware(ViewMiddleware):
    """End a signed-in session after the idle limit or the absolute limit, whichever first.

    Placed after the authentication and message middleware and before
    ``SchoolMiddleware``, so an ended session never reaches a school's page.
    """

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        session = request.session
        if SESSION_KEY in session and SIGNED_IN_AT not in session:
            # Signed in during this request (or a session older than this code).
            _start(session, _now())
        return response

    def process_view(
        self,
        request: HttpRequest,
        view_func: Callable[..., HttpResponse],
        view_args: tuple[Any, ...],
        view_kwargs: dict[str, Any],
    ) -> HttpResponse | None:
        session = request.session
        if SESSION_KEY not in session:
            return None
        now = _now()
        if SIGNED_IN_AT not in session or LAST_SEEN not in session:
            _start(session, now)
            return None
        activity = getattr(view_func, "session_activity", True)
        if KIOSK_ID not in session:
            reason = _ended_because(session, now)
            if reason is not None:
                if not activity or "X-Requested-With" in request.headers:
                    return HttpResponse(
                        "Signed out: open the page again.\n", status=401, content_type="text/plain"
                    )
                return self._sign_out(request, reason)
        if activity and now - int(session[LAST_SEEN]) >= TOUCH_EVERY:
            session[LAST_SEEN] = now
        return None

    def _sign_out(self, request: HttpRequest, reason: str) -> HttpResponse:
        back_to = _page_to_return_to(request)
        logout(request)
        messages.info(request, reason)
        if back_to is None:
            return redirect(settings.LOGIN_URL)
        return redirect_to_login(back_to)
