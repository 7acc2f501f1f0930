"""Writes to the training log. Each is atomic and records who acted."""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone

from accounts.models import User
from schools.calendar import school_today
from schools.models import School
from schools.roles import STAFF_ROLES, TrainingKind
from training.models import Attendance, SessionStatus, TrainingSession

EARLIEST_SESSION = datetime.date(2000, 1, 1)


def training_staff(school: School) -> QuerySet[User]:
    """Who may be recorded as attending: people holding a staff role in ``school`` now."""
    return (
        User.objects.filter(
            memberships__school=school,
            memberships__ended_at__isnull=True,
            memberships__role__in=STAFF_ROLES,
        )
        .distinct()
        .order_by("full_name", "email")
    )


def _check_session(school: School, held_on: datetime.date, attendees: list[User]) -> None:
    errors: dict[str, str] = {}
    if held_on > school_today(school):
        errors["held_on"] = "Record training once it has happened: the date is in the future."
    elif held_on < EARLIEST_SESSION:
        errors["held_on"] = "Enter the date the session was held, from the year 2000 onwards."
    staff = set(training_staff(school).values_list("pk", flat=True))
    if not attendees:
        errors["attendees"] = "Tick at least one person who attended."
    elif any(user.pk not in staff for user in attendees):
        errors["attendees"] = "Only the school's own staff can be recorded as attending."
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def training_session_record(
    *,
    school: School,
    kind: TrainingKind,
    held_on: datetime.date,
    title: str,
    led_by: str,
    attendees: Iterable[User],
    by: User,
    notes: str = "",
) -> TrainingSession:
    """Record a session that took place and the staff who attended it."""
    people = list(dict.fromkeys(attendees))
    _check_session(school, held_on, people)
    session = TrainingSession(
        school=school,
        kind=kind,
        held_on=held_on,
        title=title,
        led_by=led_by,
        notes=notes,
        recorded_by=by,
    )
    session._history_user = by  # type: ignore[attr-defined]
    session.full_clean(exclude=["public_id"])  # a new uuid4; checking it would read unscoped
    session.save()
    for person in people:
        attendance = Attendance(school=school, session=session, user=person)
        attendance._history_user = by  # type: ignore[attr-defined]
        attendance.save()
    return session


@transaction.atomic
def training_session_withdraw(*, session: TrainingSession, reason: str, by: User) -> None:
    """Withdraw a session recorded in error: it stays in the log, marked, and counts no more."""
    session = (
        TrainingSession.objects.for_school(session.school).select_for_update().get(pk=session.pk)
    )
    if session.is_withdrawn:
        raise ValidationError("This session has already been withdrawn.")
    if not reason.strip():
        raise ValidationError({"reason": "Say why the session is being withdrawn."})
    session.status = SessionStatus.WITHDRAWN
    session.withdrawn_by = by
    session.withdrawn_at = timezone.now()
    session.withdrawn_reason = reason.strip()
    session._history_user = by  # type: ignore[attr-defined]
    session.full_clean(exclude=["public_id"])
    session.save(update_fields=["status", "withdrawn_by", "withdrawn_at", "withdrawn_reason"])
