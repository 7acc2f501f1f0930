"""What the request and report services share."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.urls import reverse

from accounts.models import User
from documents.services import document_refresh
from notifications.services import notify
from schools.calendar import school_today
from schools.models import Membership, School
from schools.records import next_number as next_number
from schools.records import save_as as save_as
from schools.roles import RecordKind, Role

# Decision and blocking dates: not before the portal's records begin, and
# never in the future (a date something happened).
EARLIEST_DATE = datetime.date(2000, 1, 1)
ACCESS_REQUEST_PDF = "access-request"
CONTENT_REPORT_PDF = "content-report"


class RecordError(ValidationError):
    """A move the record's state does not allow: someone else got there first."""


def check_past_date(value: datetime.date, school: School, field: str, what: str) -> None:
    if value > school_today(school):
        raise ValidationError({field: f"Enter the day {what}: it cannot be in the future."})
    if value < EARLIEST_DATE:
        raise ValidationError({field: f"Enter the day {what}, from the year 2000 onwards."})


def require_reason(reason: str, field: str, message: str) -> str:
    reason = reason.strip()
    if not reason:
        raise ValidationError({field: message})
    return reason


def people_with(school: School, roles: Iterable[Role]) -> list[User]:
    memberships = (
        Membership.objects.for_school(school)
        .filter(role__in=list(roles), ended_at__isnull=True, user__is_active=True)
        .select_related("user")
        .order_by("user_id")
    )
    return list({m.user_id: m.user for m in memberships}.values())


def reviewers_of(school: School, kind: RecordKind) -> list[User]:
    return people_with(school, school.reviewer_roles(kind) or {Role.HEADTEACHER})


def tell(
    school: School,
    users: Iterable[User],
    *,
    title: str,
    url: str,
    by: User | None,
    email: bool = False,
    key: str = "",
) -> None:
    """A notification in the portal (and an email) saying what needs attention and where."""
    notify(
        school=school,
        users=[user for user in users if by is None or user.pk != by.pk],
        kind="forms",
        title=title,
        url=url,
        email_template="notification" if email else None,
        by=by,
        key=key,
    )


def record_url(name: str, school: School, **kwargs: Any) -> str:
    return reverse(f"forms_app:{name}", kwargs={"school_slug": school.slug, **kwargs})


def remake_pdf(school: School, subject_type: str, public_id: object) -> None:
    """Ask for the record's PDF again: a new version appears when what it prints changed."""
    document_refresh(school=school, subject_type=subject_type, subject_id=str(public_id))
