from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from schools.access import SchoolRequest, school_view
from schools.models import Membership, ReviewRoute
from schools.roles import RecordKind, Role


@school_view()
@require_safe
def home(request: SchoolRequest) -> HttpResponse:
    """What this person can do here, and how the school has arranged its policy."""
    school = request.school
    routes = ReviewRoute.objects.for_school(school).order_by("kind", "role")
    reviewers: dict[str, list[str]] = {}
    for route in routes:
        reviewers.setdefault(RecordKind(route.kind).label, []).append(Role(route.role).label)
    esafety_team = (
        Membership.objects.for_school(school)
        .filter(role=Role.ESAFETY, ended_at__isnull=True)
        .select_related("user")
        .order_by("user__full_name")
    )
    other_schools = (
        request.user.memberships.filter(ended_at__isnull=True)
        .exclude(school=school)
        .values("school")
        .distinct()
        .count()
    )
    return render(
        request,
        "schools/home.html",
        {
            "reviewers": reviewers,
            "esafety_team": esafety_team,
            "has_other_schools": other_schools > 0,
        },
    )
