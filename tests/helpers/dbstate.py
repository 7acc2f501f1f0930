"""Row counts of every model, to prove a request saved nothing (or nothing in another school).

One query per snapshot, whatever the number of models: a UNION ALL of
``COUNT(*)`` per table, grouped by school for tables with a ``school`` column.
It reads the tables directly, below the tenant managers, since it must see
every school's rows.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.apps import apps
from django.db import connection
from django.db.models import Model

# Written by signing in and out, which a form may legitimately do.
# Sessions change when people sign in and out (and people.SignedInSession notes
# each one, so that deactivating someone can end it); the incident access log
# records each look at an incident (a form shown again is a look), not anything saved.
IGNORED_BY_DEFAULT = frozenset(
    {"sessions.Session", "people.SignedInSession", "incidents.AccessLogEntry"}
)

Key = tuple[str, int | None]  # (model label, school id or None for the whole table)


def _school_column(model: type[Model]) -> str | None:
    try:
        return model._meta.get_field("school").column  # type: ignore[union-attr]
    except Exception:
        return None


def _models(ignore: Iterable[str]) -> list[type[Model]]:
    skip = set(ignore)
    return [
        model
        for model in apps.get_models()
        if model._meta.managed and not model._meta.proxy and model._meta.label not in skip
    ]


@dataclass(frozen=True)
class Snapshot:
    counts: dict[Key, int]

    def changes(self, later: Snapshot) -> dict[Key, tuple[int, int]]:
        keys = self.counts.keys() | later.counts.keys()
        return {
            key: (self.counts.get(key, 0), later.counts.get(key, 0))
            for key in sorted(keys, key=str)
            if self.counts.get(key, 0) != later.counts.get(key, 0)
        }


def snapshot(ignore: Iterable[str] = IGNORED_BY_DEFAULT) -> Snapshot:
    # Every name in this SQL comes from model metadata (quoted), none from input.
    quote = connection.ops.quote_name
    parts = []
    for model in _models(ignore):
        table, label = quote(model._meta.db_table), model._meta.label.replace("'", "")
        school = _school_column(model)
        if school is None:
            parts.append(f"SELECT '{label}', CAST(NULL AS BIGINT), COUNT(*) FROM {table}")  # noqa: S608
        else:
            column = quote(school)
            parts.append(
                f"SELECT '{label}', {column}, COUNT(*) FROM {table} GROUP BY {column}"  # noqa: S608
            )
    with connection.cursor() as cursor:
        cursor.execute(" UNION ALL ".join(parts))
        rows = cursor.fetchall()
    counts: dict[Key, int] = {}
    for label, school_id, count in rows:
        counts[(label, school_id)] = counts.get((label, school_id), 0) + count
    return Snapshot(counts)


def describe(changes: dict[Key, tuple[int, int]]) -> str:
    return "; ".join(
        f"{label}{'' if school is None else f' (school {school})'}: {before} → {after}"
        for (label, school), (before, after) in changes.items()
    )
