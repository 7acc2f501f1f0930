"""The background job of the subject_access app: the export. It only calls services."""

from __future__ import annotations

import logging
import uuid
from typing import Any

from django.urls import reverse

from jobs.models import Job
from jobs.registry import ResultLink, job_handler
from jobs.runner import JobContext
from subject_access.export.build import build_zip
from subject_access.models import SubjectAccessRequest
from subject_access.services import EXPORT_JOB, sar_export_store

logger = logging.getLogger(__name__)


def _request_page(result: dict[str, Any], school_slug: str) -> str | None:
    """The finished export's page leads to the request, where the ZIP is downloaded."""
    if not result.get("request_id"):
        return None
    kwargs = {"school_slug": school_slug, "request_id": result["request_id"]}
    return reverse("subject_access:request", kwargs=kwargs)


@job_handler(EXPORT_JOB, max_attempts=3, result_link=ResultLink("Open the request", _request_page))
def export(job: Job, ctx: JobContext) -> dict[str, Any]:
    """Build the ZIP and keep it; a job for a request that is gone does nothing."""
    try:
        public_id = uuid.UUID(str(job.payload.get("request_id")))
    except ValueError:
        public_id = uuid.UUID(int=0)  # finds nothing
    request = (
        SubjectAccessRequest.objects.for_school(job.school)
        .select_related("school", "child__school_class", "staff")
        .filter(public_id=public_id)
        .first()
    )
    if request is None:
        logger.warning(
            "Subject access export %s: no such request in school %s", job.pk, job.school_id
        )
        return {"message": "The request was not found."}
    if request.export_job_id != job.pk or not request.is_pending:
        return {"message": "A newer export was asked for, or the request is closed."}
    content = build_zip(request, ctx.progress)
    sar_export_store(request=request, by=job.requested_by, content=content, job=job)
    return {"request_id": str(request.public_id)}
