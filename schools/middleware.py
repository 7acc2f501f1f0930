"""Resolve ``/<school_slug>/…`` into ``request.school`` and ``request.membership``.

The signed-in person is read in the same query as their roles: Django's
authentication middleware leaves ``request.user`` unread until first used, and
the session says who it is. The person is taken from that query only when the
session passes the checks Django's ``get_user`` makes (the backend, an active
account, the password's session hash); anything else (an account gone, a
password changed elsewhere, a hash signed with an older secret) is left to
Django's own ``get_user``, so signing out works exactly as it always has.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY, load_backend
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ImproperlyConfigured, PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.crypto import constant_time_compare
from django.utils.functional import SimpleLazyObject, empty

from accounts.models import User
from notifications.models import unread_counts_columns
from policyportal.middleware import ViewMiddleware
from schools.access import MemberRoles, SchoolAccess, membership_at, membership_with_user
from schools.models import School


class SchoolMiddleware(ViewMiddleware):
    def process_view(
        self,
        request: HttpRequest,
        view_func: Callable[..., HttpResponse],
        view_args: tuple[Any, ...],
        view_kwargs: dict[str, Any],
    ) -> HttpResponse | None:
        if "school_slug" not in view_kwargs:
            return None
        access = getattr(view_func, "school_access", None)
        if not isinstance(access, SchoolAccess):
            # Fail closed: a school page must say who may see it.
            raise ImproperlyConfigured(
                f"{view_func.__module__}.{view_func.__name__} is under /<school_slug>/ "
                "but has no @school_view or @public_school_view."
            )
        slug = view_kwargs.pop("school_slug")
        found = _membership(request, slug)
        if access.public:
            if found is None:
                request.school = _active_school(slug)  # type: ignore[attr-defined]
                return None
            # A member reading a public page keeps their navigation.
            request.school = found.school  # type: ignore[attr-defined]
            request.membership = found  # type: ignore[attr-defined]
            return None
        if found is None:
            if not request.user.is_authenticated:
                # Before sign-in every school address looks the same, so nothing
                # here tells a visitor which schools exist.
                return redirect_to_login(request.get_full_path())
            # No membership is the same 404 as no such school.
            raise Http404
        if access.module is not None and not found.school.has_module(access.module):
            raise Http404
        if not access.allows(found.roles):
            raise PermissionDenied
        request.school = found.school  # type: ignore[attr-defined]
        request.membership = found  # type: ignore[attr-defined]
        return None


def _membership(request: HttpRequest, slug: str) -> MemberRoles | None:
    """The person's standing in school ``slug``, in one query; on a GET, with the bell's counts.

    None for a visitor, and for a person with no role in an active school ``slug``.
    A GET writes no notifications, so the counts read before the view are
    still right when the header shows them; after a POST, the bell counts
    for itself, when the page is drawn.
    """
    columns = unread_counts_columns if request.method in ("GET", "HEAD") else None
    user_id = _unread_user_id(request)
    if user_id is not None:
        found = membership_with_user(user_id, slug, columns)
        if found is not None and _session_belongs_to(request, found.user):
            request.user = found.user
            return found
    if not request.user.is_authenticated:
        return None
    return membership_at(request.user, slug, columns)


def _unread_user_id(request: HttpRequest) -> Any | None:
    """The session's user id while ``request.user`` is unread, if ``ModelBackend`` reads it."""
    user = request.user
    if not isinstance(user, SimpleLazyObject) or user._wrapped is not empty:  # type: ignore[union-attr]
        return None
    session = request.session
    if SESSION_KEY not in session:
        return None
    if session.get(BACKEND_SESSION_KEY) not in settings.AUTHENTICATION_BACKENDS:
        return None
    if not isinstance(load_backend(session[BACKEND_SESSION_KEY]), ModelBackend):
        return None
    try:
        return User._meta.pk.to_python(session[SESSION_KEY])
    except ValidationError:
        return None


def _session_belongs_to(request: HttpRequest, user: User) -> bool:
    """What Django's ``get_user`` asks of a session before it trusts its user, on the
    current secret only (older secrets go through ``get_user``, which re-signs them)."""
    backend = load_backend(request.session[BACKEND_SESSION_KEY])
    if not backend.user_can_authenticate(user):  # type: ignore[attr-defined]
        return False
    session_hash = request.session.get(HASH_SESSION_KEY)
    return isinstance(session_hash, str) and constant_time_compare(
        session_hash, user.get_session_auth_hash()
    )


def _active_school(slug: str) -> School:
    try:
        return School.objects.get(slug=slug, is_active=True)
    except School.DoesNotExist as exc:
        raise Http404 from exc
