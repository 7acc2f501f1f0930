"""Celery beat's periodic work, run in this process: for the embedded default (no broker).

Every entry of ``CELERY_BEAT_SCHEDULE`` (the outbox sweep, the digest check,
whatever later features add) runs here on its own schedule, by calling its
Celery task's function directly. With no ``REDIS_URL`` the jobs these tasks
hand over run in-process too, so ``runserver`` plus ``run_periodic`` is the
whole portal. In production Celery beat and a worker do this instead.
"""

from __future__ import annotations

import logging
import signal
import threading
from dataclasses import dataclass
from datetime import datetime
from types import FrameType
from typing import Any, cast

from celery import Task
from celery.schedules import BaseSchedule, maybe_schedule
from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser
from django.db import close_old_connections
from django.utils import timezone

from policyportal.celery import app

logger = logging.getLogger(__name__)


@dataclass
class PeriodicEntry:
    name: str
    task: Task  # type: ignore[type-arg]
    schedule: BaseSchedule
    args: tuple[Any, ...] = ()
    kwargs: dict[str, Any] | None = None
    last_run_at: datetime | None = None

    def is_due(self) -> bool:
        return self.last_run_at is None or bool(self.schedule.is_due(self.last_run_at).is_due)

    def run(self) -> None:
        self.last_run_at = timezone.now()
        try:
            self.task(*self.args, **(self.kwargs or {}))
        except Exception:  # one failing entry must not stop the others
            logger.exception("Periodic task %s failed", self.name)


def periodic_entries() -> list[PeriodicEntry]:
    schedule: dict[str, dict[str, Any]] = settings.CELERY_BEAT_SCHEDULE
    return [
        PeriodicEntry(
            name=name,
            task=app.tasks[entry["task"]],
            # Seconds or a timedelta become Celery's own schedule objects, as in beat.
            schedule=cast(BaseSchedule, maybe_schedule(entry["schedule"], app=app)),
            args=tuple(entry.get("args", ())),
            kwargs=dict(entry.get("kwargs", {})),
        )
        for name, entry in schedule.items()
    ]


class Command(BaseCommand):
    help = (
        "Run the periodic work of Celery beat (CELERY_BEAT_SCHEDULE) in this process, "
        "for the embedded default with no broker."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--once", action="store_true", help="run every entry once and exit")
        parser.add_argument(
            "--interval",
            type=float,
            default=5.0,
            help="seconds between looks for entries that are due (default 5)",
        )

    def handle(self, *args: Any, once: bool, interval: float, **options: Any) -> None:
        entries = periodic_entries()
        if once:
            for entry in entries:
                entry.run()
            return
        stop = threading.Event()

        def request_stop(signum: int, frame: FrameType | None) -> None:
            stop.set()

        signal.signal(signal.SIGTERM, request_stop)
        signal.signal(signal.SIGINT, request_stop)
        names = ", ".join(entry.name for entry in entries)
        self.stdout.write(f"Running periodic work every {interval:g}s: {names}")
        while not stop.is_set():
            # A long-lived process, like a worker: drop connections that broke or aged.
            close_old_connections()
            for entry in entries:
                if entry.is_due():
                    entry.run()
            stop.wait(interval)
        self.stdout.write("Periodic work stopped.")
