"""What the incident log puts in the morning digest, for those who handle incidents.

- "N incident checklist steps are overdue": open steps of open incidents whose
  due date has passed (the incident list counts them the same way);
- "N follow-ups with outside agencies are due": reports to a platform, the
  police … whose follow-up date has come, not yet followed up.

Counts only, and a link to the incident list: the digest is an email, so it
never names a child or says what happened.
"""

from __future__ import annotations

import datetime

from django.db.models import Count, Min
from django.urls import reverse
from django.utils import timezone

from incidents.access import HANDLERS, MODULE
from incidents.models import ExternalReport, IncidentStep, Status, StepStatus
from notifications.digest import DigestItem, Reader, digest_provider
from schools.calendar import school_today
from schools.models import School


def _since(school: School, day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time()), school.tz)


def _item(school: School, found: dict[str, object], one: str, many: str) -> list[DigestItem]:
    count = found["count"]
    earliest = found["since"]
    if not isinstance(count, int) or not count or not isinstance(earliest, datetime.date):
        return []
    return [
        DigestItem(
            label=(one if count == 1 else many).format(count=count),
            count=count,
            url=reverse("incidents:list", kwargs={"school_slug": school.slug}),
            waiting_since=_since(school, earliest),
        )
    ]


def _handles(reader: Reader) -> bool:
    return reader.school.has_module(MODULE) and bool(reader.roles & HANDLERS)


@digest_provider(audience=_handles)
def incidents_waiting(school: School) -> list[DigestItem]:
    """For the headteacher, the DSL and the e-safety team: overdue steps, follow-ups due."""
    today = school_today(school)
    steps = (
        IncidentStep.objects.for_school(school)
        .filter(status=StepStatus.OPEN, due_on__lt=today, incident__status=Status.OPEN)
        .aggregate(count=Count("pk"), since=Min("due_on"))
    )
    follow_ups = (
        ExternalReport.objects.for_school(school)
        .filter(
            follow_up_on__lte=today,
            followed_up_at__isnull=True,
            incident__status=Status.OPEN,
        )
        .aggregate(count=Count("pk"), since=Min("follow_up_on"))
    )
    return [
        *_item(
            school,
            steps,
            "{count} incident checklist step is overdue",
            "{count} incident checklist steps are overdue",
        ),
        *_item(
            school,
            follow_ups,
            "{count} follow-up with an outside agency is due",
            "{count} follow-ups with outside agencies are due",
        ),
    ]
