"""The published policy: for anyone, no sign-in needed. Comparing versions: members."""

from __future__ import annotations

from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import render
from django.views.decorators.http import require_safe

from policies.diff import compare_versions
from policies.models import PolicyVersion, VersionStatus
from policies.pdf_sources import policy_pdf
from policies.services import policy_published, sections_with_clauses
from schools.access import SchoolRequest, public_school_view, school_view

# A published version never changes; its PDF only when the layout does.
PUBLIC_PDF_CACHE = "public, max-age=3600"


def _published(request: HttpRequest, number: int) -> PolicyVersion:
    version = policy_published(request.school, number)  # type: ignore[attr-defined]
    if version is None:
        raise Http404
    return version


def _render_version(request: HttpRequest, number: int | None) -> HttpResponse:
    """Version ``number`` (None: the one in force) among the published versions,
    which the page lists: one query finds the version, the current one and the list."""
    school = request.school  # type: ignore[attr-defined]
    versions = list(
        PolicyVersion.objects.for_school(school)
        .filter(status=VersionStatus.PUBLISHED)
        .order_by("-number")
    )
    current = versions[0] if versions else None
    version = current if number is None else next((v for v in versions if v.number == number), None)
    if number is not None and version is None:
        raise Http404
    return render(
        request,
        "policies/policy.html",
        {
            "version": version,
            "sections": sections_with_clauses(version) if version else [],
            "is_current": version is not None and current is not None and version.pk == current.pk,
            "current": current,
            "versions": versions,
            "pdf": policy_pdf(school, version) if version else None,
        },
    )


@public_school_view
@require_safe
def policy(request: HttpRequest) -> HttpResponse:
    """The policy in force, for anyone: no sign-in needed."""
    return _render_version(request, None)


@public_school_view
@require_safe
def policy_version(request: HttpRequest, number: int) -> HttpResponse:
    """An earlier (or the current) published version, as it was published."""
    return _render_version(request, number)


@public_school_view
@require_safe
def version_pdf(request: HttpRequest, number: int) -> HttpResponseBase:
    """The PDF of a published version, for anyone; or a page saying it is being prepared."""
    school = request.school  # type: ignore[attr-defined]
    version = _published(request, number)
    document = policy_pdf(school, version)
    if document is None:
        return render(request, "policies/pdf_pending.html", {"version": version})
    response = FileResponse(
        document.file.open("rb"),
        as_attachment=True,
        filename=f"{school.slug}-policy-version-{version.number}.pdf",
        content_type="application/pdf",
    )
    response["Cache-Control"] = PUBLIC_PDF_CACHE
    response["X-Content-Type-Options"] = "nosniff"
    return response


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
