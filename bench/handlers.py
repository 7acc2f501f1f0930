"""The benchmark's job kind, registered in the benchmark process and its workers.

The drain benchmark starts ``celery -A policyportal worker --include
bench.handlers``; the app never imports this module.
"""

from __future__ import annotations

from jobs.models import Job
from jobs.registry import job_handler
from jobs.runner import JobContext

NOOP = "bench.noop"


@job_handler(NOOP)
def noop(job: Job, ctx: JobContext) -> None:
    """No work of its own: what is measured is the outbox's claim, run and finish."""
