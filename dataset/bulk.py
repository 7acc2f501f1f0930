"""Writing generated rows in bulk, with the history and audit rows the services would write.

The portal's own code never writes an audited model in bulk (schools.audited):
a record is saved through its service, and django-simple-history and the audit
trail (governance.audit.trail) each write a row from the save signal. For
thousands of synthetic schools that is far too slow, so the generator writes
records in bulk here, and writes for each one the history rows its services
would have written — created (``+``) and, for a record that moved on, changed
(``~``) — with who, when and ``history_change_reason`` “generate_dataset”, and
the matching ``AuditEvent`` of each history row. Only generated data is
written this way.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from django.db import connection, models

from governance.audit.trail import (
    HIDDEN_FIELDS,
    PLATFORM_TYPES,
    is_sensitive,
    record_label,
    record_type_key,
)
from governance.models import AuditEvent
from schools.history import changes_between, history_fields, history_value_names

REASON = "generate_dataset"


@dataclass
class Change:
    """A later state of a record: who moved it on, when, and the fields as they were before."""

    at: datetime.datetime
    by: models.Model | None  # the person; their id is read when the rows are written
    # The values of the fields this change set, as they were when the record was created.
    before: dict[str, Any]


@dataclass
class Record:
    obj: models.Model
    at: datetime.datetime
    by: models.Model | None
    change: Change | None = None


@dataclass
class Rows:
    """Records waiting to be written, in the order their foreign keys need."""

    batch_size: int = 2000
    records: dict[type[models.Model], list[Record]] = field(default_factory=dict)
    plain: dict[type[models.Model], list[models.Model]] = field(default_factory=dict)

    def add(
        self,
        obj: models.Model,
        *,
        at: datetime.datetime,
        by: models.Model | None,
        change: Change | None = None,
    ) -> Any:
        self.records.setdefault(type(obj), []).append(Record(obj, at, by, change))
        return obj

    def add_plain(self, obj: models.Model) -> Any:
        """A row of a model that keeps no history (notifications, the audit trail)."""
        self.plain.setdefault(type(obj), []).append(obj)
        return obj

    def count(self) -> int:
        return sum(len(rows) for rows in self.records.values()) + sum(
            len(rows) for rows in self.plain.values()
        )


def insert(model: type[models.Model], objs: Sequence[models.Model], batch_size: int) -> None:
    """Insert ``objs``, setting their primary keys. Generated data only: see the module's note.

    On PostgreSQL the rows go in with ``COPY`` (ids taken from the table's sequence
    first), several times faster than ``INSERT``; elsewhere with ``bulk_create``.
    """
    if not objs:
        return
    if connection.vendor == "postgresql":
        _copy(model, objs)
        return
    with _keeping_given_times(model):
        rows: models.QuerySet[Any] = models.QuerySet(model)
        rows.bulk_create(objs, batch_size=batch_size)


def _copy(model: type[models.Model], objs: Sequence[models.Model]) -> None:
    meta = model._meta
    fields = meta.concrete_fields
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
            [meta.db_table, meta.pk.column, len(objs)],
        )
        for obj, (pk,) in zip(objs, cursor.fetchall(), strict=True):
            obj.pk = pk
            # What bulk_create does: copy the ids of related rows saved since they were set.
            obj._prepare_related_fields_for_save(operation_name="bulk_create")  # type: ignore[attr-defined]
            obj._state.adding = False
        columns = ", ".join(quote(f.column) for f in fields)
        sql = f"COPY {quote(meta.db_table)} ({columns}) FROM STDIN"
        plan = [(f.attname, _adapter(f)) for f in fields]
        with cursor.cursor.copy(sql) as copy:
            for obj in objs:
                copy.write_row(
                    [
                        getattr(obj, name) if adapt is None else adapt(getattr(obj, name))
                        for name, adapt in plan
                    ]
                )


def _adapter(f: models.Field[Any, Any]) -> Callable[[Any], Any] | None:
    """What a value needs before psycopg can copy it; None: nothing (most fields)."""
    ops = connection.ops
    if isinstance(f, models.JSONField):
        return lambda value: ops.adapt_json_value(value, f.encoder)
    if isinstance(f, models.FileField):
        return lambda value: value.name or ""
    return None


@contextmanager
def _keeping_given_times(model: type[models.Model]) -> Iterator[None]:
    """``auto_now_add`` would stamp the time of the run; a generated record keeps its own."""
    stamped = [f for f in model._meta.concrete_fields if getattr(f, "auto_now_add", False)]
    for f in stamped:
        f.auto_now_add = False  # type: ignore[attr-defined]
    try:
        yield
    finally:
        for f in stamped:
            f.auto_now_add = True  # type: ignore[attr-defined]


def write(rows: Rows, people: dict[int, dict[int, str]]) -> int:
    """Write every record, its history rows and their audit events; returns rows written.

    ``people`` maps a school's id to the names of the people its user fields point at.
    """
    written = 0
    for model, records in rows.records.items():
        insert(model, [r.obj for r in records], rows.batch_size)
        written += len(records)
        history = _history_rows(model, records)
        history_model = type(history[0][1])
        insert(history_model, [row for _, row, _ in history], rows.batch_size)
        written += len(history)
        events = _audit_events(model, history, people)
        insert(AuditEvent, events, rows.batch_size)
        written += len(events)
    for model, objs in rows.plain.items():
        insert(model, objs, rows.batch_size)
        written += len(objs)
    rows.records.clear()
    rows.plain.clear()
    return written


def _history_rows(
    model: type[models.Model], records: list[Record]
) -> list[tuple[models.Model, Any, Any]]:
    """(record, history row, the previous history row or None), oldest first per record."""
    history_model = model.history.model  # type: ignore[attr-defined]
    names = [
        f.attname for f in history_model._meta.concrete_fields if not f.name.startswith("history_")
    ]
    files = [f.attname for f in model._meta.concrete_fields if isinstance(f, models.FileField)]
    out: list[tuple[models.Model, Any, Any]] = []
    for record in records:
        values = {name: getattr(record.obj, name) for name in names}
        for name in files:
            values[name] = values[name].name or ""
        if record.change is None:
            first = _row(history_model, values, "+", record.at, _pk(record.by))
            out.append((record.obj, first, None))
            continue
        first = _row(
            history_model, {**values, **record.change.before}, "+", record.at, _pk(record.by)
        )
        out.append((record.obj, first, None))
        later = _row(history_model, values, "~", record.change.at, _pk(record.change.by))
        out.append((record.obj, later, first))
    return out


def _pk(person: models.Model | None) -> int | None:
    return None if person is None else person.pk


def _row(
    history_model: Any, values: dict[str, Any], kind: str, at: datetime.datetime, by: int | None
) -> Any:
    return history_model(
        **values,
        history_type=kind,
        history_date=at,
        history_user_id=by,
        history_change_reason=REASON,
    )


def _audit_events(
    model: type[models.Model],
    history: list[tuple[models.Model, Any, Any]],
    people: dict[int, dict[int, str]],
) -> list[AuditEvent]:
    """What governance.audit.trail writes for each history row, named without a query."""
    key = record_type_key(model)
    if key in PLATFORM_TYPES or not history:
        return []
    kept = {f.attname for f in type(history[0][1])._meta.concrete_fields}
    fields = [
        f for f in history_fields(model, HIDDEN_FIELDS.get(key, frozenset())) if f.attname in kept
    ]
    value_names = history_value_names(model)
    events = []
    for obj, row, previous in history:
        school_id = obj.pk if key == "schools.school" else obj.school_id  # type: ignore[attr-defined]
        sensitive = is_sensitive(key, obj)
        changes = changes_between(
            fields,
            previous,
            row,
            people=people.get(school_id, {}),
            labels={},
            value_names=value_names,
        )
        events.append(
            AuditEvent(
                school_id=school_id,
                at=row.history_date,
                actor_id=row.history_user_id,
                reason=REASON,
                action=row.history_type,
                record_type=key,
                record_id=str(obj.pk),
                record_label=record_label(key, obj, sensitive=sensitive),
                history_id=row.history_id,
                changes=[[c.label, c.old, c.new] for c in changes],
                sensitive=sensitive,
            )
        )
    return events
