"""Job handlers and the periodic check. Each only calls a service; ids in, records reloaded.

Both handlers are idempotent: the email's key comes from its job, and the
``SentEmail`` log turns a second delivery of the same job into nothing.
"""

from __future__ import annotations

from typing import Any

from jobs.models import Job
from jobs.registry import job_handler
from jobs.runner import JobContext
from notifications.digest import DIGEST_JOB, digest_send
from notifications.email import absolute_url, email_send
from notifications.models import Notification
from notifications.services import EMAIL_JOB
from policyportal.celery import app
from schools.access import roles_of
from schools.roles import Role


@job_handler(EMAIL_JOB)
def send_notification_email(job: Job, ctx: JobContext) -> dict[str, Any]:
    """Email one notification to its person, if they still belong to the school."""
    notification = (
        Notification.objects.for_school(job.school)
        .select_related("user")
        .filter(pk=job.payload["notification"])
        .first()
    )
    if notification is None:
        return {"sent": False}
    person = notification.user
    roles = roles_of(person, job.school)
    if not person.is_active or not roles:
        return {"sent": False}  # left the school since: they no longer hear about it
    context = {
        **job.payload.get("context", {}),
        "notification": notification,
        "recipient": person,
        "recipient_roles": [role.label for role in Role if role in roles],
        "link": absolute_url(notification.url),
    }
    sent = email_send(
        job=job,
        to=person.email,
        template=job.payload["template"],
        context=context,
        urgent=notification.urgent,
    )
    return {"sent": sent}


@job_handler(DIGEST_JOB, max_attempts=3)
def send_digest(job: Job, ctx: JobContext) -> dict[str, Any]:
    return digest_send(job)


@app.task(name="notifications.digests_due", ignore_result=True)
def check_digests() -> int:
    """Celery beat: queue the digests now due in every school."""
    from notifications.digest import digests_due

    return digests_due()
