"""Documents and jobs for tests that need one without rendering it.

``ready_summary(school)`` is a ready version of the school's set-up summary
whose file is a small fixed PDF; ``a_job(school)`` a running job nobody in
particular asked for. Both are used by the isolation matrix's object pages.
"""

from __future__ import annotations

import hashlib
import uuid
from datetime import timedelta
from typing import Any

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone

from accounts.models import User
from documents.models import Document, DocumentStatus
from documents.pdf_sources import SCHOOL_SUMMARY
from jobs.models import Job, JobStatus
from schools.models import School

# A one-page PDF with no text: enough for access checks, not for reading back.
TINY_PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)
# Shared by every ready_summary(): written once, so test runs leave one small file.
FIXTURE_NAME = "documents/test-fixtures/tiny.pdf"


def ready_summary(school: School, *, requested_by: User | None = None) -> Document:
    if not default_storage.exists(FIXTURE_NAME):
        default_storage.save(FIXTURE_NAME, ContentFile(TINY_PDF))
    latest = (
        Document.objects.for_school(school)
        .filter(subject_type=SCHOOL_SUMMARY, subject_id=str(school.public_id))
        .order_by("-version")
        .first()
    )
    version = latest.version + 1 if latest else 1
    return Document.objects.create(
        school=school,
        subject_type=SCHOOL_SUMMARY,
        subject_id=str(school.public_id),
        version=version,
        title=f"How {school.name} runs its policy",
        reference=f"{school.slug.upper()}-SETUP",
        status=DocumentStatus.READY,
        content_sha256=uuid.uuid4().hex,
        file=FIXTURE_NAME,
        sha256=hashlib.sha256(TINY_PDF).hexdigest(),
        size=len(TINY_PDF),
        generated_at=timezone.now(),
        requested_by=requested_by,
    )


def a_job(school: School, *, requested_by: User | None = None, **fields: Any) -> Job:
    values: dict[str, Any] = {
        "kind": "documents.render",
        "key": f"test:{uuid.uuid4()}",
        "status": JobStatus.RUNNING,
        "progress": 40,
        "progress_note": "Laying out the pages",
        "payload": {"title": "PDF of “How the school runs its policy”"},
        "available_at": timezone.now() - timedelta(seconds=1),
        **fields,
    }
    return Job.objects.create(school=school, requested_by=requested_by, **values)


# The isolation matrix's object pages (tests/isolation/matrix.py).
def summary_pdf_kwargs(school: School) -> dict[str, Any]:
    return {"document_id": ready_summary(school).public_id}


def job_kwargs(school: School) -> dict[str, Any]:
    return {"job_id": a_job(school).public_id}
