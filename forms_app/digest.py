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

from forms_app.models import AccessRequest, ContentReport, ReportStatus, RequestStatus
from notifications.digest import DigestItem, Reader, digest_provider
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


def _decides_requests(reader: Reader) -> bool:
    return reader.school.has_module(Module.ACCESS_REQUESTS) and reader.reviews(
        RecordKind.ACCESS_REQUEST
    )


def _acts_on_reports(reader: Reader) -> bool:
    return reader.school.has_module(Module.CONTENT_REPORTS) and reader.reviews(
        RecordKind.CONTENT_REPORT
    )


def _network_manager(reader: Reader) -> bool:
    return Role.NETWORK_MANAGER in reader.roles


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


@digest_provider(audience=_decides_requests)
def requests_awaiting_decision(school: School) -> list[DigestItem]:
    today = school_today(school)
    waiting = Q(status=RequestStatus.SUBMITTED)
    ending = Q(
        status__in=[RequestStatus.APPROVED, RequestStatus.UNBLOCKED],
        access_until__gte=today,
        access_until__lte=today + ENDING_SOON,
    )
    found = (
        AccessRequest.objects.for_school(school)
        .filter(waiting | ending)
        .aggregate(
            waiting=Count("pk", filter=waiting),
            since=Min("submitted_at", filter=waiting),
            ending=Count("pk", filter=ending),
        )
    )
    return [
        *_item(
            school,
            "access-request-queue",
            {"count": found["waiting"], "since": found["since"]},
            lambda n: (
                _plural(n, "access request awaits", "access requests await") + " your decision"
            ),
        ),
        *_item(
            school,
            "access-request-queue",
            # Not waiting for anyone: never "overdue".
            {"count": found["ending"], "since": None},
            lambda n: (
                _plural(n, "approved access ends", "approved accesses end") + " within a week"
            ),
            status="ending",
        ),
    ]


@digest_provider(audience=_acts_on_reports)
def reports_awaiting_action(school: School) -> list[DigestItem]:
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


@digest_provider(audience=_network_manager)
def network_to_do(school: School) -> list[DigestItem]:
    """For the network manager: what to unblock, block and block again."""
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
