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


def save_as(record: Any, by: User | None, fields: Iterable[str] | None = None) -> None:
    """Validate and save ``record``, its history row naming ``by``."""
    record._history_user = by
    record.full_clean(exclude=["public_id"])  # a new uuid4; checking it would read unscoped
    record.save(update_fields=list(fields) if fields is not None else None)


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
