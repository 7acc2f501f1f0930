"""The periodic sweep: whatever the dispatcher could not hand over, hand over now."""

from __future__ import annotations

import logging
from datetime import timedelta

from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from jobs import dispatch
from jobs.models import Job, JobStatus

logger = logging.getLogger(__name__)

GRACE = timedelta(seconds=20)
BATCH = 500


def sweep() -> int:
    """Hand over due pending jobs and those whose worker vanished; how many were handed over."""
    now = timezone.now()
    # Fresh jobs are the dispatcher's for GRACE; after that (or after a retry's
    # back-off, or a requested delay) the sweep takes them.
    due = (
        Job.objects.unscoped("the sweep serves every school's outbox")
        .filter(
            Q(status=JobStatus.PENDING, available_at__lte=now - GRACE)
            | Q(status=JobStatus.RUNNING, lease_until__lt=now)
        )
        .order_by("available_at")
        .values_list("school_id", "pk")[:BATCH]
    )
    refs = list(due)
    if not refs:
        return 0
    logger.info("Sweep hands over %s jobs", len(refs))
    if settings.CELERY_TASK_ALWAYS_EAGER:
        dispatch.hand_over(refs)
        return len(refs)
    handed = 0
    for ref in refs:
        if not dispatch.publish(ref):
            break  # the broker is still down: try again at the next sweep
        handed += 1
    return handed
