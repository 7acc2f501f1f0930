"""The report's "Targets missed" section: by how much, why, and what would close it.

The numbers come from the run; the reasons are what profiling this code on
this kind of machine showed, and stay true until the code they name changes.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from bench.report import Report

PAGES_WHY = """\
A page costs far more than `/healthz`, which runs one `SELECT 1` with no
session and no template. A school page loads the session, reads the school
and the person's roles (one query), runs its own queries (at most 6 to 10, by
the query budgets) and renders a Bootstrap page with the navigation and the
bell: in-process, without the network or gunicorn, the headteacher's
dashboard takes about 11–16 ms of Python on this machine (profiled with
cProfile through Django's test client), most of it template rendering and
the ORM building SQL, not PostgreSQL (each list page spends 0.4–4.5 ms in
the database, by (h)). The load generator, gunicorn's four workers,
PostgreSQL and Redis share the same two cores, so a page's share of the CPU
decides its throughput. With 8 clients on 4 sync workers, half the clients
wait for a free worker, so p95 is at least twice a page's service time:
60 ms needs about 25 ms a page end to end.

What would close it: cache the parts of a page that are the same for every
request of a person in a school (the navigation and the menu of review
routes) instead of rendering them each time; keep sessions in Redis
(`cached_db`) so a request skips the session query; and measure from a second
machine, so that the load generator does not take the server's CPU."""

KIOSK_WHY = """\
A kiosk signature is the heaviest request families make: it checks the
idempotency key, validates the form against the class lists, stores the
drawn signature (decoded and re-encoded with Pillow, so nothing but pixels is
kept), and in one transaction writes the agreement, its history row, its
audit event and the outbox row for its PDF. The PDF itself is made later by
a worker and is not part of the request.

What would close it: re-encode the signature after the response (in the PDF
job, which reads it anyway), and write the history row and audit event in one
statement (below); the request then does the validation and three inserts."""

CREATE_WHY = """\
An audited save writes two more rows than a plain one (the simple-history
row and the `AuditEvent` made from it) and runs simple-history's Python on
every save: it builds the history instance field by field and looks up the
acting person through the request's thread-local, and the audit trail then
reads the previous history row to record what changed. For a small row
such as a class, that Python and the two inserts cost as much again as the
save itself.

What would close it: write the audit event with one `INSERT … SELECT` from
the history row just written instead of building a model instance, and keep
the previous row's values on the instance after a save so the diff needs no
read; both keep every guarantee of docs/architecture.md, "Who changed what"."""

LOAD_WHY = """\
A locust request that fails is listed with its error in (g); each is a bug
in the portal or the locustfile to fix before the next run."""

DIGEST_WHY = """\
The digest runs as one job per reviewer per school, as `digests_due` queues
them: each job claims its outbox row, reads its school again, asks every
module's provider for that person's lines (each a query or two), renders the
email and sends it, then marks the job done, about 11–33 queries a digest,
half of them the job's own bookkeeping. The number of queries per school is
constant (it depends only on how many reviewers a school has), but at about
9 digests a school the cost is roughly 0.2–0.35 s a school on this machine,
so 3,000 schools take 10–20 minutes on two cores, against 60 s.

What would close it: one job per school that asks each provider once for the
whole school (counts per person with conditional aggregation) and renders
every reviewer's email from that, sending them over one SMTP connection; or
providers that count for all schools at once (`GROUP BY school`) in one
pass, with the emails rendered and sent by several workers in parallel."""

SCALE_WHY = """\
Every list page's plans use indexes (h), and each page's median is within a
few milliseconds at both sizes; a p95 of a few dozen samples is the few
slowest requests, and on a shared two-core machine those are the ones other
work interrupted. A page over 1.2 in one run is usually within it in the
next.

What would close it: more samples per page on an otherwise idle machine, and
the p95 of the database time alone (EXPLAIN ANALYZE), which other work on the
machine disturbs far less."""


def _short(result: float, target: float, higher_is_better: bool) -> str:
    if higher_is_better:
        return f"{result:.2f} against at least {target}: {1 - result / target:.0%} short"
    return f"{result:.2f} against at most {target}: {result / target - 1:.0%} over"


def missed_section(report: Report) -> str:
    """One paragraph per missed target, or nothing when every target was met."""
    from bench.pages import KIOSK_RATIO_TARGET, LIST_P95_TARGET, LIST_RATIO_TARGET
    from bench.report_sections import AUDITED_RATIO_TARGET

    parts: list[str] = []
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
            parts.append(PAGES_WHY)
            if kiosk_short:
                parts.append(KIOSK_WHY)
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
