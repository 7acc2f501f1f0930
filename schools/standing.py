"""A person's standing in a school: the query every school page runs, built once.

On every request under ``/<school_slug>/``, ``SchoolMiddleware`` reads the
school, the person and their roles there (and, on a GET, the bell's counts)
in one query. Building that query through the ORM (filters across two joins,
two counting subqueries) took several times as long as the database takes to
answer it: about 5 ms of a 15 ms page on these machines, against 1 ms. So the
ORM builds it once for each database and set of extra columns, with stand-in
values for the person and the slug, and each request runs the SQL kept with
its own values in their places. The rows go through the ORM's own converters
and ``Model.from_db``, so the school and the person are the instances a
queryset would have made.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db import connections, models, router

if TYPE_CHECKING:
    from accounts.models import User
    from schools.models import School

# What a query's extra columns are made by: ``notifications.models.unread_counts_columns``.
Columns = Callable[[], Mapping[str, models.Expression]]

# Stand-ins, found again among the compiled query's parameters: no person has
# this id and no slug is this long a word.
_PERSON = -7_300_000_000_000_001
_SLUG = "school-standing-kept-query-stand-in"


@dataclass(frozen=True)
class Standing:
    """What the query found: the school and the person, once, and each role held."""

    school: School
    user: User
    roles: list[str]
    columns: dict[str, Any]


@dataclass(frozen=True)
class _Kept:
    sql: str
    params: tuple[Any, ...]
    person_at: tuple[int, ...]  # where the person's id goes among the parameters
    slug_at: tuple[int, ...]
    query: Any  # the ORM's query, for its compiler's converters
    select: tuple[Any, ...]  # each selected column's expression
    school_fields: tuple[str, ...]
    user_fields: tuple[str, ...]
    column_names: tuple[str, ...]


_KEPT: dict[tuple[str, str, Columns | None], _Kept] = {}


def _build(alias: str, columns: Columns | None) -> _Kept:
    from accounts.models import User
    from schools.models import Membership, School

    school_fields = tuple(field.attname for field in School._meta.concrete_fields)
    user_fields = tuple(field.attname for field in User._meta.concrete_fields)
    extra = dict(columns()) if columns is not None else {}
    rows = Membership.objects.unscoped("a person's standing, found by the school's slug").filter(
        user_id=_PERSON, school__slug=_SLUG, school__is_active=True, ended_at__isnull=True
    )
    if extra:
        rows = rows.annotate(**extra)
    listed = rows.order_by().values_list(
        "role",
        *(f"school__{name}" for name in school_fields),
        *(f"user__{name}" for name in user_fields),
        *extra,
    )
    query = listed.query
    names = [*query.extra_select, *query.values_select, *query.annotation_select]
    if names[0] != "role" or names[len(names) - len(extra) :] != list(extra):  # pragma: no cover
        raise RuntimeError("The standing query's columns are not in the order asked for.")
    compiler = query.get_compiler(using=alias)
    sql, params = compiler.as_sql()
    params = tuple(params)
    person_at = tuple(n for n, value in enumerate(params) if value == _PERSON)
    slug_at = tuple(n for n, value in enumerate(params) if value == _SLUG)
    if len(person_at) != 1 or len(slug_at) != 1:  # pragma: no cover - an ORM change
        raise RuntimeError("The standing query's person and slug are not where they were.")
    return _Kept(
        sql=sql,
        params=params,
        person_at=person_at,
        slug_at=slug_at,
        query=query,
        select=tuple(expression for expression, _sql, _alias in compiler.select),
        school_fields=school_fields,
        user_fields=user_fields,
        column_names=tuple(extra),
    )


def _kept(alias: str, columns: Columns | None) -> _Kept:
    key = (alias, connections[alias].vendor, columns)
    kept = _KEPT.get(key)
    if kept is None:
        kept = _KEPT[key] = _build(alias, columns)
    return kept


def _with(params: Sequence[Any], places: dict[int, Any]) -> list[Any]:
    values = list(params)
    for place, value in places.items():
        values[place] = value
    return values


def standing_of(person_id: Any, slug: str, columns: Columns | None = None) -> Standing | None:
    """The active school ``slug``, the person ``person_id`` and their roles there, in
    one query; None when they hold no role in an active school of that slug."""
    from accounts.models import User
    from schools.models import Membership, School

    alias = router.db_for_read(Membership)
    kept = _kept(alias, columns)
    params = _with(kept.params, {kept.person_at[0]: person_id, kept.slug_at[0]: slug})
    connection = connections[alias]
    with connection.cursor() as cursor:
        cursor.execute(kept.sql, params)
        rows: list[Any] = cursor.fetchall()
    if not rows:
        return None
    compiler = kept.query.get_compiler(connection=connection)
    converters = compiler.get_converters(kept.select)
    if converters:
        rows = list(compiler.apply_converters(rows, converters))
    first = rows[0]
    after_school = 1 + len(kept.school_fields)
    after_user = after_school + len(kept.user_fields)
    return Standing(
        school=School.from_db(alias, kept.school_fields, first[1:after_school]),
        user=User.from_db(alias, kept.user_fields, first[after_school:after_user]),
        roles=[row[0] for row in rows],
        columns=dict(zip(kept.column_names, first[after_user:], strict=True)),
    )
