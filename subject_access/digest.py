"""The morning digest's lines about subject access requests, for the headteacher.

"N subject access requests are overdue" and "N are due within 7 days": counts
of requests still owed (open or exported), linking to the list. Never a name:
the digest is an email.
"""

from __future__ import annotations

import datetime

from django.db.models import Count, Min, Q
from django.urls import reverse
from django.utils import timezone

from notifications.digest import DigestItem, Reader, digest_provider
from schools.calendar import school_today
from schools.models import School
from schools.roles import Role
from subject_access.dates import DUE_SOON_DAYS
from subject_access.models import PENDING, SubjectAccessRequest


def _plural(count: int, one: str, many: str) -> str:
    return one if count == 1 else many.format(count=count)


def _told(reader: Reader) -> bool:
    return Role.HEADTEACHER in reader.roles


@digest_provider(audience=_told)
def subject_access_due(school: School) -> list[DigestItem]:
    today = school_today(school)
    soon = today + datetime.timedelta(days=DUE_SOON_DAYS)
    found = (
        SubjectAccessRequest.objects.for_school(school)
        .filter(status__in=PENDING, due_on__lte=soon)
        .aggregate(
            overdue=Count("pk", filter=Q(due_on__lt=today)),
            soon=Count("pk", filter=Q(due_on__gte=today)),
            overdue_since=Min("received_on", filter=Q(due_on__lt=today)),
        )
    )
    url = reverse("subject_access:list", kwargs={"school_slug": school.slug})
    items = []
    if overdue := found["overdue"]:
        items.append(
            DigestItem(
                label=_plural(
                    overdue,
                    "1 subject access request is past its one-month deadline",
                    "{count} subject access requests are past their one-month deadline",
                ),
                count=overdue,
                url=url,
                waiting_since=_start_of(found["overdue_since"], school),
            )
        )
    if due_soon := found["soon"]:
        items.append(
            DigestItem(
                label=_plural(
                    due_soon,
                    f"1 subject access request is due within {DUE_SOON_DAYS} days",
                    f"{{count}} subject access requests are due within {DUE_SOON_DAYS} days",
                ),
                count=due_soon,
                url=url,
                # Not late yet: the digest lists it after what is.
                waiting_since=None,
            )
        )
    return items


def _start_of(day: datetime.date, school: School) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time()), school.tz)
