"""Background jobs of the documents app. Each only calls a service."""

from __future__ import annotations

from typing import Any

from documents.services import (
    REFRESH_JOB,
    RENDER_ATTEMPTS,
    RENDER_JOB,
    document_refresh_run,
    document_render,
    document_render_failed,
)
from jobs.models import Job
from jobs.registry import job_handler
from jobs.runner import JobContext


@job_handler(RENDER_JOB, on_failure=document_render_failed, max_attempts=RENDER_ATTEMPTS)
def render(job: Job, ctx: JobContext) -> dict[str, Any]:
    return document_render(job=job, ctx=ctx)


@job_handler(REFRESH_JOB)
def refresh(job: Job, ctx: JobContext) -> dict[str, Any]:
    return document_refresh_run(job)
