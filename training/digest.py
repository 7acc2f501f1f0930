"""The headteacher's digest: how many staff are overdue for training."""

from __future__ import annotations

import datetime

from django.urls import reverse
from django.utils import timezone

from notifications.digest import DigestItem, Reader, digest_provider
from schools.calendar import school_today
from schools.models import School
from schools.roles import Module, Role
from training.overdue import people_due, training_due


def _told(reader: Reader) -> bool:
    return Role.HEADTEACHER in reader.roles and reader.school.has_module(Module.TRAINING)


@digest_provider(audience=_told)
def staff_overdue_for_training(school: School) -> list[DigestItem]:
    """For the headteacher: "3 staff are overdue for training", linking to who and what."""
    statuses = training_due(school, school_today(school))
    count = len(people_due(statuses))
    if not count:
        return []
    earliest = min(due.since for status in statuses for due in status.due)
    verb = "is" if count == 1 else "are"
    return [
        DigestItem(
            label=f"{count} staff {verb} overdue for training",
            count=count,
            url=reverse("training:overdue", kwargs={"school_slug": school.slug}),
            waiting_since=timezone.make_aware(
                datetime.datetime.combine(earliest, datetime.time()), school.tz
            ),
        )
    ]
