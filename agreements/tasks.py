"""Background jobs of the agreements app. Each only calls a service; ids in, records reloaded.

Both send email through ``notifications.email.email_send``, whose log keyed by
the job makes a second delivery of the same job send nothing.
"""

from __future__ import annotations

from typing import Any

from agreements.services.copies import COPY_ATTEMPTS, COPY_JOB, agreement_copy_send
from agreements.services.links import LINK_EMAIL_JOB, link_email_send
from jobs.models import Job
from jobs.registry import job_handler
from jobs.runner import JobContext


@job_handler(COPY_JOB, max_attempts=COPY_ATTEMPTS)
def email_copy(job: Job, ctx: JobContext) -> dict[str, Any]:
    return agreement_copy_send(job)


@job_handler(LINK_EMAIL_JOB)
def email_link(job: Job, ctx: JobContext) -> dict[str, Any]:
    return link_email_send(job)
