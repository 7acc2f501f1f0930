"""Small helpers shared by the notifications tests."""

from __future__ import annotations

from django.utils import timezone

from accounts.models import User
from jobs.models import Job, JobStatus
from jobs.runner import run_job_now
from notifications.models import Notification
from schools.models import School


def run_pending(school: School) -> int:
    """Run the jobs of ``school`` that are due, as a worker would, until none is left."""
    ran = 0
    for _ in range(5):  # the jobs a job queues, and theirs
        due = Job.objects.for_school(school).filter(
            status=JobStatus.PENDING, available_at__lte=timezone.now()
        )
        ids = list(due.order_by("pk").values_list("pk", flat=True))
        if not ids:
            break
        for job_id in ids:
            run_job_now(school.pk, job_id)
        ran += len(ids)
    return ran


def notifications_of(user: User, school: School) -> list[Notification]:
    return list(Notification.objects.for_person(school, user))
