"""Resolve ``/<school_slug>/…`` into ``request.school`` and ``request.membership``."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ImproperlyConfigured, PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse

from notifications.models import unread_counts_columns
from policyportal.middleware import ViewMiddleware
from schools.access import MemberRoles, SchoolAccess, membership_at
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
        if access.public:
            found = self._membership(request, slug) if request.user.is_authenticated else None
            if found is None:
                request.school = _active_school(slug)  # type: ignore[attr-defined]
                return None
            # A member reading a public page keeps their navigation.
            request.school = found.school  # type: ignore[attr-defined]
            request.membership = found  # type: ignore[attr-defined]
            return None
        if not request.user.is_authenticated:
            # Before sign-in every school address looks the same, so nothing
            # here tells a visitor which schools exist.
            return redirect_to_login(request.get_full_path())
        # The school and the person's roles in it, in one query. No membership
        # is the same 404 as no such school.
        found = self._membership(request, slug)
        if found is None:
            raise Http404
        if access.module is not None and not found.school.has_module(access.module):
            raise Http404
        if not access.allows(found.roles):
            raise PermissionDenied
        request.school = found.school  # type: ignore[attr-defined]
        request.membership = found  # type: ignore[attr-defined]
        return None

    @staticmethod
    def _membership(request: HttpRequest, slug: str) -> MemberRoles | None:
        """The person's standing in school ``slug``; on a GET, with the bell's counts.

        A GET writes no notifications, so the counts read before the view are
        still right when the header shows them; after a POST, the bell counts
        for itself, when the page is drawn.
        """
        columns = unread_counts_columns() if request.method in ("GET", "HEAD") else None
        return membership_at(request.user, slug, columns)  # type: ignore[arg-type]


def _active_school(slug: str) -> School:
    try:
        return School.objects.get(slug=slug, is_active=True)
    except School.DoesNotExist as exc:
        raise Http404 from exc
