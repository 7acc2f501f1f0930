"""Two-factor sign-in, enforced for every page in two places.

``TwoFactorVerifyMiddleware`` (before ``SchoolMiddleware``): a half-signed-in
session (password right, code not yet entered) reaches the verify page and
sign-out, nothing else: every other page sends it to the verify page, and a
request a page makes by itself gets a bare 401. It runs before the school is
resolved, so a half-signed-in session cannot even learn which schools answer.

``TwoFactorRequiredMiddleware`` (after ``SchoolMiddleware``, which has found
the school and the person's roles there): a person who must use two-factor
sign-in in this school and has not (no app set up, or not entered a code in
this session) is sent to set it up before any of the school's pages. Pages
outside the school (sign-out, the school picker, the two-factor pages) still
work, and so do the school's public pages.

A kiosk browser (``agreements.kiosk``) is not a person: it is left to the
kiosk's own rules. Static files and ``/healthz`` are answered before any of this.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth import SESSION_KEY
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.urls import reverse

from agreements.kiosk import KIOSK_ID
from policyportal.middleware import ViewMiddleware
from schools.access import SchoolAccess
from twofactor.policy import required_for
from twofactor.session import is_pending, is_verified

# The only pages a half-signed-in session may open.
ALLOWED_WHILE_PENDING = frozenset({"twofactor:verify", "accounts:logout"})


def _made_by_the_page(request: HttpRequest, view_func: Callable[..., Any]) -> bool:
    """A request a page makes by itself (a poll, a script), which must not be redirected."""
    background = not getattr(view_func, "session_activity", True)
    return background or "X-Requested-With" in request.headers


class TwoFactorVerifyMiddleware(ViewMiddleware):
    def process_view(
        self,
        request: HttpRequest,
        view_func: Callable[..., HttpResponse],
        view_args: tuple[Any, ...],
        view_kwargs: dict[str, Any],
    ) -> HttpResponse | None:
        session = request.session
        if SESSION_KEY not in session or not is_pending(session) or KIOSK_ID in session:
            return None
        match = request.resolver_match
        if match is not None and match.view_name in ALLOWED_WHILE_PENDING:
            return None
        if _made_by_the_page(request, view_func):
            return HttpResponse(
                "Enter your two-factor code first.\n", status=401, content_type="text/plain"
            )
        return redirect_to_login(request.get_full_path(), reverse("twofactor:verify"))


class TwoFactorRequiredMiddleware(ViewMiddleware):
    def process_view(
        self,
        request: HttpRequest,
        view_func: Callable[..., HttpResponse],
        view_args: tuple[Any, ...],
        view_kwargs: dict[str, Any],
    ) -> HttpResponse | None:
        membership = getattr(request, "membership", None)
        access = getattr(view_func, "school_access", None)
        if membership is None or not isinstance(access, SchoolAccess) or access.public:
            return None
        if KIOSK_ID in request.session or is_verified(request):
            return None
        school = request.school  # type: ignore[attr-defined]
        if not required_for(school, membership.roles):
            return None
        if _made_by_the_page(request, view_func):
            return HttpResponse(
                "Two-factor sign-in is required.\n", status=403, content_type="text/plain"
            )
        messages.info(
            request,
            f"{school.name} requires two-factor sign-in for your role. "
            "Set it up to continue: it takes a couple of minutes.",
        )
        return redirect_to_login(request.get_full_path(), reverse("twofactor:setup"))
