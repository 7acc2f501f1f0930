"""What every app's services do when they write a numbered, audited record.

Each history row names who made the change: the acting person (``save_as``),
or, for work nobody asked for at that moment (a scheduled task, a management
command), no person and a reason that names the work (``changes_recorded_as``).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import models
from django.db.models import Max

from accounts.models import User
from schools.audited import is_audited
from schools.models import School

# simple-history's history_change_reason column.
REASON_LENGTH = 100
# The reason of the work under way in this thread (or task), if any.
_WORK: ContextVar[str | None] = ContextVar("history_change_reason", default=None)


def next_number(model: type[models.Model], school: School) -> int:
    """The school's next record number. Holds the school's row locked until the commit."""
    School.objects.select_for_update().filter(pk=school.pk).first()
    latest = model._default_manager.filter(school=school).aggregate(top=Max("number"))["top"]
    return (latest or 0) + 1


def save_as(
    record: Any,
    by: User | None,
    fields: Iterable[str] | None = None,
    *,
    settled: Iterable[str] = (),
) -> None:
    """Validate and save ``record``, its history row naming ``by``.

    ``settled``: fields whose uniqueness the caller has made sure of while
    holding the school's row locked (a number from ``next_number``, an
    idempotency key looked up after it), so validation does not ask again.
    """
    record._history_user = by
    validate_record(record, settled=settled)
    record.save(update_fields=list(fields) if fields is not None else None)


def rows_in_hand(record: models.Model) -> list[str]:
    """The foreign keys of ``record`` set to a row the code read from the database.

    Django's validation asks the database whether each foreign key's row exists,
    a query each (five for a signed agreement). A row the service holds was
    read in this request, and records are never deleted; the database's own
    foreign key constraint still checks it when the record is written.
    A key with ``limit_choices_to`` is always checked.
    """
    names = []
    for field in record._meta.concrete_fields:
        if not isinstance(field, models.ForeignKey):
            continue
        if field.get_limit_choices_to() or not field.is_cached(record):
            continue
        related = field.get_cached_value(record)
        if related is None or related._state.adding or related.pk is None:
            continue
        if getattr(record, field.attname) == related.pk:
            names.append(field.name)
    return names


def validate_record(record: models.Model, *, settled: Iterable[str] = ()) -> None:
    """``full_clean``, without a query for a foreign key whose row is in hand.

    Uniqueness and constraints are checked as ``full_clean`` checks them (fields
    already in error aside): leaving those keys out of ``full_clean``'s exclude
    would skip every constraint naming them, such as a name unique in a school.
    The public id is a new uuid4; checking it would read every school's rows.
    ``settled`` fields (``save_as``) are left out of those checks too; their
    values are still validated, and the database's constraints still hold.
    """
    errors: dict[str, Any] = {}
    try:
        record.full_clean(
            exclude=["public_id", *rows_in_hand(record)],
            validate_unique=False,
            validate_constraints=False,
        )
    except ValidationError as exc:
        errors = exc.update_error_dict(errors)
    skip = {"public_id", *settled, *(name for name in errors if name != NON_FIELD_ERRORS)}
    for check in (record.validate_unique, record.validate_constraints):
        try:
            check(exclude=skip)
        except ValidationError as exc:
            errors = exc.update_error_dict(errors)
    if errors:
        raise ValidationError(errors)


@contextmanager
def changes_recorded_as(reason: str) -> Iterator[None]:
    """Inside, every audited row saved or deleted gives ``reason`` as its history's change
    reason, unless the code gave one: ``with changes_recorded_as("load_demo"): ...``.

    Work inside other work names both ("load_demo: Automatic: the approval's time ran
    out"). A context variable, so a request served meanwhile by another thread is unaffected.
    """
    outer = _WORK.get()
    token = _WORK.set(f"{outer}: {reason}" if outer else reason)
    try:
        yield
    finally:
        _WORK.reset(token)


def note_change_reason(sender: type[models.Model], instance: Any, **kwargs: Any) -> None:
    """pre_save / pre_delete: give the work's reason to an audited row that has none."""
    reason = _WORK.get()
    if reason and is_audited(sender) and not getattr(instance, "_change_reason", None):
        instance._change_reason = reason[:REASON_LENGTH]
        instance._change_reason_of_work = True


def forget_change_reason(sender: type[models.Model], instance: Any, **kwargs: Any) -> None:
    """post_save / post_delete, after the history row: the work's reason goes with the work."""
    if getattr(instance, "_change_reason_of_work", False):
        del instance._change_reason, instance._change_reason_of_work
