"""Staff acknowledge the policy in force; the headteacher sees who has and who has not."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_safe

from policies.forms import AcknowledgeForm
from policies.services import (
    PolicyError,
    acknowledgement_coverage,
    acknowledgement_status,
    policy_acknowledge,
    policy_published,
    version_to_acknowledge,
)
from schools.access import SchoolRequest, school_view
from schools.roles import STAFF_ROLES, Role


@school_view()
@require_http_methods(["GET", "HEAD", "POST"])
def acknowledge(request: SchoolRequest) -> HttpResponse:
    """The policy in force; for staff, whether they have acknowledged it, and a button to."""
    school = request.school
    is_staff = request.membership.has(*STAFF_ROLES)
    if request.method == "POST":
        if not is_staff:
            raise PermissionDenied  # governors and network managers are not asked
        form = AcknowledgeForm(request.POST)
        version = (
            policy_published(school, form.cleaned_data["version"]) if form.is_valid() else None
        )
        if version is None:
            messages.error(request, "That is not a version of the policy: read the one below.")
            return redirect("policies:acknowledge", school_slug=school.slug)
        try:
            policy_acknowledge(version=version, user=request.user)
        except PolicyError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(
                request, f"Thank you: you have acknowledged version {version.number} of the policy."
            )
        return redirect("policies:acknowledge", school_slug=school.slug)
    status = acknowledgement_status(school, request.user)
    form = AcknowledgeForm(initial={"version": status.current.number if status.current else None})
    return render(
        request,
        "policies/acknowledge.html",
        {
            "status": status,
            "form": form,
            "is_staff": is_staff,
            "manages": request.membership.has(Role.HEADTEACHER),
        },
    )


@school_view(Role.HEADTEACHER)
@require_safe
def coverage(request: SchoolRequest) -> HttpResponse:
    """Every member of staff: acknowledged the policy in force or not, and when."""
    rows = acknowledgement_coverage(request.school)
    return render(
        request,
        "policies/manage/coverage.html",
        {
            "required": version_to_acknowledge(request.school),
            "waiting": [row for row in rows if not row.up_to_date],
            "done": [row for row in rows if row.up_to_date],
            "total": len(rows),
        },
    )
