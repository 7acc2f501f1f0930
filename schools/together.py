"""Several kinds of rows in one query: ``read_together``.

A page that shows a record with several kinds of rows under it (an incident's
people, steps, decisions, reports to outside agencies, evidence and notes)
would read each kind in a query of its own. ``read_together`` reads them all
in one:

* each row (the columns its queryset's ``only()`` or ``defer()`` leave it), with
  the rows its ``select_related`` names, becomes one JSON object (Django's
  ``JSONObject``, which it spells for SQLite and for PostgreSQL alike);
* the kinds are joined with ``UNION ALL``;
* each object is made back into a model instance, with its related instances
  cached on it as ``select_related`` would have left them, and each kind is
  put in its queryset's order.

A value comes back from JSON as its backend wrote it, so it is converted as
Django's own column converters would: a moment (SQLite keeps it in UTC with
no offset), a date, a UUID, a yes/no, and a JSON column (text inside SQLite's
object, a value inside PostgreSQL's). A model with a kind of column not
handled here (decimal, float, time, duration, binary) is refused, rather than
read back with a value subtly changed.
"""

from __future__ import annotations

import datetime
import json
import uuid
from collections.abc import Mapping
from typing import Any

from django.db import connections, models
from django.db.models import F, Value
from django.db.models.functions import JSONObject
from django.utils.dateparse import parse_date, parse_datetime

KIND = "together_kind"
ROW = "together_row"
# The key of a related row's object inside its row's object (no column has a colon).
RELATED = "related:"
UNSUPPORTED = frozenset({"DecimalField", "FloatField", "TimeField", "DurationField", "BinaryField"})

Tree = Mapping[str, "Tree"]


def read_together(**sources: models.QuerySet[Any]) -> dict[str, list[Any]]:
    """Each of ``sources``' rows, by the name it was given, in one query.

    Each queryset may filter, ``only()`` or ``defer()`` its own columns,
    ``select_related`` (foreign keys, to any depth) and ``order_by`` field names
    (through related rows it reads; ``"-"`` for newest first); its rows come
    back as its own query would give them.
    """
    if not sources:
        return {}
    arms = []
    alias = None
    for kind, queryset in sources.items():
        tree = _tree(queryset)
        _check(queryset.model, tree)
        alias = alias or queryset.db
        arm = (
            queryset.select_related(None)
            .order_by()
            .annotate(
                **{
                    KIND: Value(kind, output_field=models.CharField()),
                    ROW: _object(queryset.model, "", tree, _loaded(queryset)),
                }
            )
            .values(KIND, ROW)
        )
        arms.append(arm)
    combined = arms[0].union(*arms[1:], all=True) if len(arms) > 1 else arms[0]
    sqlite = connections[alias or "default"].vendor == "sqlite"
    found: dict[str, list[Any]] = {kind: [] for kind in sources}
    for row in combined:
        queryset = sources[row[KIND]]
        data = row[ROW] if isinstance(row[ROW], dict) else json.loads(row[ROW])
        found[row[KIND]].append(
            _instance(queryset.model, data, _tree(queryset), alias, sqlite, _loaded(queryset))
        )
    return {kind: _ordered(rows, sources[kind]) for kind, rows in found.items()}


def _tree(queryset: models.QuerySet[Any]) -> Tree:
    """The queryset's ``select_related`` as a tree of field names."""
    related = queryset.query.select_related
    if related is True:
        raise ValueError("read_together needs select_related() to name its fields.")
    return related or {}


def _loaded(queryset: models.QuerySet[Any]) -> list[models.Field[Any, Any]]:
    """The columns the queryset reads of its own model (``only()`` and ``defer()`` honoured:
    a page that needs three columns does not read the rest)."""
    names, defer = queryset.query.deferred_loading
    fields = queryset.model._meta.concrete_fields
    if defer:
        return [f for f in fields if f.primary_key or not ({f.name, f.attname} & names)]
    return [f for f in fields if f.primary_key or {f.name, f.attname} & names]


def _check(model: type[models.Model], tree: Tree) -> None:
    for field in model._meta.concrete_fields:
        if field.get_internal_type() in UNSUPPORTED:
            raise TypeError(
                f"read_together cannot bring back {model.__name__}.{field.name} "
                f"({field.get_internal_type()}) unchanged."
            )
    for name, below in tree.items():
        _check(model._meta.get_field(name).related_model, below)  # type: ignore[arg-type]


def _object(
    model: type[models.Model],
    prefix: str,
    tree: Tree,
    fields: list[models.Field[Any, Any]] | None = None,
) -> JSONObject:
    pairs: dict[str, Any] = {
        field.attname: F(prefix + field.attname)
        for field in (model._meta.concrete_fields if fields is None else fields)
    }
    for name, below in tree.items():
        related = model._meta.get_field(name).related_model
        pairs[RELATED + name] = _object(related, f"{prefix}{name}__", below)  # type: ignore[arg-type]
    return JSONObject(**pairs)


def _instance(
    model: type[models.Model],
    data: Mapping[str, Any],
    tree: Tree,
    alias: str | None,
    sqlite: bool,
    fields: list[models.Field[Any, Any]] | None = None,
) -> Any:
    columns = list(model._meta.concrete_fields) if fields is None else fields
    if data.get(model._meta.pk.attname) is None:
        return None  # a related row that is not there (a key left empty)
    values = [_python(column, data.get(column.attname), sqlite) for column in columns]
    instance = model.from_db(alias, [column.attname for column in columns], values)
    for name, below in tree.items():
        field = model._meta.get_field(name)
        related = _instance(field.related_model, data[RELATED + name], below, alias, sqlite)  # type: ignore[arg-type]
        field.set_cached_value(instance, related)  # type: ignore[union-attr]
    return instance


def _python(field: models.Field[Any, Any], value: Any, sqlite: bool) -> Any:
    if value is None:
        return None
    kind = field.get_internal_type()
    if kind == "DateTimeField":
        moment = parse_datetime(value)
        if moment is not None and moment.tzinfo is None:
            moment = moment.replace(tzinfo=datetime.UTC)  # SQLite keeps UTC, unmarked
        return moment
    if kind == "DateField":
        return parse_date(value)
    if kind == "UUIDField":
        return value if isinstance(value, uuid.UUID) else uuid.UUID(value)
    if kind == "BooleanField":
        return bool(value)
    if kind == "JSONField":
        # SQLite's object holds the column's JSON as text; PostgreSQL's holds the value.
        return json.loads(value) if sqlite and isinstance(value, str) else value
    return value


def _ordered(rows: list[Any], queryset: models.QuerySet[Any]) -> list[Any]:
    """``rows`` in ``queryset``'s ``order_by`` (field names, through related rows read
    with them; ``"-"`` for descending), or its model's own ordering when it names none."""
    query = queryset.query
    order = query.order_by or (queryset.model._meta.ordering if query.default_ordering else ())
    for name in reversed(order):
        if not isinstance(name, str):
            raise TypeError("read_together orders by field names only.")
        descending = name.startswith("-")
        path = name.lstrip("-").split("__")
        rows.sort(key=lambda row: _sort_key(_follow(row, path)), reverse=descending)
    return rows


def _follow(row: Any, path: list[str]) -> Any:
    """``user__full_name``: the value through the related rows read with ``row``."""
    for name in path:
        if row is None:
            return None
        row = getattr(row, name)
    return row


def _sort_key(value: Any) -> tuple[bool, Any]:
    # None sorts first, as a date or a number would not let it.
    return (value is not None, value)
