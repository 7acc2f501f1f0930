"""(g) A parents' evening at its peak: locust, headless, against the whole stack.

gunicorn (``pages.WORKERS`` sync workers) with PostgreSQL and Redis, and a
Celery worker making the agreements' PDFs meanwhile (they may lag behind the
signatures; how many were made by the end is recorded). locust
(``bench/locustfile.py``) runs on loopback only, bounded by ``--run-time``
and by a number of tasks per user; the process itself has a time limit too.
Every request's failure is counted; the result is locust's own summary,
read from its CSV output.
"""

from __future__ import annotations

import csv
import os
import shutil
import subprocess
import sys
import tempfile
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings

from agreements.models import Agreement
from agreements.services.signing import AGREEMENT_PDF
from bench.pages import WORKERS, server_env
from bench.submit import Gunicorn
from documents.models import Document
from schools.models import School
from tests.helpers.redis_server import PrivateRedis
from tests.helpers.worker import CeleryWorker, worker_env

LOCUST = str(Path(sys.executable).with_name("locust"))
LOCUSTFILE = Path(__file__).with_name("locustfile.py")
SPAWN_RATE = 5  # users started a second: signing in hashes a password each
# How long past --run-time locust may take to stop its users and write the CSV.
GRACE_SECONDS = 60


@dataclass(frozen=True)
class RequestStats:
    kind: str
    name: str
    requests: int
    failures: int
    median_ms: float
    p95_ms: float
    max_ms: float
    per_second: float


@dataclass(frozen=True)
class LoadResult:
    rows: tuple[RequestStats, ...]
    total: RequestStats
    kiosk_users: int
    staff_users: int
    seconds: int
    max_tasks: int
    workers: int
    agreements: int
    agreement_pdfs: int
    failures: tuple[str, ...]

    @property
    def failed(self) -> int:
        return self.total.failures


def locust_available() -> str | None:
    return None if Path(LOCUST).exists() else f"locust is not installed ({LOCUST})"


def measure(
    *,
    school: School,
    redis: PrivateRedis,
    database: Mapping[str, Any],
    kiosk_users: int = 20,
    staff_users: int = 5,
    seconds: int = 90,
    requests: int = 3000,
) -> LoadResult:
    users = kiosk_users + staff_users
    # A kiosk task is two requests, a staff task five: bound the tasks per user.
    max_tasks = max(1, requests // (2 * kiosk_users + 5 * staff_users))
    before = set(Agreement.objects.for_school(school).values_list("public_id", flat=True))
    out = Path(tempfile.mkdtemp(prefix="bench-locust-"))
    try:
        with (
            Gunicorn(server_env(redis, database), workers=WORKERS) as server,
            CeleryWorker(worker_env(redis_url=redis.url, database=database), name="bench-load"),
        ):
            _run_locust(server.base_url, out, users, kiosk_users, staff_users, seconds, max_tasks)
        rows, total = _read_stats(out / "load_stats.csv")
        failures = _read_failures(out / "load_failures.csv")
    finally:
        shutil.rmtree(out, ignore_errors=True)
    signed = _signed_since(school, before)
    return LoadResult(
        rows=rows,
        total=total,
        kiosk_users=kiosk_users,
        staff_users=staff_users,
        seconds=seconds,
        max_tasks=max_tasks,
        workers=WORKERS,
        agreements=len(signed),
        agreement_pdfs=_with_pdf(school, signed),
        failures=failures,
    )


def _signed_since(school: School, before: set[uuid.UUID]) -> list[str]:
    """The public ids of the agreements signed since ``before`` was read."""
    every = Agreement.objects.for_school(school).values_list("public_id", flat=True)
    return [str(public_id) for public_id in every if public_id not in before]


def _with_pdf(school: School, agreements: list[str]) -> int:
    """How many of ``agreements`` have their PDF (a document of any version)."""
    documents = Document.objects.for_school(school).filter(
        subject_type=AGREEMENT_PDF, subject_id__in=agreements
    )
    return documents.values("subject_id").distinct().count()


def _run_locust(
    host: str, out: Path, users: int, kiosks: int, staff: int, seconds: int, max_tasks: int
) -> None:
    command = [
        LOCUST, "-f", str(LOCUSTFILE), "--headless", "--only-summary",
        "-u", str(users), "-r", str(SPAWN_RATE), "--run-time", f"{seconds}s",
        "--stop-timeout", "10", "--host", host, "--csv", str(out / "load"),
        "--exit-code-on-error", "0", "--loglevel", "WARNING",
    ]  # fmt: skip
    env = {
        **os.environ,
        "PYTHONPATH": str(settings.BASE_DIR),  # the locustfile imports bench.family
        "BENCH_KIOSK_USERS": str(kiosks),
        "BENCH_STAFF_USERS": str(staff),
        "BENCH_MAX_TASKS": str(max_tasks),
    }
    result = subprocess.run(  # noqa: S603
        command,
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=seconds + GRACE_SECONDS,
        check=False,
    )
    if result.returncode != 0 or not (out / "load_stats.csv").exists():
        raise RuntimeError(f"locust failed ({result.returncode}): {result.stderr[-3000:]}")


def _read_stats(path: Path) -> tuple[tuple[RequestStats, ...], RequestStats]:
    with path.open(newline="") as file:
        rows = [_stats(row) for row in csv.DictReader(file)]
    total = next(row for row in rows if row.name == "Aggregated")
    return tuple(row for row in rows if row.name != "Aggregated"), total


def _stats(row: dict[str, str]) -> RequestStats:
    return RequestStats(
        kind=row["Type"],
        name=row["Name"],
        requests=int(row["Request Count"]),
        failures=int(row["Failure Count"]),
        median_ms=float(row["Median Response Time"] or 0),
        p95_ms=float(row["95%"] if row["95%"] not in ("", "N/A") else 0),
        max_ms=float(row["Max Response Time"] or 0),
        per_second=float(row["Requests/s"] or 0),
    )


def _read_failures(path: Path) -> tuple[str, ...]:
    if not path.exists():
        return ()
    with path.open(newline="") as file:
        return tuple(
            f"{row['Method']} {row['Name']}: {row['Error']} ({row['Occurrences']}×)"
            for row in csv.DictReader(file)
        )
