"""A guard against N+1 queries: a page costs the same number of queries at two data sizes.

    def add_classes(n: int) -> None:
        for _ in range(n):
            SchoolClassFactory(school=school)

    assert_queries_constant(lambda: client.get(url), add_classes)

renders the page with 5 records, then with 50, and fails (printing both
query lists) if the number of SQL queries differs.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

if TYPE_CHECKING:
    from django.test.client import _MonkeyPatchedWSGIResponse as TestResponse


def _listing(label: str, captured: CaptureQueriesContext) -> str:
    lines = [f"{label}: {len(captured)} queries"]
    lines += [f"  {n:>3}. {query['sql']}" for n, query in enumerate(captured.captured_queries, 1)]
    return "\n".join(lines)


def count_queries(fetch: Callable[[], TestResponse], status: int = 200) -> CaptureQueriesContext:
    """The queries of one ``fetch()``, after a first unmeasured one warms any caches."""
    fetch()
    with CaptureQueriesContext(connection) as captured:
        response = fetch()
    assert response.status_code == status, f"the page answered {response.status_code}"
    return captured


def assert_queries_constant(
    fetch: Callable[[], TestResponse],
    add_records: Callable[[int], Any],
    *,
    sizes: tuple[int, int] = (5, 50),
    status: int = 200,
) -> int:
    """Fail if ``fetch()`` needs more queries after ``add_records`` grew the data.

    ``add_records(n)`` adds ``n`` more records of the kind the page lists.
    Returns the number of queries, for a test that also wants a ceiling.
    """
    small, large = sizes
    add_records(small)
    few = count_queries(fetch, status)
    add_records(large - small)
    many = count_queries(fetch, status)
    if len(few) != len(many):
        listings = f"{_listing(f'With {small} records', few)}\n\n"
        listings += _listing(f"With {large} records", many)
        pytest.fail(
            f"The page's query count grows with its data ({len(few)} queries with {small} "
            f"records, {len(many)} with {large}): an N+1 query.\n\n{listings}",
            pytrace=False,
        )
    return len(many)
