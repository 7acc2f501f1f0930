from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from accounts.models import User
from jobs import dispatch
from jobs.models import Job
from jobs.registry import job_kind
from schools.models import School


def job_enqueue(
    *,
    school: School,
    kind: str,
    key: str,
    payload: dict[str, Any] | None = None,
    requested_by: User | None = None,
    delay: timedelta | None = None,
) -> Job:
    """Ask for background work, in the caller's transaction (the outbox).

    The job is handed to the broker only after the transaction commits, and by
    a background thread, so the caller never waits on the broker. Asking again
    with the same ``key`` returns the job already asked for.
    """
    spec = job_kind(kind)  # fail at once, in the caller, on a misspelt kind
    existing = Job.objects.for_school(school).filter(kind=kind, key=key).first()
    if existing is not None:
        return existing
    job = Job(
        school=school,
        kind=kind,
        key=key,
        payload=payload or {},
        requested_by=requested_by,
        max_attempts=spec.max_attempts,
        available_at=timezone.now() + (delay or timedelta()),
    )
    try:
        with transaction.atomic():
            job.save()
    except IntegrityError:
        # Another process asked for the same work at the same moment.
        return Job.objects.for_school(school).get(kind=kind, key=key)
    if delay is None:
        school_id, job_id = school.pk, job.pk
        transaction.on_commit(lambda: dispatch.hand_over([(school_id, job_id)]))
    return job
