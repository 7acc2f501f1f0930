"""What requests and reports put in the morning digest (``notifications.digest``).

- reviewers: requests awaiting a decision, reports awaiting action,
  approvals that end within a week;
- the network manager: sites to unblock, to block and to block again.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import Any

from django.db.models import Count, Min, Q
from django.urls import reverse

from accounts.models import User
from forms_app.models import AccessRequest, ContentReport, ReportStatus, RequestStatus
from notifications.digest import DigestItem, register_digest_provider
from schools.calendar import school_today
from schools.models import School
from schools.roles import Module, RecordKind, Role

ENDING_SOON = datetime.timedelta(days=7)
# Approvals that ended after the site was opened: the network manager blocks it again.
_REBLOCK = Q(
    status__in=[RequestStatus.EXPIRED, RequestStatus.REVOKED],
    unblocked_on__isnull=False,
    reblocked_on__isnull=True,
)


def _reviews(school: School, roles: frozenset[Role], kind: RecordKind) -> bool:
    return bool(roles & (school.reviewer_roles(kind) or {Role.HEADTEACHER}))


def _item(
    school: School, name: str, found: dict[str, Any], label: Callable[[int], str], **query: str
) -> list[DigestItem]:
    count = found["count"]
    if not count:
        return []
    url = reverse(f"forms_app:{name}", kwargs={"school_slug": school.slug})
    if query:
        url += "?" + "&".join(f"{key}={value}" for key, value in query.items())
    return [DigestItem(label=label(count), count=count, url=url, waiting_since=found["since"])]


def _plural(count: int, one: str, many: str) -> str:
    return f"{count} {one if count == 1 else many}"


@register_digest_provider
def requests_awaiting_decision(
    school: School, user: User, roles: frozenset[Role]
) -> list[DigestItem]:
    if not school.has_module(Module.ACCESS_REQUESTS):
        return []
    items: list[DigestItem] = []
    requests = AccessRequest.objects.for_school(school)
    if _reviews(school, roles, RecordKind.ACCESS_REQUEST):
        waiting = requests.filter(status=RequestStatus.SUBMITTED).aggregate(
            count=Count("pk"), since=Min("submitted_at")
        )
        items += _item(
            school,
            "access-request-queue",
            waiting,
            lambda n: (
                _plural(n, "access request awaits", "access requests await") + " your decision"
            ),
        )
        today = school_today(school)
        ending = requests.filter(
            status__in=[RequestStatus.APPROVED, RequestStatus.UNBLOCKED],
            access_until__gte=today,
            access_until__lte=today + ENDING_SOON,
        ).aggregate(count=Count("pk"), since=Min("decided_at"))
        ending["since"] = None  # not waiting for anyone: never "overdue"
        items += _item(
            school,
            "access-request-queue",
            ending,
            lambda n: (
                _plural(n, "approved access ends", "approved accesses end") + " within a week"
            ),
            status="ending",
        )
    return items


@register_digest_provider
def reports_awaiting_action(school: School, user: User, roles: frozenset[Role]) -> list[DigestItem]:
    if not school.has_module(Module.CONTENT_REPORTS):
        return []
    if not _reviews(school, roles, RecordKind.CONTENT_REPORT):
        return []
    waiting = (
        ContentReport.objects.for_school(school)
        .filter(status=ReportStatus.REPORTED)
        .aggregate(count=Count("pk"), since=Min("reported_at"))
    )
    return _item(
        school,
        "content-report-queue",
        waiting,
        lambda n: _plural(n, "content report awaits", "content reports await") + " action",
    )


@register_digest_provider
def network_to_do(school: School, user: User, roles: frozenset[Role]) -> list[DigestItem]:
    """For the network manager: what to unblock, block and block again."""
    if Role.NETWORK_MANAGER not in roles:
        return []
    items: list[DigestItem] = []
    if school.has_module(Module.ACCESS_REQUESTS):
        found = AccessRequest.objects.for_school(school).aggregate(
            unblock=Count("pk", filter=Q(status=RequestStatus.APPROVED)),
            unblock_since=Min("decided_at", filter=Q(status=RequestStatus.APPROVED)),
            reblock=Count("pk", filter=_REBLOCK),
            reblock_since=Min("ended_at", filter=_REBLOCK),
        )
        items += _item(
            school,
            "network-to-do",
            {"count": found["unblock"], "since": found["unblock_since"]},
            lambda n: _plural(n, "approved site", "approved sites") + " to unblock",
        )
        items += _item(
            school,
            "network-to-do",
            {"count": found["reblock"], "since": found["reblock_since"]},
            lambda n: _plural(n, "site", "sites") + " to block again: the approved access ended",
        )
    if school.has_module(Module.CONTENT_REPORTS):
        waiting = (
            ContentReport.objects.for_school(school)
            .filter(status=ReportStatus.REPORTED)
            .aggregate(count=Count("pk"), since=Min("reported_at"))
        )
        items += _item(
            school,
            "network-to-do",
            waiting,
            lambda n: _plural(n, "reported site", "reported sites") + " to consider blocking",
        )
    return items
