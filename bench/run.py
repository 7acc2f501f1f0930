"""Measure Policy Portal and write docs/benchmarks.md.

    .venv/bin/python bench/run.py                      # pdf only, unless DATABASE_URL is set
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/portal .venv/bin/python bench/run.py

Sections (``--only`` picks some; all run by default): ``pdf``, PDF render
time through ``documents.pdf.render_pdf``; ``drain``, jobs drained per second
by a real Celery worker with two processes; ``submit``, the latency of a real
HTTP submission that commits a job with Redis paused, over the same with
Redis healthy; ``pages``, pages and the kiosk under load as a share of
``/healthz``; ``pool``, a page with Django's connection pool over without it;
``create``, audited over plain creates; ``load``, a parents' evening with
locust. All but ``pdf`` need PostgreSQL: the benchmark creates its own
database ``<name>_bench`` beside the one ``DATABASE_URL`` names (which it
never touches), migrates it, loads the demo schools, and drops it at the end.
Redis is always a private ``redis-server`` on a free loopback port.

Every loop is bounded in count and time. The numbers are written as measured,
targets missed included; the load average is recorded because the machine
may be busy with other work.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import traceback
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from functools import partial
from pathlib import Path
from typing import Any, TypeVar

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

T = TypeVar("T")

SECTIONS = (
    *("pdf", "drain", "submit", "pages", "pool", "create", "load"),
    *("explain", "scale", "digest"),
)
# Measured on the synthetic datasets (manage.py generate_dataset), each by its
# own module in a child process: they point Django at those databases.
DATASET_SECTIONS = {
    "explain": ("(h)", "bench.explain"),
    "scale": ("(i)", "bench.scale"),
    "digest": ("(j)", "bench.digest"),
}


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--database-url",
        default=os.environ.get("DATABASE_URL", ""),
        help="postgres:// URL; the benchmark uses <name>_bench beside it (default: $DATABASE_URL)",
    )
    parser.add_argument(
        "--only",
        default=",".join(SECTIONS),
        help=f"sections to run, comma-separated (default: all of {','.join(SECTIONS)})",
    )
    parser.add_argument("--pdf-runs", type=int, default=100, help="timed one-page renders")
    parser.add_argument("--pdf-long-runs", type=int, default=20, help="timed twenty-page renders")
    parser.add_argument("--jobs", type=int, default=3000, help="jobs for the drain benchmark")
    parser.add_argument("--submissions", type=int, default=30, help="submissions per series")
    parser.add_argument(
        "--page-requests", type=int, default=400, help="requests per series for pages and pool"
    )
    parser.add_argument(
        "--page-seconds", type=float, default=40.0, help="time limit of each such series"
    )
    parser.add_argument(
        "--create-rows", type=int, default=300, help="rows created each way for create"
    )
    parser.add_argument("--load-kiosks", type=int, default=20, help="kiosk users in load")
    parser.add_argument("--load-staff", type=int, default=5, help="staff users browsing in load")
    parser.add_argument("--load-seconds", type=int, default=90, help="how long load runs")
    parser.add_argument(
        "--dataset-url",
        default=os.environ.get("BENCH_DATASET_URL", ""),
        help="postgres:// URL of the national dataset (3,000 schools) for explain, scale, digest",
    )
    parser.add_argument(
        "--small-dataset-url",
        default=os.environ.get("BENCH_SMALL_DATASET_URL", ""),
        help="postgres:// URL of the 50-school dataset for scale and digest",
    )
    parser.add_argument(
        "--digest-limit", type=int, default=0, help="digest only the first N schools (0: all)"
    )
    parser.add_argument(
        "--load-requests", type=int, default=3000, help="at most this many requests in load"
    )
    parser.add_argument("--output", default=str(ROOT / "docs" / "benchmarks.md"))
    return parser.parse_args(argv)


def setup_django(database_url: str) -> None:
    if database_url:
        os.environ["DATABASE_URL"] = database_url
    else:
        os.environ.pop("DATABASE_URL", None)
    # The benchmark's Redis is its own; this process runs tasks in-process
    # unless a section points it at that Redis (tests/helpers/worker.publishing_to).
    os.environ.pop("REDIS_URL", None)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "policyportal.settings")
    import django

    django.setup()


@contextmanager
def bench_database() -> Iterator[Mapping[str, Any]]:
    """A fresh, migrated PostgreSQL database beside DATABASE_URL's, dropped at the end."""
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection

    original_name = connection.settings_dict["NAME"]
    bench_name = f"{original_name}_bench"
    connection.settings_dict.setdefault("TEST", {})["NAME"] = bench_name
    settings.DATABASES["default"].setdefault("TEST", {})["NAME"] = bench_name
    connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    try:
        call_command("load_demo", verbosity=0)
        yield settings.DATABASES["default"]
    finally:
        connection.creation.destroy_test_db(original_name, verbosity=0)


@dataclass(frozen=True)
class Context:
    """What every section that needs PostgreSQL is given: the options, Redis, the database."""

    args: argparse.Namespace
    redis: Any  # tests.helpers.redis_server.PrivateRedis, imported once Django is set up
    database: Mapping[str, Any]


@dataclass(frozen=True)
class Section:
    """A section that needs PostgreSQL. ``missing()`` says why it cannot run, if it cannot;
    ``run`` returns the result, kept on the report under the section's name."""

    run: Callable[[Context], object]
    missing: Callable[[], str | None] = lambda: None


def db_sections() -> dict[str, Section]:
    """The sections that need PostgreSQL, in the order they run (after Django is set up)."""
    from bench import create, drain, load, pages, pool, submit
    from schools.models import School

    def chestnuts() -> Any:
        return School.objects.get(slug="chestnuts")

    return {
        "drain": Section(
            lambda c: drain.measure(
                school=chestnuts(), redis=c.redis, database=c.database, jobs=c.args.jobs
            )
        ),
        "submit": Section(
            lambda c: submit.measure(
                school=chestnuts(), redis=c.redis, database=c.database, count=c.args.submissions
            ),
            submit.view_available,
        ),
        "pages": Section(
            lambda c: pages.measure(
                redis=c.redis,
                database=c.database,
                requests=c.args.page_requests,
                seconds=c.args.page_seconds,
            )
        ),
        "pool": Section(
            lambda c: pool.measure(
                redis=c.redis,
                database=c.database,
                requests=c.args.page_requests,
                seconds=c.args.page_seconds,
            )
        ),
        "create": Section(lambda c: create.measure(school=chestnuts(), rows=c.args.create_rows)),
        "load": Section(
            lambda c: load.measure(
                school=chestnuts(),
                redis=c.redis,
                database=c.database,
                kiosk_users=c.args.load_kiosks,
                staff_users=c.args.load_staff,
                seconds=c.args.load_seconds,
                requests=c.args.load_requests,
            ),
            load.locust_available,
        ),
    }


def dataset_arguments(name: str, args: argparse.Namespace) -> list[str] | None:
    """The command-line arguments of ``bench.<name>``, or None if its datasets are not given."""
    if not args.dataset_url or (name != "explain" and not args.small_dataset_url):
        return None
    arguments = ["--dataset-url", args.dataset_url]
    if name != "explain":
        arguments += ["--small-url", args.small_dataset_url]
    if name == "digest" and args.digest_limit:
        arguments += ["--limit", str(args.digest_limit)]
    return arguments


def run_dataset_section(
    name: str, args: argparse.Namespace, report: Any, errors: dict[str, str]
) -> None:
    """Run ``bench.<name>`` in a child process and keep the section it prints.

    A missed target (exit 1) still gives its section; anything else is an error.
    """
    letter, module = DATASET_SECTIONS[name]
    arguments = dataset_arguments(name, args)
    if arguments is None:
        report.skipped[name] = (
            "needs the synthetic datasets: --dataset-url (3,000 schools) and, but for explain, "
            "--small-dataset-url (50 schools), both made by manage.py generate_dataset"
        )
        return
    print(f"-- {name} …", flush=True)
    done = subprocess.run(  # noqa: S603 - our own module, our own arguments
        [sys.executable, "-m", module, *arguments],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode not in (0, 1) or not done.stdout.strip():
        errors[name] = done.stderr[-3000:] or f"exit {done.returncode}"
        print(errors[name], file=sys.stderr, flush=True)
        return
    report.dataset_sections.append(_lettered(done.stdout.strip(), letter))


def _lettered(section: str, letter: str) -> str:
    """The module's section with the report's letter, e.g. "## (d) …" → "## (h) …"."""
    head, _, rest = section.partition("\n")
    if head.startswith("## (") and ")" in head:
        head = f"## {letter}{head[head.index(')') + 1 :]}"
    return f"{head}\n{rest}"


def attempt(label: str, errors: dict[str, str], run: Callable[[], T]) -> T | None:
    """Run one section; a failure is recorded for the report instead of ending the run."""
    print(f"-- {label} …", flush=True)
    try:
        return run()
    except Exception:
        errors[label] = traceback.format_exc(limit=6)
        print(errors[label], file=sys.stderr, flush=True)
        return None


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if args.database_url and not args.database_url.startswith(("postgres://", "postgresql://")):
        print("--database-url must be a postgres:// URL", file=sys.stderr)
        return 2
    setup_django(args.database_url)

    from django.utils import timezone

    from bench import machine, pdf
    from bench.report import Report
    from tests.helpers.redis_server import PrivateRedis

    sections = set(filter(None, args.only.split(",")))
    unknown = sections - set(SECTIONS)
    if unknown:
        print(f"unknown sections: {', '.join(sorted(unknown))}", file=sys.stderr)
        return 2
    report = Report(started=timezone.localtime(), machine=machine.describe())
    report.load_before = machine.load_average()
    report.redis = PrivateRedis().version()
    report.code = machine.code_version(ROOT)
    errors: dict[str, str] = {}

    if "pdf" in sections:
        missing = pdf.samples_available()
        if missing:
            report.skipped["pdf"] = missing
        else:
            report.pdf = attempt(
                "PDF", errors, lambda: pdf.measure(args.pdf_runs, args.pdf_long_runs)
            )

    table = db_sections()
    wants_db = sections & set(table)
    if wants_db and not args.database_url:
        for name in wants_db:
            report.skipped[name] = "needs PostgreSQL: set DATABASE_URL (or --database-url)"
    elif wants_db:
        with PrivateRedis() as redis, bench_database() as database:
            report.postgres = machine.postgres_version()
            report.redis = machine.redis_version(redis.url)
            context = Context(args=args, redis=redis, database=database)
            for name, section in table.items():
                if name not in sections:
                    continue
                missing = section.missing()
                if missing:
                    report.skipped[name] = missing
                else:
                    setattr(report, name, attempt(name, errors, partial(section.run, context)))

    for name in DATASET_SECTIONS:
        if name in sections:
            run_dataset_section(name, args, report, errors)

    report.load_after = machine.load_average()
    report.finished = datetime.now(report.started.tzinfo)
    report.errors = errors
    Path(args.output).write_text(report.markdown())
    print(f"wrote {args.output}")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
