"""Writes of the retention app: rules, legal holds, the monthly review and the disposal.

Rules and holds are the headteacher's, audited with ``by=``. The review and the
disposal are scheduled work (``retention.tasks``): no person, the history's
reason "Automatic: retention". Nothing else in the portal deletes a record.

- ``retention_review_produce``: from the 1st of each month, once per school and
  month, the dry run: every record past its retention and not held.
- ``retention_dispose_due``: disposes of the records on a review produced at
  least ``REVIEW_NOTICE`` ago that are still past their retention, not held and
  not open (everything is checked again, under a row lock), logging each.
- ``retention_run``: both, for every school; run daily, idempotent.
"""

from __future__ import annotations

import datetime
import logging
import re
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import ProtectedError
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from forms_app.services.common import people_with
from notifications.services import notify
from retention.disposal import MODELS, dispose_of, find_record
from retention.models import (
    DisposalLog,
    LegalHold,
    RetainedKind,
    RetentionReview,
    RetentionRule,
    ReviewEntry,
)
from retention.rules import (
    DEFAULT_YEARS,
    PREFIXES,
    Retained,
    is_held,
    past_retention,
    years_problem,
)
from schools.calendar import school_today
from schools.models import School
from schools.records import changes_recorded_as, save_as
from schools.roles import Role

logger = logging.getLogger(__name__)

REASON = "Automatic: retention"
# The headteacher has this long to read a review (and hold a record) before disposal.
REVIEW_NOTICE = datetime.timedelta(days=14)
REFERENCE = re.compile(r"^\s*([A-Za-z]+)\s*-?\s*(\d{1,9})\s*$")
NOTIFICATION_KIND = "retention-review"


@transaction.atomic
def retention_rules_set(
    *, school: School, by: User, years: dict[RetainedKind, int | None]
) -> list[RetentionRule]:
    """Set the years of each kind given; every value is checked before anything is saved.

    A kind at its default with no rule of its own gets none; a changed value is
    saved (and audited) on the school's rule for that kind.
    """
    errors = {
        kind.value: problem
        for kind, value in years.items()
        if (problem := years_problem(kind, value))
    }
    if errors:
        raise ValidationError(errors)
    own = {rule.kind: rule for rule in RetentionRule.objects.for_school(school).select_for_update()}
    saved = []
    for kind, value in years.items():
        assert value is not None
        rule = own.get(kind.value)
        if rule is None and value == DEFAULT_YEARS[kind]:
            continue
        if rule is None:
            rule = RetentionRule(school=school, kind=kind, years=value, changed_by=by)
        elif rule.years == value:
            continue
        rule.years = value
        rule.changed_by = by
        save_as(rule, by)
        saved.append(rule)
    return saved


def _record_for(school: School, reference: str) -> tuple[RetainedKind, Any]:
    """The school's record with that reference (``INC-3``, ``ar 5``), or a message."""
    found = REFERENCE.match(reference)
    kind = PREFIXES.get(found.group(1).upper()) if found else None
    if found is None or kind is None:
        raise ValidationError(
            {"reference": "Enter a reference such as INC-3, AR-5, CR-2, HSA-4 or CMP-1."}
        )
    manager: Any = MODELS[kind]._default_manager
    record = manager.for_school(school).filter(number=int(found.group(2))).first()
    if record is None:
        raise ValidationError(
            {"reference": f"There is no record {found.group(1).upper()}-{found.group(2)} here."}
        )
    return kind, record


@transaction.atomic
def legal_hold_place(*, school: School, by: User, reference: str, reason: str) -> LegalHold:
    """Hold a record: it is never disposed of while the hold stands."""
    if not reason.strip():
        problem = "Say why the record must be kept (a claim, an inquiry, a request)."
        try:
            _record_for(school, reference)
        except ValidationError as error:
            raise ValidationError({"reason": problem, **error.message_dict}) from None
        raise ValidationError({"reason": problem})
    kind, record = _record_for(school, reference)
    already = ValidationError({"reference": f"{record.reference} is already held."})
    if is_held(school, kind, str(record.public_id)):
        raise already
    hold = LegalHold(
        school=school,
        kind=kind,
        record_id=str(record.public_id),
        reference=record.reference,
        reason=reason.strip(),
        placed_by=by,
    )
    try:
        with transaction.atomic():
            save_as(hold, by)
    except IntegrityError:  # held a moment ago by someone else
        raise already from None
    return hold


@transaction.atomic
def legal_hold_lift(*, hold: LegalHold, by: User, reason: str) -> LegalHold:
    """Lift a hold; the row stays, saying who lifted it and why."""
    hold = LegalHold.objects.for_school(hold.school).select_for_update().get(pk=hold.pk)
    if not hold.is_active:
        raise ValidationError("This hold has already been lifted: nothing was changed.")
    if not reason.strip():
        raise ValidationError({"lift_reason": "Say why the record no longer needs to be held."})
    hold.lifted_at = timezone.now()
    hold.lifted_by = by
    hold.lift_reason = reason.strip()
    save_as(hold, by, ["lifted_at", "lifted_by", "lift_reason"])
    return hold


def _month_of(day: datetime.date) -> datetime.date:
    return day.replace(day=1)


def _tell_headteacher(school: School, review: RetentionReview, count: int) -> None:
    url = reverse("retention:home", kwargs={"school_slug": school.slug})
    what = "1 record is" if count == 1 else f"{count} records are"
    notify(
        school=school,
        users=people_with(school, {Role.HEADTEACHER}),
        kind=NOTIFICATION_KIND,
        title=f"Retention review for {review.month:%B %Y}: {what} due to be disposed of. "
        "Read the report first.",
        url=f"{url}#review",
        key=f"retention-review:{review.month:%Y-%m}",
    )


@transaction.atomic
def retention_review_produce(
    *, school: School, now: datetime.datetime | None = None
) -> RetentionReview | None:
    """This month's review, if it has not been produced yet; None when it has."""
    now = now or timezone.now()
    today = timezone.localtime(now, school.tz).date()
    month = _month_of(today)
    if RetentionReview.objects.for_school(school).filter(month=month).exists():
        return None
    try:
        with transaction.atomic():
            review = RetentionReview.objects.create(school=school, month=month, produced_at=now)
    except IntegrityError:  # produced a moment ago by another run
        return None
    due = past_retention(school, today)
    for record in due:
        ReviewEntry.objects.create(
            school=school,
            review=review,
            kind=record.kind,
            record_id=record.record_id,
            reference=record.reference,
            record_date=record.record_date,
            rule=record.rule,
            kept_until=record.kept_until,
        )
    if due:
        _tell_headteacher(school, review, len(due))
    return review


def dry_run(school: School, today: datetime.date | None = None) -> list[Retained]:
    """What a review produced today would list; changes nothing."""
    return past_retention(school, today or school_today(school))


def _dispose_entry(
    school: School, entry: ReviewEntry, current: Retained, now: datetime.datetime
) -> DisposalLog | None:
    kind = RetainedKind(entry.kind)
    record = find_record(school, kind, entry.record_id)
    if record is None:
        return None
    with changes_recorded_as(REASON):
        removed = dispose_of(school, kind, record)
    return DisposalLog.objects.create(
        school=school,
        kind=kind,
        reference=current.reference,
        record_date=current.record_date,
        rule=current.rule,
        kept_until=current.kept_until,
        review=entry.review,
        disposed_at=now,
        reason=REASON,
        removed=removed,
    )


@transaction.atomic
def retention_dispose_due(
    *, school: School, now: datetime.datetime | None = None
) -> list[DisposalLog]:
    """Dispose of what reviews at least 14 days old list and may still go; log each."""
    now = now or timezone.now()
    # Everything is checked again now: still closed, still past retention, not held.
    due_now = {
        (record.kind.value, record.record_id): record
        for record in past_retention(school, timezone.localtime(now, school.tz).date())
    }
    entries = (
        ReviewEntry.objects.for_school(school)
        .filter(review__produced_at__lte=now - REVIEW_NOTICE)
        .select_related("review")
        .order_by("review__month", "pk")
    )
    disposed = set(DisposalLog.objects.for_school(school).values_list("kind", "reference"))
    logs = []
    for entry in entries:
        current = due_now.get((entry.kind, entry.record_id))
        if current is None or (entry.kind, entry.reference) in disposed:
            continue
        try:
            with transaction.atomic():  # one record that cannot go leaves the others to go
                log = _dispose_entry(school, entry, current, now)
        except ProtectedError:
            logger.exception("Retention: %s could not be disposed of", entry.reference)
            continue
        if log is not None:
            disposed.add((log.kind, log.reference))
            logs.append(log)
    return logs


def retention_run(now: datetime.datetime | None = None) -> int:
    """The daily work for every school: this month's review when due, then the disposals due.

    Each school in its own transaction, so one school's failure leaves the others' work done.
    Returns how many records were disposed of.
    """
    count = 0
    for school in School.objects.all():
        try:
            retention_review_produce(school=school, now=now)
            count += len(retention_dispose_due(school=school, now=now))
        except Exception:  # one school's failure must not stop the others
            logger.exception("Retention work failed for school %s", school.pk)
    return count
