"""What home-school agreements put in the headteacher's morning digest.

- coverage below the school's target, once the year's first parents' evening
  is over (before it, low coverage is simply the start of the round);
- signed agreements that match no child on the roster, awaiting review.

Counts only: never a child's or a family's name (the digest is an email).
"""

from __future__ import annotations

import datetime

from django.db.models import Count, Min, Q
from django.urls import reverse
from django.utils import timezone

from agreements.access import AGREEMENT_MANAGERS, MODULE
from agreements.coverage import coverage_target, round_of, total_counts, unmatched
from agreements.models import KioskSession
from notifications.digest import DigestItem, Reader, digest_provider
from schools.calendar import AcademicYear, current_academic_year
from schools.models import School


def _first_evening_over(school: School, year: AcademicYear, now: datetime.datetime) -> bool:
    """Whether a kiosk session of this academic year has ended (or expired)."""
    start = timezone.make_aware(datetime.datetime.combine(year.start, datetime.time()), school.tz)
    end = timezone.make_aware(
        datetime.datetime.combine(year.end + datetime.timedelta(days=1), datetime.time()),
        school.tz,
    )
    return (
        KioskSession.objects.for_school(school)
        .filter(started_at__gte=start, started_at__lt=end)
        .filter(Q(ended_at__isnull=False) | Q(expires_at__lte=now))
        .exists()
    )


def _url(school: School, name: str) -> str:
    return reverse(f"agreements:{name}", kwargs={"school_slug": school.slug})


def _manages(reader: Reader) -> bool:
    return reader.school.has_module(MODULE) and bool(reader.roles & AGREEMENT_MANAGERS)


@digest_provider(audience=_manages)
def agreements_to_follow_up(school: School) -> list[DigestItem]:
    """For the headteacher: coverage below target, and signatures to match."""
    items: list[DigestItem] = []
    year = current_academic_year(school)
    if _first_evening_over(school, year, timezone.now()):
        counts = total_counts(school, round_of(school, year))
        target = coverage_target(school)
        if counts.on_roll and not counts.meets(target):
            items.append(
                DigestItem(
                    label=(
                        f"Home-school agreement: {counts.percent}% of children covered, "
                        f"target {target}%"
                    ),
                    count=counts.not_yet + counts.again,
                    url=_url(school, "coverage"),
                )
            )
    waiting = unmatched(school, year.year).aggregate(count=Count("pk"), since=Min("signed_at"))
    if waiting["count"]:
        count = waiting["count"]
        items.append(
            DigestItem(
                label=(
                    f"{count} signed home-school agreement{'s' if count != 1 else ''} "
                    f"to match to the roster"
                ),
                count=count,
                url=_url(school, "matching"),
                waiting_since=waiting["since"],
            )
        )
    return items
