"""manage.py run_periodic: Celery beat's schedule, run in-process for the embedded default."""

from __future__ import annotations

import os
import select
import signal
import sqlite3
import subprocess
import sys
import time
from contextlib import closing
from datetime import timedelta
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from jobs.management.commands.run_periodic import periodic_entries
from jobs.models import Job, JobStatus
from jobs.sweep import GRACE
from tests.notifications.test_jobs import WORKS


def test_it_runs_what_celery_beat_runs():
    names = {entry.name for entry in periodic_entries()}

    assert names == set(settings.CELERY_BEAT_SCHEDULE)
    assert {entry.task.name for entry in periodic_entries()} >= {
        "jobs.sweep",
        "notifications.digests_due",
    }


def test_once_runs_the_outbox_sweep(school, eager):
    # A job whose hand-over was lost (the process died before its commit hook ran).
    job = Job.objects.create(
        school=school, kind=WORKS, key="lost", available_at=timezone.now() - GRACE * 2
    )

    call_command("run_periodic", "--once")

    job.refresh_from_db()
    assert job.status == JobStatus.DONE


def spy(calls: list[dict[str, object]]):
    def digests_due(**kwargs: object) -> int:
        calls.append(kwargs)
        return 0

    return digests_due


def test_once_runs_the_digest_check(db, monkeypatch):
    from notifications import digest

    checked: list[dict[str, object]] = []
    monkeypatch.setattr(digest, "digests_due", spy(checked))

    call_command("run_periodic", "--once")

    assert checked == [{}]


def test_one_failing_task_does_not_stop_the_others(db, monkeypatch):
    from jobs import sweep
    from notifications import digest

    checked: list[dict[str, object]] = []
    monkeypatch.setattr(sweep, "sweep", lambda: 1 / 0)
    monkeypatch.setattr(digest, "digests_due", spy(checked))

    call_command("run_periodic", "--once")

    assert checked == [{}]


def test_an_entry_runs_again_when_its_schedule_says_so(db):
    (sweep,) = [entry for entry in periodic_entries() if entry.task.name == "jobs.sweep"]
    assert sweep.is_due()  # never run yet

    sweep.last_run_at = timezone.now()
    assert not sweep.is_due()

    sweep.last_run_at = timezone.now() - timedelta(seconds=31)
    assert sweep.is_due()


def test_the_loop_runs_and_stops_cleanly_on_sigterm(tmp_path: Path, django_db_setup: None):
    """The loop as `make run` starts it, in its own process, stopped as `make run` stops it."""
    env = {**os.environ, "PORTAL_VAR_DIR": str(tmp_path)}
    for name in ("DATABASE_URL", "REDIS_URL", "SQLITE_PATH"):
        env.pop(name, None)  # the embedded default, in a database of its own
    manage = [sys.executable, str(Path(settings.BASE_DIR) / "manage.py")]
    if connection.vendor == "sqlite":
        # pytest's test database, migrated and empty: migrating again costs 20 s.
        with (
            closing(sqlite3.connect(connection.settings_dict["NAME"])) as test_db,
            closing(sqlite3.connect(tmp_path / "db.sqlite3")) as own,
        ):
            test_db.backup(own)
    else:
        subprocess.run([*manage, "migrate", "-v0"], env=env, check=True, timeout=120)  # noqa: S603
    process = subprocess.Popen(  # noqa: S603 - our own manage.py
        [*manage, "run_periodic", "--interval", "0.2"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        # Stopped once it runs (Django's start-up takes seconds on a busy machine), after
        # a few rounds of the loop.
        started = _first_line(process, timeout=60)
        time.sleep(1)
        process.send_signal(signal.SIGTERM)
        rest, _ = process.communicate(timeout=10)
    finally:
        process.kill()
    output = started + rest
    assert process.returncode == 0, output
    assert "Running periodic work every 0.2s: sweep-outbox, notification-digests" in output
    assert "Periodic work stopped." in output
    assert "Traceback" not in output


def _first_line(process: subprocess.Popen[str], *, timeout: float) -> str:
    """The process's first line of output, waiting at most ``timeout`` seconds for it."""
    assert process.stdout is not None
    ready, _, _ = select.select([process.stdout], [], [], timeout)
    assert ready, f"no output within {timeout} s"
    return process.stdout.readline()
