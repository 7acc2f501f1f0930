"""(b) Jobs drained per second by real Celery workers on Redis and PostgreSQL.

``jobs`` trivial jobs (``bench.noop``: claim, run nothing, finish) are written
to the outbox, then their messages are published to Redis while a worker with
``concurrency`` processes consumes them. The rate is the number of jobs over
the time from the first publish to the last job's ``finished_at``.
"""

from __future__ import annotations

import statistics
import time
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from django.db import connection
from django.db.models import Max
from django.utils import timezone

from bench.handlers import NOOP
from jobs.models import Job, JobStatus
from jobs.runner import run_job_now
from jobs.tasks import run_job
from schools.models import School
from tests.helpers.redis_server import PrivateRedis
from tests.helpers.worker import CeleryWorker, publishing_to, worker_env

POLL_SECONDS = 0.25
RUNNER_ALONE_JOBS = 500


@dataclass(frozen=True)
class DrainResult:
    jobs: int
    done: int
    concurrency: int
    publish_seconds: float
    drain_seconds: float
    # The runner alone, for comparison: one process, no broker, no Celery.
    runner_jobs: int = 0
    runner_seconds: float = 0.0
    commit_seconds: float = 0.0  # median of a one-row durable commit

    @property
    def per_second(self) -> float:
        return self.done / self.drain_seconds if self.drain_seconds else 0.0

    @property
    def runner_per_second(self) -> float:
        return self.runner_jobs / self.runner_seconds if self.runner_seconds else 0.0


def measure(
    *,
    school: School,
    redis: PrivateRedis,
    database: Mapping[str, Any],
    jobs: int = 3000,
    concurrency: int = 2,
    timeout: float = 300.0,
) -> DrainResult:
    prefix = f"bench-drain:{uuid.uuid4().hex[:8]}:"
    now = timezone.now()
    # Job rows are not audited: a bulk insert writes what job_enqueue would.
    created = Job.objects.bulk_create(
        Job(school=school, kind=NOOP, key=f"{prefix}{n}", available_at=now, max_attempts=1)
        for n in range(jobs)
    )
    refs = [(school.pk, job.pk) for job in created]
    env = worker_env(redis_url=redis.url, database=database)
    with (
        # At INFO, as docker-compose runs it: a line per task received and done.
        CeleryWorker(
            env, concurrency=concurrency, include=["bench.handlers"], name="bench-drain"
        ) as worker,
        publishing_to(redis.url),
    ):
        started_wall = datetime.now(UTC)
        started = time.monotonic()
        for ref in refs:
            run_job.apply_async(args=ref, retry=False)
        publish_seconds = time.monotonic() - started
        done = _wait_for_done(school, prefix, jobs, started + timeout, worker)
    last = (
        Job.objects.for_school(school)
        .filter(key__startswith=prefix, status=JobStatus.DONE)
        .aggregate(last=Max("finished_at"))["last"]
    )
    drain_seconds = (last - started_wall).total_seconds() if last else timeout
    runner_jobs, runner_seconds = _runner_alone(school, min(jobs, RUNNER_ALONE_JOBS))
    return DrainResult(
        jobs,
        done,
        concurrency,
        publish_seconds,
        drain_seconds,
        runner_jobs,
        runner_seconds,
        _commit_seconds(),
    )


def _commit_seconds(samples: int = 200) -> float:
    """How long PostgreSQL takes to commit one small row (a WAL flush), median."""
    times = []
    with connection.cursor() as cursor:
        cursor.execute("CREATE TABLE bench_commit_probe (n integer)")
        try:
            for n in range(samples):
                started = time.perf_counter()
                cursor.execute("INSERT INTO bench_commit_probe VALUES (%s)", [n])  # autocommit
                times.append(time.perf_counter() - started)
        finally:
            cursor.execute("DROP TABLE bench_commit_probe")
    return statistics.median(times)


def _runner_alone(school: School, jobs: int) -> tuple[int, float]:
    """``run_job_now`` on due jobs one after another, in this process."""
    prefix = f"bench-runner:{uuid.uuid4().hex[:8]}:"
    now = timezone.now()
    created = Job.objects.bulk_create(
        Job(school=school, kind=NOOP, key=f"{prefix}{n}", available_at=now, max_attempts=1)
        for n in range(jobs)
    )
    started = time.perf_counter()
    for job in created:
        run_job_now(school.pk, job.pk)
    return jobs, time.perf_counter() - started


def _wait_for_done(
    school: School, prefix: str, jobs: int, deadline: float, worker: CeleryWorker
) -> int:
    done = 0
    while time.monotonic() < deadline and worker.alive:
        done = (
            Job.objects.for_school(school)
            .filter(key__startswith=prefix, status=JobStatus.DONE)
            .count()
        )
        if done >= jobs:
            break
        time.sleep(POLL_SECONDS)
    return done
