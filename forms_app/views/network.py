"""The network manager's to-do: sites to unblock, to block and to block again."""

from __future__ import annotations

from django.db.models import Q
from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from forms_app.models import AccessRequest, ContentReport, ReportStatus, RequestStatus
from schools.access import SchoolRequest, school_view
from schools.roles import Module, Role

# An approval ended after the site was opened: it must be blocked again
# (AccessRequest.needs_reblock, as a query).
NEEDS_REBLOCK = Q(
    status__in=[RequestStatus.EXPIRED, RequestStatus.REVOKED],
    unblocked_on__isnull=False,
    reblocked_on__isnull=True,
)


@school_view(Role.NETWORK_MANAGER, Role.HEADTEACHER)
@require_safe
def to_do(request: SchoolRequest) -> HttpResponse:
    """Oldest first in each list; the headteacher sees it without the actions."""
    school = request.school
    requests_on = school.has_module(Module.ACCESS_REQUESTS)
    reports_on = school.has_module(Module.CONTENT_REPORTS)
    requests = AccessRequest.objects.for_school(school).select_related("decided_by")
    context = {
        "requests_on": requests_on,
        "reports_on": reports_on,
        "may_act": request.membership.has(Role.NETWORK_MANAGER),
        "to_unblock": list(
            requests.filter(status=RequestStatus.APPROVED).order_by("decided_at", "number")
        )
        if requests_on
        else [],
        "to_reblock": list(
            requests.filter(NEEDS_REBLOCK)
            .select_related("revoked_by")
            .order_by("ended_at", "number")
        )
        if requests_on
        else [],
        "to_block": list(
            ContentReport.objects.for_school(school)
            .filter(status=ReportStatus.REPORTED)
            .prefetch_related("sites")
            .order_by("reported_at", "number")
        )
        if reports_on
        else [],
    }
    return render(request, "forms_app/network/to_do.html", context)
