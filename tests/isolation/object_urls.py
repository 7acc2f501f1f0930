"""A test urlconf: the real portal plus throwaway object pages over SchoolClass.

The portal has no object pages yet, so these prove the matrix's object
mechanism: ``THROWAWAY_PAGES`` is a matrix table for this urlconf, written as
a real feature's rows would be. ``LEAKY_PAGES`` are deliberately wrong views
that the object checks must catch.
"""

from __future__ import annotations

import uuid
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpResponse, HttpResponseNotFound
from django.shortcuts import get_object_or_404, redirect
from django.urls import include, path
from django.utils.html import escape
from django.views.decorators.http import require_http_methods, require_safe

from policyportal.urls import school_patterns
from schools.access import SchoolRequest, get_object_for, school_view
from schools.models import School, SchoolClass
from schools.roles import Module, Role
from tests.helpers.matrix import MEMBERS, Outcome, SchoolPage
from tests.helpers.urls import portal_urlpatterns
from tests.isolation.matrix import SCHOOL_PAGES


@school_view(Role.HEADTEACHER, Role.TEACHER)
@require_http_methods(["GET", "POST"])
def class_detail(request: SchoolRequest, class_id: uuid.UUID) -> HttpResponse:
    school_class = get_object_for(request, SchoolClass, public_id=class_id)
    if request.method == "POST":
        # Only the headteacher may change a class: a view-level check.
        if not request.membership.has(Role.HEADTEACHER):
            raise PermissionDenied
        return redirect(request.path)
    return HttpResponse(f"<h1>{escape(school_class.name)}</h1>")


@school_view(module=Module.AGREEMENTS)
@require_safe
def class_coverage(request: SchoolRequest, class_id: uuid.UUID) -> HttpResponse:
    school_class = get_object_for(request, SchoolClass, public_id=class_id)
    return HttpResponse(f"<h1>Agreements signed in {escape(school_class.name)}</h1>")


def _every_schools_classes() -> Any:
    return SchoolClass.objects.unscoped("deliberate leak: a self-test of the matrix")


@school_view()
@require_safe
def leaky_class(request: SchoolRequest, class_id: uuid.UUID) -> HttpResponse:
    """Wrong on purpose: finds any school's class."""
    school_class = get_object_or_404(_every_schools_classes(), public_id=class_id)
    return HttpResponse(f"<h1>{escape(school_class.name)}</h1>")


@school_view()
@require_safe
def chatty_class(request: SchoolRequest, class_id: uuid.UUID) -> HttpResponse:
    """Wrong on purpose: a 404 that says the class exists elsewhere."""
    if _every_schools_classes().filter(public_id=class_id).exclude(school=request.school).exists():
        return HttpResponseNotFound("That class belongs to another school.")
    school_class = get_object_for(request, SchoolClass, public_id=class_id)
    return HttpResponse(f"<h1>{escape(school_class.name)}</h1>")


throwaway_patterns = (
    [
        path("classes/<uuid:class_id>/", class_detail, name="class-detail"),
        path("classes/<uuid:class_id>/coverage/", class_coverage, name="class-coverage"),
        path("leaky/<uuid:class_id>/", leaky_class, name="leaky-class"),
        path("chatty/<uuid:class_id>/", chatty_class, name="chatty-class"),
    ],
    "throwaway",
)

urlpatterns = portal_urlpatterns([*school_patterns, path("", include(throwaway_patterns))])


def a_class(school: School) -> dict[str, Any]:
    """The URL kwargs of one class of ``school`` (the demo loads one per year group)."""
    school_class = SchoolClass.objects.for_school(school).order_by("year_group").first()
    assert school_class is not None
    return {"class_id": school_class.public_id}


THROWAWAY_ONLY: tuple[SchoolPage, ...] = (
    SchoolPage(
        "throwaway:class-detail",
        get=frozenset({Role.HEADTEACHER, Role.TEACHER}),
        post=frozenset({Role.HEADTEACHER}),
        object_kwargs=a_class,
        post_ok=Outcome.REDIRECT,
    ),
    SchoolPage(
        "throwaway:class-coverage", get=MEMBERS, module=Module.AGREEMENTS, object_kwargs=a_class
    ),
)
# The table of this urlconf: the real portal's rows (tested by test_matrix.py) and these.
THROWAWAY_PAGES: tuple[SchoolPage, ...] = (*SCHOOL_PAGES, *THROWAWAY_ONLY)
LEAKY_PAGES: tuple[SchoolPage, ...] = (
    SchoolPage("throwaway:leaky-class", get=MEMBERS, object_kwargs=a_class),
    SchoolPage("throwaway:chatty-class", get=MEMBERS, object_kwargs=a_class),
)
