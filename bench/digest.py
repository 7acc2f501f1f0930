"""The morning digest for every school of a dataset: seconds, and queries per school.

    .venv/bin/python -m bench.digest \\
      --dataset-url postgres://postgres@127.0.0.1:5432/pp_dataset \\
      --small-url postgres://postgres@127.0.0.1:5432/pp_dataset50

For each school, as ``notifications.digests_due`` does at 09:00 on a weekday
in the school's time zone, the school's digest job is queued and then run
through ``jobs.runner.run_job_now``, as a worker would: claimed, each app's
provider asked once, a digest rendered for each recipient (the reviewers, the
headteacher, the network manager and the clerk) with something waiting and
sent to Django's in-memory email backend, and finished. Each school's work
runs in a transaction that is rolled back afterwards, so the dataset keeps no
job and no sent-email row.

Queries are counted per school with a database execute wrapper (no query
text is kept). A school's count is ``a + b × emails`` with ``a`` and ``b``
the same everywhere when nothing in it grows with the data: the result checks
that schools with as many recipients and emails cost the same, and, when a small dataset
is given too, that each school present in both costs the same in both.

Target (issue 11): all schools within 60 s, with a constant number of
queries per school.
"""

from __future__ import annotations

import argparse
import datetime
import logging
import multiprocessing
import os
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from bench import explain

if TYPE_CHECKING:
    from schools.models import School

TARGET_SECONDS = 60.0
SEND_AT = datetime.time(9, 0)


@dataclass(frozen=True)
class SchoolDigest:
    slug: str
    recipients: int  # people: the reviewers, the headteacher, network manager, clerk
    sent: int  # emails that went out (a digest with nothing waiting sends none)
    queue_queries: int  # digests_due's share: is the school's digest queued, queue it
    queue_seconds: float
    send_queries: int  # the job's: gathering, rendering, sending, finishing
    send_seconds: float

    @property
    def queries(self) -> int:
        return self.queue_queries + self.send_queries

    @property
    def seconds(self) -> float:
        return self.queue_seconds + self.send_seconds

    @property
    def shape(self) -> tuple[int, int]:
        """What a school's count may depend on: its recipients and the emails they get."""
        return (self.recipients, self.sent)


@dataclass(frozen=True)
class DigestRun:
    database: str
    when: datetime.datetime
    schools: tuple[SchoolDigest, ...]
    total: int  # active schools in the database (more than measured with a limit)
    workers: int  # processes sharing the schools, as a worker's processes share jobs
    wall: float  # seconds from the first school started to the last one finished

    @property
    def projected_seconds(self) -> float:
        """The wall time for every school of the database, from the schools measured."""
        return self.wall / len(self.schools) * self.total

    @property
    def seconds(self) -> float:
        return sum(school.seconds for school in self.schools)

    @property
    def queries(self) -> int:
        return sum(school.queries for school in self.schools)

    @property
    def queue_seconds(self) -> float:
        return sum(school.queue_seconds for school in self.schools)

    @property
    def recipients(self) -> int:
        return sum(school.recipients for school in self.schools)

    @property
    def sent(self) -> int:
        return sum(school.sent for school in self.schools)

    def queries_by_shape(self) -> dict[tuple[int, int], Counter[int]]:
        """For each (recipients, emails sent), how many schools cost each query count."""
        found: dict[tuple[int, int], Counter[int]] = {}
        for school in self.schools:
            found.setdefault(school.shape, Counter())[school.queries] += 1
        return dict(sorted(found.items()))

    @property
    def constant(self) -> bool:
        return all(len(counts) == 1 for counts in self.queries_by_shape().values())


@dataclass(frozen=True)
class DigestResult:
    large: DigestRun
    small: DigestRun | None = None
    # Schools in both datasets whose query counts differ: {slug: (small, large)}.
    differing: dict[str, tuple[int, int]] = field(default_factory=dict)

    @property
    def constant(self) -> bool:
        return self.large.constant and not self.differing

    @property
    def ok(self) -> bool:
        return self.large.projected_seconds <= TARGET_SECONDS and self.constant


def send_time(today: datetime.date | None = None) -> datetime.datetime:
    """09:00 UK time on the next weekday after ``today``: every school's digest is due."""
    day = (today or datetime.datetime.now(tz=datetime.UTC).date()) + datetime.timedelta(days=1)
    while day.weekday() >= 5:
        day += datetime.timedelta(days=1)
    return datetime.datetime.combine(day, SEND_AT, tzinfo=ZoneInfo("Europe/London"))


@contextmanager
def counting() -> Iterator[list[int]]:
    """Count the queries run inside; the count is in the yielded list's only item."""
    from django.db import connection

    count = [0]

    def wrapper(execute: Callable[..., Any], sql: str, *args: Any) -> Any:
        count[0] += 1
        return execute(sql, *args)

    with connection.execute_wrapper(wrapper):
        yield count


def digest_school(school: School, when: datetime.datetime) -> SchoolDigest:
    from django.core import mail

    from jobs.models import Job
    from jobs.runner import run_job_now
    from notifications.digest import DIGEST_JOB, digest_day, digest_key, queue_digest

    day = digest_day(school, when)
    if day is None:
        raise RuntimeError(f"{school.slug}: no digest is due at {when}")
    mail.outbox = []
    with explain.rolled_back():
        started = time.perf_counter()
        with counting() as queue_queries:
            # digests_due's work for one school (it loops over every school).
            queue_digest(school, day)
        queued = time.perf_counter()
        job = Job.objects.for_school(school).get(kind=DIGEST_JOB, key=digest_key(day))
        resumed = time.perf_counter()
        with counting() as send_queries:
            run_job_now(school.pk, job.pk)
        finished = time.perf_counter()
        job.refresh_from_db()
    return SchoolDigest(
        slug=school.slug,
        recipients=job.result["recipients"],
        sent=len(mail.outbox),
        queue_queries=queue_queries[0],
        queue_seconds=queued - started,
        send_queries=send_queries[0],
        send_seconds=finished - resumed,
    )


def _digest_share(share: tuple[list[int], datetime.datetime]) -> list[SchoolDigest]:
    """One process's schools, one after another (in a forked process, or this one)."""
    from django.test.utils import override_settings

    from schools.models import School

    school_ids, when = share
    schools = School.objects.filter(pk__in=school_ids).order_by("pk")
    with override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"):
        return [digest_school(school, when) for school in schools]


def run(url: str, when: datetime.datetime, limit: int | None = None, workers: int = 1) -> DigestRun:
    """Every school's digest (or the first ``limit``), shared among ``workers`` processes."""
    from django.db import connection

    from schools.models import School

    explain.use_database(url)
    explain.analyse_if_needed()
    active = School.objects.filter(is_active=True).order_by("pk")
    school_ids = list(active.values_list("pk", flat=True)[:limit])
    total = active.count()
    shares = [(school_ids[n::workers], when) for n in range(workers)]
    started = time.perf_counter()
    if workers == 1:
        done = _digest_share(shares[0])
    else:
        # Each forked process opens its own connections: none may be inherited.
        connection.close()
        connection.close_pool()  # type: ignore[attr-defined]  # django-stubs lacks the pool
        with multiprocessing.get_context("fork").Pool(workers) as pool:
            done = [school for part in pool.map(_digest_share, shares) for school in part]
    wall = time.perf_counter() - started
    done.sort(key=lambda school: school.slug)
    return DigestRun(explain.database_name(url), when, tuple(done), total, workers, wall)


def measure(
    dataset_url: str,
    small_url: str | None = None,
    *,
    limit: int | None = None,
    workers: int = 1,
) -> DigestResult:
    when = send_time()
    small = run(small_url, when, workers=workers) if small_url else None
    large = run(dataset_url, when, limit, workers)
    differing: dict[str, tuple[int, int]] = {}
    if small is not None:
        in_large = {school.slug: school.queries for school in large.schools}
        differing = {
            school.slug: (school.queries, in_large[school.slug])
            for school in small.schools
            if school.slug in in_large and in_large[school.slug] != school.queries
        }
    return DigestResult(large=large, small=small, differing=differing)


def _row(run: DigestRun) -> str:
    per_school = run.queries / len(run.schools)
    measured = len(run.schools)
    schools = f"{measured:,}" if measured == run.total else f"first {measured:,} of {run.total:,}"
    projected = "" if measured == run.total else f" (all: {run.projected_seconds:,.0f} s)"
    return (
        f"| `{run.database}` | {schools} | {run.recipients:,} | {run.sent:,} "
        f"| {run.queue_seconds:.1f} s | {run.seconds:.1f} s "
        f"| {run.seconds / measured * 1000:.0f} ms | {run.wall:.1f} s{projected} "
        f"| {per_school:.1f} |"
    )


def _shapes(run: DigestRun) -> list[str]:
    lines = [
        f"Queries per school in `{run.database}`, by the school's recipients and the emails "
        "they were sent (one count per row when the count is constant):\n",
        "| recipients | emails sent | queries (schools) |",
        "| --- | --- | --- |",
    ]
    for (recipients, sent), counts in run.queries_by_shape().items():
        found = ", ".join(f"{queries} ({schools})" for queries, schools in sorted(counts.items()))
        lines.append(f"| {recipients} | {sent} | {found} |")
    return [*lines, ""]


def markdown(result: DigestResult, letter: str = "f") -> str:
    large = result.large
    met = "met" if result.ok else "**not met**"
    runs = [run for run in (result.small, large) if run is not None]
    workers = f"{large.workers} worker processes" if large.workers > 1 else "one process"
    lines = [
        f"## ({letter}) The morning digest for {large.total:,} schools\n",
        f"Every school's digest as due at {large.when:%H:%M on %A %d %B %Y} (UK time): "
        "one job a school.\n",
        "| database | schools | recipients | emails sent | queueing (`digests_due`) "
        f"| queueing and sending, one school after another | per school | {workers} "
        "| queries per school |",
        "| --- | --- | --- | --- | --- | --- | --- | --- | --- |",
        *map(_row, runs),
        "",
        *_shapes(large),
    ]
    if result.small is not None:
        same = "the same in both" if not result.differing else f"different: {result.differing}"
        lines.append(f"Each school in both datasets: its query count is {same}.\n")
    constant = "constant" if result.constant else "**not constant**"
    measured = "" if len(large.schools) == large.total else ", projected from those measured"
    lines += [
        f"Target: ≤ {TARGET_SECONDS:.0f} s for all schools, with a constant number of queries "
        f"per school — {met} ({large.projected_seconds:,.1f} s for {large.total:,} schools "
        f"with {workers}{measured}; queries per school {constant}).",
        "",
        "How: `bench/digest.py` does, school by school, what `digests_due` and the worker do: "
        "queues the school's digest job and runs it through `jobs.runner.run_job_now` "
        "(providers, rendering, Django's in-memory email backend), in process, inside a "
        "transaction rolled back afterwards. The schools are shared among the worker "
        "processes (forked, each with its own database connection) as a Celery worker's "
        "processes share the jobs; the wall time is from the first school started to the "
        "last finished, and 'one school after another' is the sum of the schools' own "
        "times. Queries are counted with a database execute wrapper.",
        "",
    ]
    return "\n".join(lines)


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--dataset-url", default=os.environ.get("DATABASE_URL", ""))
    parser.add_argument("--small-url", default="", help="the 50 schools, to compare counts")
    parser.add_argument("--limit", type=int, default=None, help="only the first N schools")
    parser.add_argument(
        "--workers",
        type=int,
        default=os.cpu_count() or 1,
        help="processes sharing the schools, as the worker's (default: one a core)",
    )
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    for url in filter(None, (args.dataset_url, args.small_url)):
        if not url.startswith(("postgres://", "postgresql://")):
            print("--dataset-url and --small-url must be postgres:// URLs", file=sys.stderr)
            return 2
    explain.setup_django(args.dataset_url)
    logging.getLogger("jobs").setLevel(logging.WARNING)  # a line per job otherwise
    result = measure(
        args.dataset_url, args.small_url or None, limit=args.limit, workers=args.workers
    )
    print(markdown(result))
    return 0 if result.ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
