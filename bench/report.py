"""docs/benchmarks.md, written from one run's measurements."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from bench.create import CreateResult
from bench.drain import DrainResult
from bench.load import LoadResult
from bench.machine import Machine
from bench.missed import missed_section
from bench.pages import PagesResult
from bench.pdf import PdfResult
from bench.pool import PoolResult
from bench.report_sections import (
    CREATE_TITLE,
    LOAD_TITLE,
    PAGES_TITLE,
    POOL_TITLE,
    create_section,
    create_summary,
    load_section,
    load_summary,
    pages_section,
    pages_summary,
    pool_section,
    pool_summary,
    target_row,
)
from bench.stats import ms
from bench.submit import ROUNDS, SPACING, SubmitResult

ONE_PAGE_P95_TARGET = 0.060
TWENTY_PAGES_P95_TARGET = 1.5
PAUSED_RATIO_TARGET = 1.5


DATASET_TITLES = {
    "explain": "(h) Every list page's plans use indexes",
    "scale": "(i) List pages on 3,000 schools against 50",
    "digest": "(j) The morning digest for 3,000 schools",
}


@dataclass
class Report:
    started: datetime
    machine: Machine
    finished: datetime | None = None
    code: str = ""
    load_before: str = ""
    load_after: str = ""
    postgres: str = "not used (no DATABASE_URL)"
    redis: str = "not used"
    pdf: list[PdfResult] | None = None
    drain: DrainResult | None = None
    submit: SubmitResult | None = None
    pages: PagesResult | None = None
    pool: PoolResult | None = None
    create: CreateResult | None = None
    load: LoadResult | None = None
    # Sections (h)–(j), as bench.explain, bench.scale and bench.digest print them.
    dataset_sections: list[str] = field(default_factory=list)
    skipped: dict[str, str] = field(default_factory=dict)
    errors: dict[str, str] = field(default_factory=dict)

    def markdown(self) -> str:
        parts = [
            self._header(),
            self._machine(),
            self._summary(),
            missed_section(self),
            self._pdf(),
            self._drain(),
            self._submit(),
            pages_section(self.pages) or _skipped(PAGES_TITLE, self.skipped.get("pages")),
            pool_section(self.pool) or _skipped(POOL_TITLE, self.skipped.get("pool")),
            create_section(self.create) or _skipped(CREATE_TITLE, self.skipped.get("create")),
            load_section(self.load) or _skipped(LOAD_TITLE, self.skipped.get("load")),
            *self.dataset_sections,
            *(
                _skipped(title, self.skipped.get(name))
                for name, title in DATASET_TITLES.items()
                if name in self.skipped
            ),
            self._problems(),
            HOW_TO_RUN,
        ]
        return "\n".join(part for part in parts if part)

    def _header(self) -> str:
        return (
            "# Benchmarks\n\n"
            f"Measured on {self.started:%d %B %Y} at {self.started:%H:%M} "
            f"({self.started:%Z}) by `bench/run.py`, which writes this file: "
            "run it again rather than editing the numbers. Targets missed are "
            "recorded as missed.\n"
        )

    def _machine(self) -> str:
        m = self.machine
        return (
            "## The machine\n\n"
            "| | |\n| --- | --- |\n"
            f"| CPUs (`nproc`) | {m.cpus} × {m.cpu_model} |\n"
            f"| memory | {m.memory_gib:.1f} GiB |\n"
            f"| system | {m.os} |\n"
            f"| Python | {m.python} |\n"
            f"| PostgreSQL | {self.postgres} |\n"
            f"| Redis | {self.redis} |\n"
            f"| code measured | {self.code} |\n"
            f"| load average (1, 5, 15 min) before | {self.load_before} |\n"
            f"| load average (1, 5, 15 min) after | {self.load_after} |\n\n"
            "A load average above the number of CPUs means other work shared the "
            "machine during the run, and the times are longer than on an idle one.\n"
        )

    def _summary(self) -> str:
        rows = []
        if self.pdf:
            one, twenty = self.pdf
            rows.append(
                target_row("one-page PDF, p95", ms(one.timings.p95), "≤ 60 ms",
                            one.timings.p95 <= ONE_PAGE_P95_TARGET)
            )  # fmt: skip
            rows.append(
                target_row("twenty-page PDF, p95", f"{twenty.timings.p95:.2f} s", "≤ 1.5 s",
                            twenty.timings.p95 <= TWENTY_PAGES_P95_TARGET)
            )  # fmt: skip
        if self.drain:
            rows.append(
                f"| jobs drained per second, {self.drain.concurrency} worker processes "
                f"| {self.drain.per_second:.0f} | none set | |"
            )
        if self.submit:
            rows.append(
                target_row("submission latency, Redis paused ÷ healthy (medians)",
                            f"{self.submit.ratio:.2f}", "≤ 1.5",
                            self.submit.ratio <= PAUSED_RATIO_TARGET)
            )  # fmt: skip
        if self.pages:
            rows += pages_summary(self.pages)
        if self.pool:
            rows += pool_summary(self.pool)
        if self.create:
            rows += create_summary(self.create)
        if self.load:
            rows += load_summary(self.load)
        if not rows:
            return ""
        return (
            "## Summary\n\n| measure | result | target | |\n| --- | --- | --- | --- |\n"
            + "\n".join(rows)
            + "\n"
        )

    def _pdf(self) -> str:
        if not self.pdf:
            return _skipped("(a) PDF rendering", self.skipped.get("pdf"))
        rows = "\n".join(
            f"| {r.name} | {r.pages or '?'} | {r.size_bytes / 1024:.0f} KiB | {r.timings.count} "
            f"| {ms(r.timings.median)} | {ms(r.timings.p95)} | {ms(r.timings.minimum)} "
            f"| {ms(r.timings.maximum)} |"
            for r in self.pdf
        )
        return (
            "## (a) PDF rendering\n\n"
            "`documents.pdf.render_pdf` (a warm renderer process under time and memory limits, "
            "as a job renders) on `documents.bench_samples.one_page_html()` and "
            "`twenty_page_html()`, after one warm-up render each, one render at a time.\n\n"
            "| document | pages | size | runs | median | p95 | fastest | slowest |\n"
            "| --- | --- | --- | --- | --- | --- | --- | --- |\n"
            f"{rows}\n"
        )

    def _drain(self) -> str:
        d = self.drain
        if d is None:
            return _skipped("(b) Jobs drained per second", self.skipped.get("drain"))
        return (
            "## (b) Jobs drained per second\n\n"
            f"{d.jobs} trivial jobs (`bench.noop`: the outbox's claim, an empty handler, "
            "the finish; two PostgreSQL transactions each) written to the outbox, then "
            f"published to Redis while one `celery -A policyportal worker` with "
            f"{d.concurrency} prefork processes consumed them. Time from the first "
            "publish to the last job's `finished_at`.\n\n"
            "| jobs done | publishing took | drained in | jobs per second |\n"
            "| --- | --- | --- | --- |\n"
            f"| {d.done} of {d.jobs} | {d.publish_seconds:.2f} s | {d.drain_seconds:.2f} s "
            f"| **{d.per_second:.0f}** |\n\n"
            "The publishing process, both worker processes, PostgreSQL and Redis share "
            "the same CPUs. For comparison, the runner alone (`run_job_now` on "
            f"{d.runner_jobs} due jobs, one after another in one process, no broker): "
            f"{d.runner_per_second:.0f} jobs per second, "
            f"{1000 / d.runner_per_second if d.runner_per_second else 0:.1f} ms a job. A job "
            "commits twice (its claim, its finish), and a one-row commit on this machine takes "
            f"{d.commit_seconds * 1000:.1f} ms (median; PostgreSQL waits for its WAL to be "
            "flushed).\n"
        )

    def _submit(self) -> str:
        s = self.submit
        if s is None:
            return _skipped("(c) Submitting with Redis paused", self.skipped.get("submit"))
        rows = "\n".join(
            f"| {label} | {t.count} | {jobs} | {ms(t.median)} | {ms(t.p95)} | {ms(t.maximum)} |"
            for label, t, jobs in (
                ("Redis healthy", s.healthy, s.jobs_committed_healthy),
                ("Redis paused (SIGSTOP)", s.paused, s.jobs_committed_paused),
            )
        )
        return (
            "## (c) Submitting with Redis paused\n\n"
            "Real HTTP POSTs to `documents:school-summary-request` as the headteacher "
            f"of Chestnuts, against gunicorn ({s.workers} sync workers) on loopback "
            "with PostgreSQL and the benchmark's Redis. Each POST commits a "
            "`documents.render` job (the school gains a class before each, so the "
            "summary is new content) and is answered with a redirect; the redirect "
            "is not followed. No worker runs. After a warm-up, submissions go one at a "
            f"time, one every {SPACING} s, in {ROUNDS} alternating rounds (healthy, then "
            "paused), so "
            "that each pause lasts long enough for a web process's dispatcher thread to "
            "block on the paused broker, time out and back off while requests arrive "
            f"(it gave up {s.dispatcher_gave_up} times, by the web processes' logs).\n\n"
            "| series | submissions | jobs committed | median | p95 | slowest |\n"
            "| --- | --- | --- | --- | --- | --- |\n"
            f"{rows}\n\n"
            f"Paused ÷ healthy, medians: **{s.ratio:.2f}** (target ≤ 1.5).\n"
        )

    def _problems(self) -> str:
        if not self.errors:
            return ""
        body = "\n".join(
            f"### {label}\n\n```\n{text.strip()}\n```\n" for label, text in self.errors.items()
        )
        return f"## Sections that failed\n\n{body}"


def _skipped(title: str, why: str | None) -> str:
    return f"## {title}\n\nNot measured in this run: {why or 'not selected (--only)'}.\n"


HOW_TO_RUN = """## How to run

```sh
# everything (about 20 minutes on two CPUs); all but pdf need PostgreSQL and use
# a database of their own, <name>_bench, created, migrated and dropped by the run
DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres make bench
make bench BENCH_ARGS="--only pdf"                 # (a) alone, no database needed
make bench BENCH_ARGS="--only pages,pool --page-requests 100 --output /tmp/bench.md"
.venv/bin/python bench/run.py --help               # every option
# (h)–(j) on the synthetic datasets (manage.py generate_dataset --schools 3000 / 50)
make bench BENCH_ARGS="--only explain,scale,digest --digest-limit 100 \\
  --dataset-url postgres://postgres@127.0.0.1:5432/pp_dataset \\
  --small-dataset-url postgres://postgres@127.0.0.1:5432/pp_dataset50"
```

`--only` takes a comma-separated list of sections: `pdf` (a), `drain` (b),
`submit` (c), `pages` (d), `pool` (e), `create` (f) and `load` (g); all run
by default. The counts have options of their own: `--page-requests` and
`--page-seconds` bound each series of (d) and (e); `--create-rows` is (f)'s
rows each way; `--load-kiosks`, `--load-staff`, `--load-seconds` and
`--load-requests` size and bound (g). `explain` (h), `scale` (i) and `digest` (j)
run only when `--dataset-url` (the 3,000-school dataset; or `BENCH_DATASET_URL`)
and, but for (h), `--small-dataset-url` (50 schools; `BENCH_SMALL_DATASET_URL`)
are given, each in a child process (`python -m bench.explain` etc. run one
alone); they read those databases in transactions rolled back, and
`--digest-limit N` digests the first N schools and projects the rest; the
digest shares the schools among one process per CPU, as the worker's
processes share its jobs (`python -m bench.digest --workers 1` for one).
`--output` writes the report elsewhere than this file, for a run that should
not replace it.

The benchmark starts its own `redis-server` on a free loopback port (it pauses
it with SIGSTOP for (c)), its own Celery workers (for (b) and (g)) and
gunicorn (for (c), (d), (e) and (g)), and stops them all at the end. The load
generator of (d) and (e) is `bench/traffic.py` (threads in the benchmark's
process); (g) runs `locust --headless` with `bench/locustfile.py`. Every
server listens on 127.0.0.1 only, and the run uses the development settings
(no `DJANGO_ENV`), so the headteacher signs in without a second factor.
"""
