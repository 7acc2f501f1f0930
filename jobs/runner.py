"""Claim, run and finish one job. Shared by the Celery task and in-process mode."""

from __future__ import annotations

import logging
from datetime import timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone

from jobs.models import Job, JobStatus
from jobs.registry import UnknownJobKind, job_kind
from schools.models import School

logger = logging.getLogger(__name__)

# A job whose worker vanished is taken up again after this long.
LEASE = timedelta(minutes=10)
MAX_BACKOFF = timedelta(minutes=30)


class WorkerLost(RuntimeError):
    """The process running a job stopped before the job finished."""


class JobContext:
    """What a handler may do besides its own work: report progress."""

    def __init__(self, job: Job) -> None:
        self.job = job

    def progress(self, percent: int, note: str = "") -> None:
        percent = max(0, min(100, percent))
        # Job rows are not audited; a plain update keeps progress cheap.
        Job.objects.for_school(self.job.school).filter(pk=self.job.pk).update(
            progress=percent, progress_note=note[:200]
        )


def run_job_now(school_id: int, job_id: int) -> None:
    job = _claim(school_id, job_id)
    if job is None:
        return
    try:
        spec = job_kind(job.kind)
        result = spec.run(job, JobContext(job))
    except Exception as exc:
        logger.exception("Job %s (%s) failed on attempt %s", job.pk, job.kind, job.attempts)
        _fail(job, exc)
        return
    _finish(job, result or {})


def _claim(school_id: int, job_id: int) -> Job | None:
    """Take the job if nobody else has it and it is due; None otherwise."""
    school = School.objects.filter(pk=school_id).first()
    if school is None:
        logger.warning("Job %s names school %s, which does not exist", job_id, school_id)
        return None
    now = timezone.now()
    with transaction.atomic():
        job = Job.objects.for_school(school).select_for_update().filter(pk=job_id).first()
        if job is None:
            # Not this school's job, or no such job: nothing to do, no side effects.
            logger.warning("Job %s is not a job of school %s", job_id, school_id)
            return None
        job.school = school  # read just above: the handler need not read it again
        if job.is_finished or job.available_at > now:
            return None
        if job.status == JobStatus.RUNNING and job.lease_until and job.lease_until > now:
            return None
        if job.status == JobStatus.RUNNING and job.attempts >= job.max_attempts:
            # Its worker vanished on every attempt (killed, out of memory): give up.
            abandoned = job
        else:
            abandoned = None
            job.status = JobStatus.RUNNING
            job.attempts += 1
            job.started_at = now
            job.lease_until = now + LEASE
            job.save(update_fields=["status", "attempts", "started_at", "lease_until"])
    if abandoned is not None:
        _fail(abandoned, WorkerLost(f"The worker stopped during all {job.attempts} attempts."))
        return None
    return job
    return job


def _finish(job: Job, result: dict[str, Any]) -> None:
    job.status = JobStatus.DONE
    job.progress = 100
    job.result = result
    job.finished_at = timezone.now()
    job.lease_until = None
    job.last_error = ""
    job.save(
        update_fields=["status", "progress", "result", "finished_at", "lease_until", "last_error"]
    )
    _tell_requester(job)


def _fail(job: Job, exc: BaseException) -> None:
    message = f"{type(exc).__name__}: {exc}"[:2000]
    job.last_error = message
    job.lease_until = None
    if isinstance(exc, UnknownJobKind) or job.attempts >= job.max_attempts:
        job.status = JobStatus.FAILED
        job.finished_at = timezone.now()
        job.save(update_fields=["status", "last_error", "lease_until", "finished_at"])
        _on_failure(job, message)
        _tell_requester(job)
        return
    job.status = JobStatus.PENDING
    job.available_at = timezone.now() + min(
        timedelta(seconds=15 * 2 ** (job.attempts - 1)), MAX_BACKOFF
    )
    job.save(update_fields=["status", "last_error", "lease_until", "available_at"])


def _on_failure(job: Job, message: str) -> None:
    try:
        hook = job_kind(job.kind).on_failure
    except UnknownJobKind:
        return
    if hook is not None:
        try:
            hook(job, message)
        except Exception:
            logger.exception("The failure hook of job %s failed", job.pk)


def _tell_requester(job: Job) -> None:
    """The person who asked for the work hears that it finished, with a link to its page."""
    if job.requested_by_id is None:
        return
    from notifications.background import job_finished_notify  # notifications builds on jobs

    try:
        job_finished_notify(job)
    except Exception:  # the job's own outcome stands whatever happens here
        logger.exception("Could not tell the requester of job %s that it finished", job.pk)
