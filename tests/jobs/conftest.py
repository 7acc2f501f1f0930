"""Fixtures for the jobs core: in-process mode, a record of handler runs, job helpers.

The in-process tests (``test_outbox``, ``test_runner``, ``test_sweep``) force
``CELERY_TASK_ALWAYS_EAGER`` on, whatever the environment selects, so they
test the outbox itself and never reach a broker. ``test_worker`` uses a real
Redis and a real Celery worker instead (see its docstring).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from jobs.models import Job
from schools.models import School


class Runs:
    """Which jobs the test handlers ran, in order: ``runs.of("test.record")``."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, int]] = []

    def add(self, job: Job) -> None:
        self.calls.append((job.kind, job.pk))

    def of(self, kind: str) -> list[int]:
        return [pk for called_kind, pk in self.calls if called_kind == kind]

    def clear(self) -> None:
        self.calls.clear()


RUNS = Runs()


@pytest.fixture(autouse=True)
def runs() -> Iterator[Runs]:
    RUNS.clear()
    yield RUNS
    RUNS.clear()


@pytest.fixture
def eager(settings: Any) -> None:
    """In-process mode, as with no REDIS_URL: jobs run right after their commit."""
    settings.CELERY_TASK_ALWAYS_EAGER = True


def reload(job: Job) -> Job:
    return Job.objects.for_school(job.school).get(pk=job.pk)


def jobs_of(school: School) -> list[Job]:
    return list(Job.objects.for_school(school).order_by("pk"))


def let_time_pass(job: Job, **fields_to_backdate: timedelta) -> None:
    """Move the job's timestamps into the past, as if that much time had gone by.

    ``let_time_pass(job, available_at=timedelta(seconds=30))``. Job rows are not
    audited, so a plain update is what the runner itself does for progress.
    """
    current = Job.objects.for_school(job.school).filter(pk=job.pk).values(*fields_to_backdate)[0]
    Job.objects.for_school(job.school).filter(pk=job.pk).update(
        **{name: current[name] - delta for name, delta in fields_to_backdate.items()}
    )


def make_due(job: Job) -> None:
    """The job's back-off (or delay) is over."""
    Job.objects.for_school(job.school).filter(pk=job.pk).update(
        available_at=timezone.now() - timedelta(seconds=1)
    )
