"""The sections of docs/benchmarks.md for the pages, the pool, creates and the load test.

Each section has a summary (rows of the "Summary" table) and a body; the body
is empty when the section did not run, and ``bench/report.py`` then says why.
"""

from __future__ import annotations

from bench.create import CreateResult
from bench.load import SPAWN_RATE, LoadResult
from bench.pages import (
    HEALTHZ,
    KIOSK,
    KIOSK_RATIO_TARGET,
    LIST_P95_TARGET,
    LIST_RATIO_TARGET,
    ROUNDS,
    PagesResult,
)
from bench.pool import PoolResult
from bench.stats import ms
from bench.traffic import Series

PAGES_TITLE = "(d) Pages and the kiosk under load, against /healthz"
POOL_TITLE = "(e) Connection pool on and off"
CREATE_TITLE = "(f) Audited creates against plain ones"
LOAD_TITLE = "(g) A parents' evening with locust"
AUDITED_RATIO_TARGET = 1.3


def target_row(measure: str, result: str, target: str, met: bool) -> str:
    return f"| {measure} | {result} | {target} | {'met' if met else '**missed**'} |"


def pages_summary(result: PagesResult) -> list[str]:
    rows = []
    for page in result.pages:
        ratio = result.ratio(page)
        rows.append(
            target_row(
                f"{page.name}, throughput ÷ /healthz's (concurrency {result.concurrency})",
                f"{ratio:.2f}",
                f"≥ {LIST_RATIO_TARGET}",
                ratio >= LIST_RATIO_TARGET and not page.errors,
            )
        )
        rows.append(
            target_row(
                f"{page.name}, p95 (concurrency {result.concurrency})",
                ms(page.timings.p95),
                f"≤ {LIST_P95_TARGET * 1000:.0f} ms",
                page.timings.p95 <= LIST_P95_TARGET,
            )
        )
    ratio = result.ratio(result.kiosk)
    rows.append(
        target_row(
            f"kiosk submission, throughput ÷ /healthz's (concurrency {result.concurrency})",
            f"{ratio:.2f}",
            f"≥ {KIOSK_RATIO_TARGET}",
            ratio >= KIOSK_RATIO_TARGET and not result.kiosk.errors,
        )
    )
    return rows


def _series_row(result: PagesResult, series: Series) -> str:
    t = series.timings
    return (
        f"| {series.name} | `{result.paths[series.name]}` | {series.requests} | {series.errors} "
        f"| {series.per_second:.1f} | {result.ratio(series):.2f} | {ms(t.median)} "
        f"| {ms(t.p95)} | {ms(t.maximum)} |"
    )


def pages_section(result: PagesResult | None) -> str:
    if result is None:
        return ""
    rows = "\n".join(_series_row(result, s) for s in (result.healthz, *result.pages, result.kiosk))
    errors = [s for s in (result.healthz, *result.pages, result.kiosk) if s.errors]
    notes = "".join(f"\nFirst error of {s.name}: `{s.first_error}`.\n" for s in errors)
    return (
        f"## {PAGES_TITLE}\n\n"
        f"gunicorn with {result.workers} sync workers on loopback, PostgreSQL (pooled "
        f"connections) and the benchmark's Redis. {result.concurrency} client threads "
        "(`bench/traffic.py`, one process) each send one request, wait for the answer, "
        "then send the next; each request opens its own connection, as gunicorn's sync "
        "workers close it after answering. Every series runs on the same server at the "
        f"same concurrency, in {ROUNDS} alternating rounds after a warm-up, so the ratio "
        f"to `{HEALTHZ}` (one `SELECT 1`, no session) cancels most of the machine's speed "
        "and other load. The pages are read as Chestnuts' headteacher, signed in once; "
        f"the {KIOSK} is a family's typed signature with a fresh idempotency key, in a kiosk "
        "a teacher started, answered with a redirect to the thank-you page (it commits the "
        "agreement, its history and audit rows and its PDF job; no worker runs here). "
        "The demo's data is small: this measures the pages' fixed cost, not their cost at "
        "scale.\n\n"
        "| series | path | requests | errors | per second | ÷ /healthz | median | p95 "
        "| slowest |\n| --- | --- | --- | --- | --- | --- | --- | --- | --- |\n"
        f"{rows}\n{notes}\n"
        f"Targets: list pages at least {LIST_RATIO_TARGET} of `/healthz`'s throughput with "
        f"a p95 of at most {LIST_P95_TARGET * 1000:.0f} ms; the kiosk submission at least "
        f"{KIOSK_RATIO_TARGET}. With {result.concurrency} clients and {result.workers} "
        "workers, a request's time includes its wait for a free worker.\n"
    )


def pool_summary(result: PoolResult) -> list[str]:
    return [
        f"| {result.page}, throughput pooled ÷ unpooled | {result.throughput_ratio:.2f} "
        "| none set | |"
    ]


def pool_section(result: PoolResult | None) -> str:
    if result is None:
        return ""
    rows = "\n".join(
        f"| {s.name} | {s.requests} | {s.errors} | {s.per_second:.1f} | {ms(s.timings.median)} "
        f"| {ms(s.timings.p95)} |"
        for s in (result.pooled, result.unpooled)
    )
    return (
        f"## {POOL_TITLE}\n\n"
        f"The {result.page} (`{result.path}`) as the headteacher, {result.concurrency} "
        f"clients as in (d), on gunicorn with {result.workers} sync workers started twice "
        "in turn: with the portal's settings (Django's psycopg pool, "
        "`DATABASE_POOL_MIN`/`DATABASE_POOL_MAX`), and with `bench.unpooled_settings`, the "
        "same settings without the pool, where each request opens a PostgreSQL connection "
        "and closes it at its end. The rounds alternate.\n\n"
        "| connections | requests | errors | per second | median | p95 |\n"
        "| --- | --- | --- | --- | --- | --- |\n"
        f"{rows}\n\n"
        f"Throughput, pooled ÷ unpooled: **{result.throughput_ratio:.2f}** (above 1: the "
        f"pool serves more pages a second); median latency, pooled ÷ unpooled: "
        f"{result.median_ratio:.2f} (below 1: the pool answers sooner).\n"
    )


def create_summary(result: CreateResult) -> list[str]:
    return [
        target_row(
            "audited create ÷ plain create (a transaction a record)",
            f"{result.ratio:.2f}",
            f"≤ {AUDITED_RATIO_TARGET}",
            result.ratio <= AUDITED_RATIO_TARGET,
        ),
        f"| audited create ÷ plain create (all in one transaction) "
        f"| {result.one_transaction_ratio:.2f} | none set | |",
    ]


def create_section(result: CreateResult | None) -> str:
    if result is None:
        return ""
    n = result.rows

    def per_row(seconds: float) -> str:
        return ms(seconds / n)

    return (
        f"## {CREATE_TITLE}\n\n"
        f"{n} classes (`schools.SchoolClass`) of Chestnuts created each way, in this process "
        "against PostgreSQL. Both ways build the same instance, validate it as `save_as` does"
        " (`validate_record`) and save it into the same table. Audited: "
        "`schools.records.save_as`, as the services save, so the history row naming who "
        "and its `AuditEvent` are written in the same transaction (one statement on "
        "PostgreSQL, `governance.audit.trail.write_history`). "
        "Plain: the same save with simple-history told to skip the row "
        "(`skip_history_when_saving`), so neither row is written. A class is a small row, so "
        "the audit's share is as large here as anywhere. The target compares records made as "
        "a request makes them, one transaction each, whose durable commit both ways pay "
        "alike; the same rows made in one transaction each way show the audit's cost without "
        "that commit.\n\n"
        "| way | one transaction a record | per record | all in one transaction "
        "| per record |\n| --- | --- | --- | --- | --- |\n"
        f"| audited | {result.audited_seconds:.2f} s | {per_row(result.audited_seconds)} "
        f"| {result.audited_one_transaction:.2f} s "
        f"| {per_row(result.audited_one_transaction)} |\n"
        f"| plain | {result.plain_seconds:.2f} s | {per_row(result.plain_seconds)} "
        f"| {result.plain_one_transaction:.2f} s | {per_row(result.plain_one_transaction)} |\n"
        f"| **audited ÷ plain** | **{result.ratio:.2f}** | | "
        f"**{result.one_transaction_ratio:.2f}** | |\n\n"
        f"The audited ways wrote {result.history_rows} history rows and "
        f"{result.audit_events} audit events for {2 * n} classes; the plain ones "
        f"wrote {result.plain_history_rows} history rows. Target: audited ÷ plain ≤ "
        f"{AUDITED_RATIO_TARGET}, one transaction a record.\n"
    )


def load_summary(result: LoadResult) -> list[str]:
    rows = [
        target_row(
            "parents' evening (locust): failed requests",
            f"{result.failed} of {result.total.requests}",
            "0",
            result.failed == 0,
        )
    ]
    rows += [
        f"| parents' evening: {row.name}, p95 | {row.p95_ms:.0f} ms | none set | |"
        for row in result.rows
        if row.name in ("kiosk signature", "kiosk form")
    ]
    return rows


def load_section(result: LoadResult | None) -> str:
    if result is None:
        return ""
    rows = "\n".join(
        f"| {label} | {r.requests} | {r.failures} | {r.median_ms:.0f} ms | {r.p95_ms:.0f} ms "
        f"| {r.max_ms:.0f} ms | {r.per_second:.1f} |"
        for label, r in (
            *((f"{r.kind} {r.name}", r) for r in result.rows),
            ("**all requests**", result.total),
        )
    )
    failures = "".join(f"- {failure}\n" for failure in result.failures)
    return (
        f"## {LOAD_TITLE}\n\n"
        f"locust (`bench/locustfile.py`), headless on loopback, for {result.seconds} s, "
        f"{result.kiosk_users} kiosk users and {result.staff_users} staff users started "
        f"{SPAWN_RATE} a second, each stopping after {result.max_tasks} tasks at most. A "
        "kiosk user signs in as one of Chestnuts' staff in turn, starts its own kiosk, "
        "then reads the clean form and signs it for one family after another (a fresh "
        "idempotency key each), 0.5 to 2 s apart. A staff user signs in as the headteacher "
        "and reads the dashboard, the reviewer's queue, the incident list, the audit "
        "timeline and the agreements signed, 1 to 3 s apart. gunicorn has "
        f"{result.workers} sync workers, with PostgreSQL, Redis and one Celery worker "
        "process making the agreements' PDFs meanwhile: "
        f"{result.agreement_pdfs} of the {result.agreements} agreements signed had their "
        f"PDF by the end{_lagging(result)}.\n\n"
        "| request | requests | failures | median | p95 | slowest | per second |\n"
        "| --- | --- | --- | --- | --- | --- | --- |\n"
        f"{rows}\n\n"
        f"Failed requests: **{result.failed}** (target 0).\n"
        + (f"\n{failures}" if failures else "")
    )


def _lagging(result: LoadResult) -> str:
    if result.agreement_pdfs >= result.agreements:
        return ""
    return " (the others' were still queued: the PDFs may lag behind a peak)"
