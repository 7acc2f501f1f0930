"""Resolve ``/<school_slug>/…`` into ``request.school`` and ``request.membership``."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ImproperlyConfigured, PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse

from policyportal.middleware import ViewMiddleware
from schools.access import MemberRoles, SchoolAccess, roles_of
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
            school = _active_school(slug)
            request.school = school  # type: ignore[attr-defined]
            if request.user.is_authenticated and (roles := roles_of(request.user, school)):
                # A member reading a public page keeps their navigation.
                request.membership = MemberRoles(  # type: ignore[attr-defined]
                    user=request.user, school=school, roles=roles
                )
            return None
        if not request.user.is_authenticated:
            # Before sign-in every school address looks the same, so nothing
            # here tells a visitor which schools exist.
            return redirect_to_login(request.get_full_path())
        school = _active_school(slug)
        roles = roles_of(request.user, school)
        # No membership is the same 404 as no such school.
        if not roles:
            raise Http404
        if access.module is not None and not school.has_module(access.module):
            raise Http404
        if not access.allows(roles):
            raise PermissionDenied
        request.school = school  # type: ignore[attr-defined]
        request.membership = MemberRoles(  # type: ignore[attr-defined]
            user=request.user,
            school=school,
            roles=roles,
        )
        return None


def _active_school(slug: str) -> School:
    try:
        return School.objects.get(slug=slug, is_active=True)
    except School.DoesNotExist as exc:
        raise Http404 from exc
