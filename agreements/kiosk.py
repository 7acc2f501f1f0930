"""Kiosk mode: a browser handed to families shows one kiosk's pages and nothing else.

Starting a kiosk marks the browser's session: ``KIOSK_ID`` holds the kiosk's
public id and ``KIOSK_PATH`` the address under which all its pages live (the
form, the thank-you page and the staff's way out). ``KioskMiddleware`` sends
every other request of that session back to the kiosk — the school's home,
``/accounts/``, ``/admin/``, other schools — so a family cannot reach the
portal of the member of staff who is still signed in underneath.

Leaving needs that member of staff's password, with a few attempts at most;
the kiosk also ends by itself at ``expires_at``, when the browser is signed out.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone

from agreements.models import KioskSession

KIOSK_ID = "agreements.kiosk"
KIOSK_PATH = "agreements.kiosk_path"
# The session outlives the kiosk by a little, so the kiosk page can say it has
# ended before signing the browser out; never by much.
SESSION_GRACE = datetime.timedelta(hours=1)
EXIT_ATTEMPTS = 5
EXIT_LOCKOUT_SECONDS = 15 * 60


def kiosk_path(kiosk: KioskSession) -> str:
    return reverse(
        "agreements:kiosk",
        kwargs={"school_slug": kiosk.school.slug, "kiosk_id": kiosk.public_id},
    )


def is_open(kiosk: KioskSession) -> bool:
    return kiosk.ended_at is None and kiosk.expires_at > timezone.now()


def in_kiosk_mode(request: HttpRequest, kiosk: KioskSession | None = None) -> bool:
    """Whether the browser is in kiosk mode (for ``kiosk``, when given)."""
    current = request.session.get(KIOSK_ID)
    return current is not None and (kiosk is None or current == str(kiosk.public_id))


def enter_kiosk_mode(request: HttpRequest, kiosk: KioskSession) -> None:
    request.session.cycle_key()
    request.session[KIOSK_ID] = str(kiosk.public_id)
    request.session[KIOSK_PATH] = kiosk_path(kiosk)
    remaining = kiosk.expires_at + SESSION_GRACE - timezone.now()
    request.session.set_expiry(max(int(remaining.total_seconds()), 1))


def leave_kiosk_mode(request: HttpRequest) -> None:
    request.session.pop(KIOSK_ID, None)
    request.session.pop(KIOSK_PATH, None)
    request.session.set_expiry(None)
    request.session.cycle_key()


def _attempts_key(kiosk: KioskSession) -> str:
    return f"agreements:kiosk-exit-failures:{kiosk.public_id}"


def exit_locked(kiosk: KioskSession) -> bool:
    """Too many wrong passwords lately: a family cannot keep guessing."""
    return int(cache.get(_attempts_key(kiosk), 0)) >= EXIT_ATTEMPTS


def exit_failed(kiosk: KioskSession) -> None:
    key = _attempts_key(kiosk)
    if not cache.add(key, 1, EXIT_LOCKOUT_SECONDS):
        try:
            cache.incr(key)
        except ValueError:  # expired between the two calls
            cache.add(key, 1, EXIT_LOCKOUT_SECONDS)


def exit_reset(kiosk: KioskSession) -> None:
    cache.delete(_attempts_key(kiosk))


class KioskMiddleware:
    """In kiosk mode, anything but the kiosk's own pages and static files leads back to it."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        home = request.session.get(KIOSK_PATH) if hasattr(request, "session") else None
        if home and not _allowed(request.path, home):
            return HttpResponseRedirect(home)
        return self.get_response(request)


def _allowed(path: str, home: str) -> bool:
    return path.startswith(home) or path.startswith(str(settings.STATIC_URL))
