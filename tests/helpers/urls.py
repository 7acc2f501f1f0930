"""Walking the URL configuration: which named pages exist; test urlconfs built like the real one."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from typing import Any

from django.urls import URLPattern, URLResolver, include, path

SCHOOL_PREFIX = "<slug:school_slug>/"


def named_patterns(
    patterns: Iterable[URLPattern | URLResolver], namespace: str = "", route: str = ""
) -> Iterator[tuple[str | None, str]]:
    """``(namespaced name, route)`` for every pattern, descending into includes.

    A pattern without a name yields ``None``: it can be neither reversed nor
    listed in a table, so the completeness checks report it.
    """
    for pattern in patterns:
        here = route + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            inner = ":".join(part for part in (namespace, pattern.namespace or "") if part)
            yield from named_patterns(pattern.url_patterns, inner, here)
        elif pattern.name is None:
            yield None, here
        else:
            yield ":".join(part for part in (namespace, pattern.name) if part), here


def assert_table_complete(
    patterns: Iterable[URLPattern | URLResolver],
    names_in_table: Iterable[str],
    *,
    table: str,
) -> None:
    """Fail unless the table has exactly one row per named pattern: none missing, none stale."""
    found = list(named_patterns(patterns))
    unnamed = sorted(route for name, route in found if name is None)
    served = {name for name, _ in found if name is not None}
    listed = list(names_in_table)
    duplicates = sorted({name for name in listed if listed.count(name) > 1})
    missing = sorted(served - set(listed))
    stale = sorted(set(listed) - served)
    problems = []
    if unnamed:
        problems.append(f"patterns without a name (give each a name): {unnamed}")
    if missing:
        problems.append(f"pages with no row in {table} (add one): {missing}")
    if stale:
        problems.append(f"rows in {table} for pages that no longer exist: {stale}")
    if duplicates:
        problems.append(f"pages with more than one row in {table}: {duplicates}")
    assert not problems, "\n".join(problems)


def portal_urlpatterns(school_patterns: Sequence[Any]) -> list[Any]:
    """The portal's real top-level URLs, with ``school_patterns`` under ``/<school_slug>/``.

    For test urlconfs that add throwaway school pages to the real ones.
    """
    from policyportal import urls

    site = [
        p
        for p in urls.urlpatterns
        if isinstance(p, URLPattern | URLResolver) and str(p.pattern) != SCHOOL_PREFIX
    ]
    return [*site, path(SCHOOL_PREFIX, include(list(school_patterns)))]
