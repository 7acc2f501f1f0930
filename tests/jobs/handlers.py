"""Job kinds for the jobs tests, registered in the test process *and* in the worker.

The worker tests start ``celery -A policyportal worker --include
tests.jobs.handlers``, so the worker registers exactly these kinds; the app
itself never imports this module.

``test.write_effect`` is deliberately *not* idempotent: each run adds a row,
so a job that ran twice is visible as two rows (``effects()``). Its rows are
classes named ``effect:<job key>:<random>``.
"""

from __future__ import annotations

import uuid
from typing import Any

from jobs.models import Job
from jobs.registry import job_handler
from jobs.runner import JobContext
from schools.models import School, SchoolClass, YearGroup

WRITE_EFFECT = "test.write_effect"


@job_handler(WRITE_EFFECT)
def write_effect(job: Job, ctx: JobContext) -> dict[str, Any]:
    SchoolClass.objects.create(
        school=job.school,
        name=f"effect:{job.key}:{uuid.uuid4().hex[:8]}",
        year_group=YearGroup.YEAR_1,
    )
    return {"wrote": job.key}


def effects(school: School, key: str) -> int:
    """How many times ``write_effect`` ran for the job with ``key``."""
    return SchoolClass.objects.for_school(school).filter(name__startswith=f"effect:{key}:").count()
