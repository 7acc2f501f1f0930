"""Measure Policy Portal and write docs/benchmarks.md.

    .venv/bin/python bench/run.py                      # (a) only, unless DATABASE_URL is set
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/portal .venv/bin/python bench/run.py

(a) PDF render time through ``documents.pdf.render_pdf``; (b) jobs drained
per second by a real Celery worker with two processes; (c) the latency of a
real HTTP submission that commits a job with Redis paused, over the same with
Redis healthy. (b) and (c) need PostgreSQL: the benchmark creates its own
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
import sys
import traceback
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path
from typing import Any, TypeVar

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

T = TypeVar("T")


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--database-url",
        default=os.environ.get("DATABASE_URL", ""),
        help="postgres:// URL; the benchmark uses <name>_bench beside it (default: $DATABASE_URL)",
    )
    parser.add_argument(
        "--only", default="pdf,drain,submit", help="sections to run, comma-separated"
    )
    parser.add_argument("--pdf-runs", type=int, default=100, help="timed one-page renders")
    parser.add_argument("--pdf-long-runs", type=int, default=20, help="timed twenty-page renders")
    parser.add_argument("--jobs", type=int, default=3000, help="jobs for the drain benchmark")
    parser.add_argument("--submissions", type=int, default=30, help="submissions per series")
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

    from bench import drain, machine, pdf, submit
    from bench.report import Report
    from schools.models import School
    from tests.helpers.redis_server import PrivateRedis

    sections = set(args.only.split(","))
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

    wants_db = sections & {"drain", "submit"}
    if wants_db and not args.database_url:
        for name in wants_db:
            report.skipped[name] = "needs PostgreSQL: set DATABASE_URL (or --database-url)"
    elif wants_db:
        with PrivateRedis() as redis, bench_database() as database:
            report.postgres = machine.postgres_version()
            report.redis = machine.redis_version(redis.url)
            chestnuts = School.objects.get(slug="chestnuts")
            if "drain" in sections:
                report.drain = attempt(
                    "drain",
                    errors,
                    lambda: drain.measure(
                        school=chestnuts, redis=redis, database=database, jobs=args.jobs
                    ),
                )
            if "submit" in sections:
                missing = submit.view_available()
                if missing:
                    report.skipped["submit"] = missing
                else:
                    report.submit = attempt(
                        "submit",
                        errors,
                        lambda: submit.measure(
                            school=chestnuts,
                            redis=redis,
                            database=database,
                            count=args.submissions,
                        ),
                    )

    report.load_after = machine.load_average()
    report.finished = datetime.now(report.started.tzinfo)
    report.errors = errors
    Path(args.output).write_text(report.markdown())
    print(f"wrote {args.output}")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
