"""What the policy puts in the headteacher's morning digest.

- staff who have not acknowledged the version in force (linking to the coverage page);
- the annual review, from 30 days before it is due and every day after.
"""

from __future__ import annotations

from datetime import datetime, time, timedelta

from django.urls import reverse

from notifications.digest import DigestItem, Reader, digest_provider
from policies.services import acknowledgement_coverage, policy_current, version_to_acknowledge
from schools.calendar import school_today
from schools.models import School
from schools.roles import Role

REVIEW_WARNING = timedelta(days=30)


def _url(name: str, school: School) -> str:
    return reverse(name, kwargs={"school_slug": school.slug})


def _headteacher(reader: Reader) -> bool:
    return Role.HEADTEACHER in reader.roles


@digest_provider(audience=_headteacher)
def staff_not_acknowledged(school: School) -> list[DigestItem]:
    """For the headteacher: staff who have yet to acknowledge the policy in force."""
    required = version_to_acknowledge(school)
    if required is None:
        return []
    count = sum(1 for row in acknowledgement_coverage(school) if not row.up_to_date)
    if not count:
        return []
    staff = "member of staff has" if count == 1 else "staff have"
    return [
        DigestItem(
            label=f"{count} {staff} not acknowledged the policy",
            count=count,
            url=_url("policies:coverage", school),
            waiting_since=required.published_at,
        )
    ]


@digest_provider(audience=_headteacher)
def review_due(school: School) -> list[DigestItem]:
    """For the headteacher: the policy's annual review, when it is near or past."""
    current = policy_current(school)
    if current is None or current.review_due is None:
        return []
    due, today = current.review_due, school_today(school)
    if due - today > REVIEW_WARNING:
        return []
    tense = "was" if due < today else "is"
    return [
        DigestItem(
            label=f"The policy's annual review {tense} due on {due.day} {due:%B %Y}",
            count=1,
            url=_url("policies:manage", school),
            # Once due, the review counts as waiting from that day.
            waiting_since=datetime.combine(due, time(), tzinfo=school.tz) if due <= today else None,
        )
    ]
