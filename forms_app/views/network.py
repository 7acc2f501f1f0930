"""The network manager's to-do: sites to unblock, to block and to block again."""

from __future__ import annotations

import datetime
from typing import Any

from django.db.models import Q
from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from forms_app.models import AccessRequest, ContentReport, ReportStatus, RequestStatus
from schools.access import SchoolRequest, school_view
from schools.models import School
from schools.roles import Module, Role

# An approval ended after the site was opened: it must be blocked again
# (AccessRequest.needs_reblock, as a query).
NEEDS_REBLOCK = Q(
    status__in=[RequestStatus.EXPIRED, RequestStatus.REVOKED],
    unblocked_on__isnull=False,
    reblocked_on__isnull=True,
)


def _requests_to_do(school: School) -> tuple[list[AccessRequest], list[AccessRequest]]:
    """The approved requests to unblock and the ended ones to block again, oldest first
    in each: one query for both lists."""
    rows = (
        AccessRequest.objects.for_school(school)
        .filter(Q(status=RequestStatus.APPROVED) | NEEDS_REBLOCK)
        .select_related("decided_by", "revoked_by")
    )
    to_unblock: list[AccessRequest] = []
    to_reblock: list[AccessRequest] = []
    for row in rows:
        (to_unblock if row.status == RequestStatus.APPROVED else to_reblock).append(row)
    to_unblock.sort(key=lambda r: _oldest_first(r.decided_at, r.number))
    to_reblock.sort(key=lambda r: _oldest_first(r.ended_at, r.number))
    return to_unblock, to_reblock


def _oldest_first(when: datetime.datetime | None, number: int) -> tuple[bool, Any, int]:
    # Like ORDER BY when, number on PostgreSQL: a missing time last.
    return (when is None, when or 0, number)


@school_view(Role.NETWORK_MANAGER, Role.HEADTEACHER)
@require_safe
def to_do(request: SchoolRequest) -> HttpResponse:
    """Oldest first in each list; the headteacher sees it without the actions."""
    school = request.school
    requests_on = school.has_module(Module.ACCESS_REQUESTS)
    reports_on = school.has_module(Module.CONTENT_REPORTS)
    to_unblock, to_reblock = _requests_to_do(school) if requests_on else ([], [])
    context = {
        "requests_on": requests_on,
        "reports_on": reports_on,
        "may_act": request.membership.has(Role.NETWORK_MANAGER),
        "to_unblock": to_unblock,
        "to_reblock": to_reblock,
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
