"""A record's history as people read it: when, who, and what changed from what to what.

Built from the record's django-simple-history rows in one query (the rows
joined to their authors and to the people their user fields name), whatever
its length.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db import models
from django.utils import timezone

from accounts.models import User

# Bookkeeping a reader has no use for.
HIDDEN = frozenset({"id", "public_id", "school", "host", "domain"})


@dataclass(frozen=True)
class FieldChange:
    label: str
    old: str
    new: str


@dataclass(frozen=True)
class HistoryEntry:
    at: datetime.datetime
    by: str
    action: str  # "Created" / "Changed"
    changes: list[FieldChange]


def user_ids(rows: list[Any], fields: list[models.Field[Any, Any]]) -> set[int]:
    user_fields = [f.attname for f in fields if _is_user(f)]
    return {getattr(row, name) for row in rows for name in user_fields if getattr(row, name)}


def _is_user(field: models.Field[Any, Any]) -> bool:
    return isinstance(field, models.ForeignKey) and field.related_model is User


def _shown(
    field: models.Field[Any, Any], value: Any, people: dict[int, str], names: dict[Any, str]
) -> str:
    if value in (None, "", []):
        return "—"
    if _is_user(field):
        return people.get(value, "someone no longer listed")
    if isinstance(field, models.ForeignKey):
        return "changed"  # another record: its own page tells its story
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, datetime.datetime):
        return f"{timezone.localtime(value):%d/%m/%Y %H:%M}"
    if isinstance(value, datetime.date):
        return f"{value:%d/%m/%Y}"
    if isinstance(value, list):
        return ", ".join(str(names.get(v, v)) for v in value)
    return str(value)


def _fields(
    record: models.Model | type[models.Model], hidden: Iterable[str]
) -> list[models.Field[Any, Any]]:
    skip = HIDDEN | set(hidden)
    return [field for field in record._meta.concrete_fields if field.name not in skip]


def _changed(field: models.Field[Any, Any], previous: Any, row: Any) -> bool:
    if previous is None:
        return getattr(row, field.attname) not in (None, "", [])
    return bool(getattr(previous, field.attname) != getattr(row, field.attname))


def changes_between(
    fields: list[models.Field[Any, Any]],
    previous: Any,
    row: Any,
    *,
    people: dict[int, str],
    labels: dict[str, str],
    value_names: dict[str, dict[Any, str]],
) -> list[FieldChange]:
    """What ``row`` (a history row) changed since ``previous`` (None: it was created)."""
    return [
        FieldChange(
            label=labels.get(field.name, str(field.verbose_name).capitalize()),
            old=_shown(
                field, getattr(previous, field.attname), people, value_names.get(field.name, {})
            )
            if previous
            else "—",
            new=_shown(field, getattr(row, field.attname), people, value_names.get(field.name, {})),
        )
        for field in fields
        if _changed(field, previous, row)
    ]


def people_named(rows: list[Any], fields: list[models.Field[Any, Any]]) -> dict[int, str]:
    """The names of the people the rows' user fields point at, in one query."""
    return {
        user.pk: user.full_name or user.email
        for user in User.objects.filter(pk__in=user_ids(rows, fields))
    }


def people_joined(rows: list[Any], fields: list[models.Field[Any, Any]]) -> dict[int, str]:
    """The names of the people the rows' user fields point at, from the users
    ``select_related`` read with the rows (a deleted user is simply absent)."""
    people: dict[int, str] = {}
    for row in rows:
        for field in fields:
            if _is_user(field) and (user := getattr(row, field.name)) is not None:
                people[user.pk] = user.full_name or user.email
    return people


def history_fields(
    record: models.Model | type[models.Model], hidden: Iterable[str] = ()
) -> list[models.Field[Any, Any]]:
    """The fields a reader is shown changes to."""
    return _fields(record, hidden)


def history_value_names(record: models.Model | type[models.Model]) -> dict[str, dict[Any, str]]:
    """A list field's values named as the model says (``history_choices``)."""
    return {name: dict(choices) for name, choices in getattr(record, "history_choices", {}).items()}


def history_query(record: models.Model, *, hidden: Iterable[str] = ()) -> Any:
    """The history rows ``record_history`` reads, oldest first: for a page that reads
    them with its other rows (``schools.together.read_together``)."""
    # The people the user fields name come with the rows: no second query.
    joined = [field.name for field in _fields(record, hidden) if _is_user(field)]
    history = record.history.select_related("history_user", *joined)  # type: ignore[attr-defined]
    return history.order_by("history_date", "pk")


def record_history(
    record: models.Model,
    *,
    hidden: Iterable[str] = (),
    labels: dict[str, str] | None = None,
    rows: list[Any] | None = None,
) -> list[HistoryEntry]:
    """Every saved change of ``record``, oldest first, with who made it.

    ``labels`` relabels fields (the record's own words); ``hidden`` leaves
    more fields out, e.g. a value the reader of this page must not see.
    ``rows``: ``history_query``'s rows, if the caller has read them already.
    """
    fields = _fields(record, hidden)
    if rows is None:
        rows = list(history_query(record, hidden=hidden))
    people = people_joined(rows, fields)
    value_names = history_value_names(record)
    entries: list[HistoryEntry] = []
    previous: Any = None
    for row in rows:
        changes = changes_between(
            fields, previous, row, people=people, labels=labels or {}, value_names=value_names
        )
        user = row.history_user
        entries.append(
            HistoryEntry(
                at=row.history_date,
                by=(user.full_name or user.email) if user else "The portal",
                action="Created" if row.history_type == "+" else "Changed",
                changes=changes,
            )
        )
        previous = row
    return entries
