"""The report's "Targets missed" section: by how much, why, and what would close it.

The numbers come from the run; the reasons are what profiling this code on
this kind of machine showed, and stay true until the code they name changes.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from bench.report import Report

PAGES_WHY = """\
A page costs far more than `/healthz`, which runs one `SELECT 1` with no
session and no template, and the ratio to it is harder on a faster machine:
`/healthz` answered {healthz:,.0f} a second in this run. A school page reads
the session, then the person, the school and their roles with the bell's
counts (one query), runs its own queries (at most 6 to 10, by the query
budgets) and renders a Bootstrap page with the navigation.

On 22 November the work every page repeats was cut: the session and the
standing query are statements kept per database instead of ORM queries built
for each request (`policyportal.session_store`, `schools.standing`), the
navigation's paths are worked out once a page name and the page shown is
marked in Python, list filters are drawn without crispy-forms' templates
(`form_fields`; since 23 November every form is), and the audit history's
lines are made in Python.
In-process, through Django's test client on the demo data, interleaved with
the code before (medians of 100 requests, three rounds each): the dashboard
{ab_dashboard}, the reviewer's queue {ab_queue}, the incident list
{ab_incidents}, the audit history {ab_audit}.
Timed node by node on 23 November (the demo's incident list, in-process),
the templates' own work is about a third of a list page; the page's own
queries, which the template runs when it first reads the rows, with the ORM
building them, about another third; the request's fixed path (middleware,
session, standing) the rest. Since 23 November every form field and its
widget is drawn from Python (`form_fields`), which took the audit history's
70-option filter select from about 5 ms to under 2. PostgreSQL's own time is
small (0.4–4.5 ms a list page, by (h)).
With {concurrency} clients the p95 follows from throughput (latency ≈
clients ÷ throughput): a p95 of 60 ms needs roughly {needed:.0f} requests a
second on these cores, against the throughputs in (d).

What would close it: the template engine's share, with the rows of each list
and the header drawn by compiled code (Jinja2 for page templates, as the form
widgets already are, or built in Python as the form fields are), and each
page's own queries kept as the standing query is; and measuring from a second
machine, so that the load generator does not take the server's CPU. The
audit timeline, 25 entries of up to twenty fields each, needs it most."""

# In-process medians before and after 22 November's cuts (PAGES_WHY): code
# a17a490 against 33c2916, each in its own checkout, on the same database.
PAGES_IN_PROCESS = {
    "ab_dashboard": "18.8–26.7 → 12.5–16.7 ms",
    "ab_queue": "22.4–26.9 → 12.8–15.6 ms",
    "ab_incidents": "28.5–30.2 → 16.2–19.6 ms",
    "ab_audit": "36.7–42.9 → 24.1–31.5 ms",
}

KIOSK_WHY = """\
A kiosk signature is the heaviest request families make: it checks the
idempotency key, validates the form against the class lists, stores the
drawn signature (decoded and re-encoded with Pillow, so nothing but pixels is
kept), and in one transaction writes the agreement, its history row, its
audit event and the outbox row for its PDF: 19 statements on PostgreSQL,
the transaction's own included (28 until validation stopped looking up the
rows the service already holds; 21 until the history row and audit event
became one and the number and key settled under the school's lock were no
longer asked again), about 15 ms in-process. The session and the person's
standing, read first on every request, are kept statements since 22 November
(PAGES_WHY). The PDF itself is made later by a worker and is not part of the
request. 0.10 of `/healthz` is about
{needed:,.0f} signatures a second in this run: {cpu:.0f} ms of CPU each on
{cores} cores, load generator included.

What would close it: re-encode the signature after the response (in the PDF
job, which reads it anyway), and read the kiosk, its version and its classes
in one query; the target asks for {short:.0%} less CPU a signature than this
run measured."""

CREATE_WHY = """\
An audited save writes two more rows than a plain one: the history row and
the `AuditEvent` made from it. Since 22 November both are one statement on
PostgreSQL (`governance.audit.trail.write_history`: the history row's
`INSERT … RETURNING` feeds the event's `INSERT`, each statement's SQL built
once per model), and simple-history's history manager, made afresh for every
save, is no longer built. In-process A/B runs on the same database,
interleaved, 300 rows each way: audited ÷ plain 2.40–2.65 before, 1.77–1.90
after (all in one transaction: 2.13–2.34 before, 1.55–1.63 after).

What remains is the database's own work for the two rows and their commit:
the audit table's six indexes (its key; the governors' timeline by school and
time, by kind of record and by person; the actor's key; a history row never
written twice) and the history table's six, against the class table's four,
and a commit that flushes their WAL too. Two more indexes of the audit table,
of the school alone and of the time alone, were never read and are gone; the
ratio did not move beyond the noise (1.45–1.76 before, 1.55–1.62 after, three
runs each of `bench/run.py --only create`). What would close it: writing the
audit event after the response, which would break the guarantee that a change
and its audit row commit together. That is not worth 0.3. The ratio also
moves with the machine's other work: 1.27 (met) and 1.69 in two runs an hour
apart on 23 November, on the same code but for form drawing."""

PDF_WHY = """\
A PDF is laid out by WeasyPrint, in Python, in a warm renderer process: the
time is CPU and follows the speed of one core. `/healthz` answered
{healthz} a second in this run; on the faster machine of an earlier run on 22
November (2,143 a second) the same renderer's one-page p95 was 47 ms and its
twenty-page p95 0.55 s (docs/benchmarks.md at c6f62c0). The PDF is made by
a worker after the request, so a person never waits on it.

What would close it: faster cores, or templates that give WeasyPrint fewer
boxes to lay out, measured with the same samples."""

LOAD_WHY = """\
A locust request that fails is listed with its error in (g); each is a bug
in the portal or the locustfile to fix before the next run."""

DIGEST_WHY = """\
The digest is one job a school: it reads the school's review routes and
recipients, asks each app's provider once for everyone it tells, and sends
each recipient with something waiting one email (three queries each, with
rendering). It took about 31 ms a school in one process on the faster
machine of an earlier run on 22 November (`/healthz` 2,143 a second; 49.9 s
for the 3,000 schools over 2 processes, docs/benchmarks.md at c6f62c0), so
the 3,000 schools need the worker's processes sharing them; with fewer cores
than two, or a slower machine, they take longer than 60 s.

What would close it: providers that count for all schools at once
(`GROUP BY school`) in one pass, leaving the jobs only the rendering and
sending."""

SCALE_WHY = """\
Every list page's plans use indexes (h), and each page's median is within a
few milliseconds at both sizes; a p95 is the few slowest requests, and on a
shared two-core machine those are the ones other work interrupted. A page
over 1.2 in one run is usually within it in the next. Each page now has 100
samples a dataset (50 until 22 November), so that one interrupted request
moves its p95 less.

What would close it: an otherwise idle machine, and the p95 of the database
time alone (EXPLAIN ANALYZE), which other work on the machine disturbs far
less."""


def _short(result: float, target: float, higher_is_better: bool) -> str:
    if higher_is_better:
        return f"{result:.2f} against at least {target}: {1 - result / target:.0%} short"
    return f"{result:.2f} against at most {target}: {result / target - 1:.0%} over"


def missed_section(report: Report) -> str:
    """One paragraph per missed target, or nothing when every target was met."""
    from bench.pages import KIOSK_RATIO_TARGET, LIST_P95_TARGET, LIST_RATIO_TARGET
    from bench.report import ONE_PAGE_P95_TARGET, TWENTY_PAGES_P95_TARGET
    from bench.report_sections import AUDITED_RATIO_TARGET

    parts: list[str] = []
    if report.pdf:
        one, twenty = report.pdf
        slow = []
        if one.timings.p95 > ONE_PAGE_P95_TARGET:
            slow.append(f"- one page: p95 {one.timings.p95 * 1000:.0f} ms against at most 60 ms")
        if twenty.timings.p95 > TWENTY_PAGES_P95_TARGET:
            slow.append(f"- twenty pages: p95 {twenty.timings.p95:.2f} s against at most 1.5 s")
        if slow:
            rate = f"{report.pages.healthz.per_second:,.0f}" if report.pages else "not measured"
            parts.append("### PDF rendering (a)\n\n" + "\n".join(slow))
            parts.append(PDF_WHY.format(healthz=rate))
    pages = report.pages
    if pages:
        short = []
        for page in pages.pages:
            ratio = pages.ratio(page)
            if ratio < LIST_RATIO_TARGET:
                short.append(
                    f"- {page.name}: throughput ÷ /healthz {_short(ratio, LIST_RATIO_TARGET, True)}"
                )
            if page.timings.p95 > LIST_P95_TARGET:
                short.append(
                    f"- {page.name}: p95 {page.timings.p95 * 1000:.0f} ms against at most "
                    f"{LIST_P95_TARGET * 1000:.0f} ms"
                )
        kiosk_ratio = pages.ratio(pages.kiosk)
        kiosk_short = kiosk_ratio < KIOSK_RATIO_TARGET
        if kiosk_short:
            short.append(
                f"- kiosk submission: throughput ÷ /healthz "
                f"{_short(kiosk_ratio, KIOSK_RATIO_TARGET, True)}"
            )
        if short:
            parts.append("### Pages and the kiosk (d)\n\n" + "\n".join(short))
            healthz = pages.healthz.per_second
            parts.append(
                PAGES_WHY.format(
                    healthz=healthz,
                    concurrency=pages.concurrency,
                    # Little's law, with a p95 about 1.3 times the mean.
                    needed=pages.concurrency / LIST_P95_TARGET * 1.3,
                    **PAGES_IN_PROCESS,
                )
            )
            if kiosk_short:
                needed = healthz * KIOSK_RATIO_TARGET
                cores = os.cpu_count() or 1
                cpu = cores / needed * 1000
                parts.append(
                    KIOSK_WHY.format(
                        needed=needed,
                        cpu=cpu,
                        cores=cores,
                        short=1 - kiosk_ratio / KIOSK_RATIO_TARGET,
                    )
                )
    if report.create and report.create.ratio > AUDITED_RATIO_TARGET:
        parts.append(
            "### Audited creates (f)\n\n"
            f"Audited ÷ plain: {_short(report.create.ratio, AUDITED_RATIO_TARGET, False)}.\n\n"
            + CREATE_WHY
        )
    if report.load and report.load.failed:
        parts.append(f"### The parents' evening (g)\n\n{report.load.failed} failed requests.")
        parts.append(LOAD_WHY)
    for name, title, why in (
        ("scale", "3,000 schools against 50 (i)", SCALE_WHY),
        ("digest", "The morning digest (j)", DIGEST_WHY),
    ):
        section = next((s for s in report.dataset_sections if _is(s, name)), "")
        if "**not met**" in section:
            parts.append(f"### {title}\n\nThe numbers are in its section below.\n\n{why}")
    if not parts:
        return ""
    heading = "## Targets missed: by how much, why, and what would close it\n\n"
    return heading + "\n\n".join(parts) + "\n"


def _is(section: str, name: str) -> bool:
    head = section.partition("\n")[0]
    return ("digest" in head) if name == "digest" else ("against" in head and "schools" in head)
