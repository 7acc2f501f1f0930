from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from policies.diff import compare_versions
from policies.models import PolicyVersion, VersionStatus
from policies.services import policy_current
from schools.access import SchoolRequest, public_school_view, school_view


def _published(request: HttpRequest, number: int) -> PolicyVersion:
    version = (
        PolicyVersion.objects.for_school(request.school)  # type: ignore[attr-defined]
        .filter(status=VersionStatus.PUBLISHED, number=number)
        .first()
    )
    if version is None:
        raise Http404
    return version


def _render_version(request: HttpRequest, version: PolicyVersion | None) -> HttpResponse:
    sections = []
    if version is not None:
        clauses = list(version.clauses.order_by("order"))
        for section in version.sections.order_by("order"):
            sections.append(
                (section, [clause for clause in clauses if clause.section_id == section.pk])
            )
    current = policy_current(request.school)  # type: ignore[attr-defined]
    versions = (
        PolicyVersion.objects.for_school(request.school)  # type: ignore[attr-defined]
        .filter(status=VersionStatus.PUBLISHED)
        .order_by("-number")
    )
    return render(
        request,
        "policies/policy.html",
        {
            "version": version,
            "sections": sections,
            "is_current": version is not None and current is not None and version.pk == current.pk,
            "current": current,
            "versions": versions,
        },
    )


@public_school_view
@require_safe
def policy(request: HttpRequest) -> HttpResponse:
    """The policy in force, for anyone: no sign-in needed."""
    return _render_version(request, policy_current(request.school))  # type: ignore[attr-defined]


@public_school_view
@require_safe
def policy_version(request: HttpRequest, number: int) -> HttpResponse:
    """An earlier (or the current) published version, as it was published."""
    return _render_version(request, _published(request, number))


@school_view()
@require_safe
def policy_compare(request: SchoolRequest) -> HttpResponse:
    """What changed between two published versions."""
    versions = list(
        PolicyVersion.objects.for_school(request.school)
        .filter(status=VersionStatus.PUBLISHED)
        .order_by("number")
    )
    by_number = {v.number: v for v in versions}
    old = by_number.get(_int(request.GET.get("from")))
    new = by_number.get(_int(request.GET.get("to")))
    if old is None and len(versions) >= 2:
        old, new = versions[-2], versions[-1]
    changes = compare_versions(old, new) if old and new else []
    return render(
        request,
        "policies/compare.html",
        {"versions": versions, "old": old, "new": new, "changes": changes},
    )


def _int(value: str | None) -> int | None:
    try:
        return int(value) if value else None
    except ValueError:
        return None
