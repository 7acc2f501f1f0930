"""Every list page's SQL on the national dataset, and whether its plans use indexes.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/pp_dataset \\
      .venv/bin/python -m bench.explain \\
      --dataset-url postgres://postgres@127.0.0.1:5432/pp_dataset

The list pages are the rows of the isolation matrix (``SCHOOL_PAGES``) that
the query budgets (``tests/querycount/test_budgets.py``) call lists. Each is
requested once, in process with Django's test client, as the headteacher of
one generated school (``gen1-00001``, which every seed-1 dataset holds), and
every query it runs is captured. Each ``SELECT`` is then explained with
``EXPLAIN (FORMAT JSON)`` — the planner's choice, nothing executed.

The rule: no plan node may read whole (a sequential scan, or an index scan
with no condition) a tenant table — one with a ``school_id`` column, holding
every school's rows — that the planner believes holds more than
``TENANT_THRESHOLD`` rows, or any other table of more than ``THRESHOLD``
(``pg_class.reltuples``). On the 3,000-school dataset a list page passes only
when each of its queries reaches the school's rows, and the rows it joins,
through an index. Tables whose statistics are
missing or stale are ``ANALYZE``d first, as autovacuum would (the datasets'
server may run without it): a plan made without statistics says nothing.

Everything a request writes (the session, the access log) happens inside a
transaction that is rolled back: the dataset is left as it was.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from django.test import Client

    from schools.models import School
    from tests.helpers.matrix import SchoolPage

THRESHOLD = 10_000  # rows; a smaller table may be read whole, as PostgreSQL prefers
# A tenant table (one with a school_id column) holds every school's rows: a
# school's page reading it whole reads the nation's, so its limit is lower.
TENANT_THRESHOLD = 1_000
SLUG = "gen1-00001"
INDEX_NODES = frozenset({"Index Scan", "Index Only Scan", "Bitmap Index Scan"})


# --- Django, databases and pages (shared with bench.scale) -------------------


def setup_django(database_url: str) -> None:
    os.environ["DATABASE_URL"] = database_url
    os.environ.pop("REDIS_URL", None)  # no Celery broker: nothing here queues work
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "policyportal.settings")
    import django

    django.setup()


def database_name(url: str) -> str:
    import dj_database_url

    return str(dj_database_url.parse(url)["NAME"])


def use_database(url: str) -> None:
    """Point the default connection (and its pool) at ``url``'s database."""
    from django.db import DEFAULT_DB_ALIAS, connections

    connection = connections[DEFAULT_DB_ALIAS]
    connection.close()
    # The pool keeps connections to the old database; the next query opens a new one.
    connection.close_pool()  # type: ignore[attr-defined]  # django-stubs lacks Django 5.1's pool
    connection.settings_dict["NAME"] = database_name(url)


@contextmanager
def rolled_back() -> Iterator[None]:
    """Whatever runs inside is undone: the datasets are shared."""
    from django.db import transaction

    with transaction.atomic():
        yield
        transaction.set_rollback(True)


@dataclass(frozen=True)
class ListPage:
    name: str
    prefix: str  # whose account requests it: head@<slug>.example


def list_pages() -> list[ListPage]:
    """The list pages of the page inventory, each with a role allowed to GET it."""
    from schools.roles import Role
    from tests.helpers.budgets import Kind
    from tests.isolation.matrix import SCHOOL_PAGES
    from tests.querycount.test_budgets import KINDS

    # The headteacher may open every list but one's own reviewer queues in a
    # school routing reviews elsewhere; gen1-00001 (odd) routes them to the head.
    prefixes = {Role.HEADTEACHER: "head", Role.DSL: "dsl", Role.ESAFETY: "esafety1"}
    pages = []
    for page in SCHOOL_PAGES:
        if KINDS.get(page.name) is not Kind.LIST:
            continue
        role = next((r for r in prefixes if r in page.get), Role.HEADTEACHER)
        pages.append(ListPage(page.name, prefixes[role]))
    return pages


def page_kwargs(name: str, school: School) -> dict[str, Any]:
    """URL kwargs of a list page that lists inside one object (a class)."""
    from schools.models import SchoolClass

    if name == "agreements:class-coverage":
        first = SchoolClass.objects.for_school(school).order_by("pk").first()
        assert first is not None, f"{school.slug} has no class"
        return {"class_id": first.public_id}
    return {}


def page_url(name: str, school: School) -> str:
    from django.urls import reverse

    return reverse(name, kwargs={"school_slug": school.slug, **page_kwargs(name, school)})


def signed_in(prefix: str, school: School) -> Client:
    """A test client signed in as ``prefix@<slug>.example`` (call inside ``rolled_back``)."""
    from django.test import Client

    from accounts.models import User
    from dataset.generator import email_for

    client = Client()
    client.force_login(User.objects.get(email=email_for(prefix, school.slug)))
    return client


def school(slug: str = SLUG) -> School:
    from schools.models import School

    return School.objects.get(slug=slug)


def page_of(name: str) -> SchoolPage:
    from tests.isolation.matrix import SCHOOL_PAGES

    return next(page for page in SCHOOL_PAGES if page.name == name)


# --- Plans -------------------------------------------------------------------


@dataclass(frozen=True)
class PagePlan:
    page: str
    status: int
    queries: int  # every query the page ran
    explained: int  # the SELECTs among them
    index_nodes: int  # index scans over all its plans
    seq_scans: tuple[str, ...]  # large tables read whole, e.g. "incidents_incident (16,552 rows)"

    @property
    def ok(self) -> bool:
        return self.status == 200 and not self.seq_scans


@dataclass(frozen=True)
class ExplainResult:
    database: str
    schools: int
    slug: str
    threshold: int
    pages: tuple[PagePlan, ...]

    @property
    def ok(self) -> bool:
        return all(page.ok for page in self.pages)


def analyse_if_needed() -> list[str]:
    """ANALYZE the tables autovacuum would have (the datasets' server may run without
    it): never analysed, or changed by more than a tenth since. The tables analysed."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT s.relname FROM pg_stat_user_tables s JOIN pg_class c ON c.oid = s.relid "
            "WHERE c.reltuples < 0 OR s.n_mod_since_analyze > 50 + 0.1 * c.reltuples "
            "ORDER BY s.relname"
        )
        stale = [name for (name,) in cursor.fetchall()]
        for name in stale:
            cursor.execute(f"ANALYZE {connection.ops.quote_name(name)}")
    return stale


def tenant_tables() -> frozenset[str]:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT table_name FROM information_schema.columns "
            "WHERE table_schema = 'public' AND column_name = 'school_id'"
        )
        return frozenset(name for (name,) in cursor.fetchall())


def limits(threshold: int) -> dict[str, int]:
    """Each table's row limit for being read whole, by name (others: ``threshold``)."""
    return {name: min(threshold, TENANT_THRESHOLD) for name in tenant_tables()}


def table_rows() -> dict[str, float]:
    from django.db import connection

    with connection.cursor() as cursor:
        # Rows the statistics counted (a table never analysed has reltuples -1,
        # while the live-row count follows every insert).
        cursor.execute(
            "SELECT c.relname, GREATEST(c.reltuples, s.n_live_tup) FROM pg_class c "
            "JOIN pg_stat_user_tables s ON s.relid = c.oid "
            "WHERE c.relkind = 'r' AND c.relnamespace = 'public'::regnamespace"
        )
        return {name: float(rows) for name, rows in cursor.fetchall()}


def plan_nodes(node: dict[str, Any]) -> Iterator[dict[str, Any]]:
    yield node
    for child in node.get("Plans", ()):
        yield from plan_nodes(child)


def explain(sql: str) -> dict[str, Any]:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN (FORMAT JSON) {sql}")
        (raw,) = cursor.fetchone() or ("[]",)
    document = json.loads(raw) if isinstance(raw, str) else raw
    return dict(document[0]["Plan"])


def is_select(sql: str) -> bool:
    return sql.lstrip().upper().startswith(("SELECT", "WITH"))


def capture(client: Client, url: str) -> tuple[int, list[str]]:
    """The status and SQL of one GET, after an unmeasured one warms any caches."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(url)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    return response.status_code, [query["sql"] for query in captured.captured_queries]


def reads_whole(node: dict[str, Any]) -> bool:
    """A sequential scan, or an index scan with no condition (the index read end to end)."""
    if node["Node Type"] == "Seq Scan":
        return True
    return node["Node Type"] in INDEX_NODES and "Index Cond" not in node


def large_seq_scans(
    plan: dict[str, Any], rows: dict[str, float], threshold: int, limit: dict[str, int]
) -> set[str]:
    found = set()
    for node in plan_nodes(plan):
        name = node.get("Relation Name", "")
        if reads_whole(node) and rows.get(name, 0) > limit.get(name, threshold):
            found.add(name)
    return found


def plan_page(
    page: ListPage,
    where: School,
    rows: dict[str, float],
    threshold: int,
    *,
    prefer_indexes: bool = False,
    verbose: bool = False,
) -> PagePlan:
    from django.db import connection

    with rolled_back():
        status, queries = capture(signed_in(page.prefix, where), page_url(page.name, where))
        if prefer_indexes:
            # A plan that still reads a table whole with sequential scans
            # discouraged has no index to use: a preview on a small dataset.
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL enable_seqscan = off")
        selects = [sql for sql in queries if is_select(sql)]
        plans = [explain(sql) for sql in selects]
    nodes = [node for plan in plans for node in plan_nodes(plan)]
    large: set[str] = set()
    limit = limits(threshold)
    for sql, plan in zip(selects, plans, strict=True):
        found = large_seq_scans(plan, rows, threshold, limit)
        if found and verbose:
            print(f"{page.name}: {sorted(found)}\n  {sql}\n", file=sys.stderr)
        large |= found
    return PagePlan(
        page=page.name,
        status=status,
        queries=len(queries),
        explained=len(selects),
        index_nodes=sum(node["Node Type"] in INDEX_NODES for node in nodes),
        seq_scans=tuple(f"{name} ({rows[name]:,.0f} rows)" for name in sorted(large)),
    )


def measure(
    dataset_url: str,
    *,
    slug: str = SLUG,
    threshold: int = THRESHOLD,
    only: Sequence[str] = (),
    prefer_indexes: bool = False,
    verbose: bool = False,
    analyse: bool = True,
) -> ExplainResult:
    """Explain every list page's queries on ``dataset_url``'s database."""
    from schools.models import School

    use_database(dataset_url)
    if analyse:
        analyse_if_needed()
    rows = table_rows()
    where = school(slug)
    pages = [p for p in list_pages() if not only or p.name in only]
    return ExplainResult(
        database=database_name(dataset_url),
        schools=School.objects.count(),
        slug=slug,
        threshold=threshold,
        pages=tuple(
            plan_page(page, where, rows, threshold, prefer_indexes=prefer_indexes, verbose=verbose)
            for page in pages
        ),
    )


def markdown(result: ExplainResult, letter: str = "d") -> str:
    met = "met" if result.ok else "**not met**"
    lines = [
        f"## ({letter}) Every list page's plans use indexes\n",
        f"Database `{result.database}` ({result.schools:,} schools), school `{result.slug}`, "
        f"each page as its headteacher. A failure is a table read whole (a sequential "
        "scan, or an index scan with no condition) that PostgreSQL estimates at more "
        f"than {TENANT_THRESHOLD:,} rows for a tenant table (one with a `school_id`: every "
        f"school's rows), or {result.threshold:,} for any other (`pg_class.reltuples`, "
        "after `ANALYZE`).\n",
        "| page | status | queries | SELECTs explained | index scans | large tables read whole |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    for page in result.pages:
        scans = ", ".join(page.seq_scans) or "none"
        lines.append(
            f"| `{page.page}` | {page.status} | {page.queries} | {page.explained} "
            f"| {page.index_nodes} | {scans} |"
        )
    failing = sum(not page.ok for page in result.pages)
    lines += [
        "",
        f"Target: no list page reads a large table whole — {met} "
        f"({len(result.pages) - failing} of {len(result.pages)} pages pass).",
        "",
        "How: `bench/explain.py` requests each list page of `SCHOOL_PAGES` once to warm up "
        "and once captured (Django's test client, in process, inside a rolled-back "
        "transaction), then runs `EXPLAIN (FORMAT JSON)` on each `SELECT` it ran.",
        "",
    ]
    return "\n".join(lines)


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--dataset-url",
        default=os.environ.get("DATABASE_URL", ""),
        help="postgres:// URL of the 3,000-school dataset",
    )
    parser.add_argument("--slug", default=SLUG)
    parser.add_argument("--threshold", type=int, default=THRESHOLD)
    parser.add_argument("--page", action="append", default=[], help="only this page (repeatable)")
    parser.add_argument(
        "--prefer-indexes",
        action="store_true",
        help="explain with enable_seqscan off: on a small dataset, shows where no index serves",
    )
    parser.add_argument("--verbose", action="store_true", help="print each failing query")
    parser.add_argument(
        "--no-analyse",
        dest="analyse",
        action="store_false",
        help="never ANALYZE (a database still being written): plans then use size estimates",
    )
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if not args.dataset_url.startswith(("postgres://", "postgresql://")):
        print("--dataset-url (or DATABASE_URL) must be a postgres:// URL", file=sys.stderr)
        return 2
    setup_django(args.dataset_url)
    logging.getLogger("policyportal.access").setLevel(logging.WARNING)  # a line per request
    result = measure(
        args.dataset_url,
        slug=args.slug,
        threshold=args.threshold,
        only=args.page,
        prefer_indexes=args.prefer_indexes,
        verbose=args.verbose,
        analyse=args.analyse,
    )
    print(markdown(result))
    return 0 if result.ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
