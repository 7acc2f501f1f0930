"""The morning digest's line about complaints, for the headteacher and the clerk.

"N complaints are past their response date": open complaints whose
``respond_by`` has passed. A count and a link to the list, never a name: the
digest is an email.
"""

from __future__ import annotations

import datetime

from django.db.models import Count, Min
from django.urls import reverse
from django.utils import timezone

from governance.complaints.forms import OVERDUE
from governance.models import Complaint, ComplaintStatus
from notifications.digest import DigestItem, Reader, digest_provider
from schools.calendar import school_today
from schools.models import School
from schools.roles import Module, Role

TOLD = frozenset({Role.HEADTEACHER, Role.CLERK})


def _told(reader: Reader) -> bool:
    return bool(reader.roles & TOLD) and reader.school.has_module(Module.COMPLAINTS)


@digest_provider(audience=_told)
def complaints_overdue(school: School) -> list[DigestItem]:
    found = (
        Complaint.objects.for_school(school)
        .filter(status=ComplaintStatus.OPEN, respond_by__lt=school_today(school))
        .aggregate(count=Count("pk"), since=Min("respond_by"))
    )
    count, since = found["count"], found["since"]
    if not count:
        return []
    url = reverse("governance:complaints", kwargs={"school_slug": school.slug})
    return [
        DigestItem(
            label="1 complaint is past its response date"
            if count == 1
            else f"{count} complaints are past their response date",
            count=count,
            url=f"{url}?status={OVERDUE}",
            waiting_since=timezone.make_aware(
                datetime.datetime.combine(since, datetime.time()), school.tz
            ),
        )
    ]
