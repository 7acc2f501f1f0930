"""Asking for a record's PDF, and producing it in the background.

``document_request`` is called where a person asks (or a record is saved): it
queues a ``documents.render`` job in the caller's transaction. The job's
handler, ``document_render``, reloads the record inside the job's school,
lays it out, and keeps a new ``Document`` version only when the printed
content changed. A re-delivered job finds its version already made.
"""

from __future__ import annotations

import hashlib
import logging
import uuid
from dataclasses import dataclass
from datetime import datetime, tzinfo
from typing import Any

from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Max
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.html import escape

from accounts.models import User
from documents.models import Document, DocumentStatus
from documents.pdf import PdfRenderError, render_pdf
from documents.sources import PdfSource, UnknownSubjectType, source_for
from jobs.models import Job, JobStatus
from jobs.runner import JobContext
from jobs.services import job_enqueue
from schools.models import School
from schools.tenancy import TenantQuerySet

logger = logging.getLogger(__name__)

RENDER_JOB = "documents.render"
REFRESH_JOB = "documents.refresh"
RENDER_ATTEMPTS = 3
FAILED_MESSAGE = "The PDF could not be produced."
# The history of a version nobody asked for (made after its record changed or was published).
AUTOMATIC_REASON = "Automatic: the record's PDF, made after it changed"

# Stand-ins for what differs between two renders of the same content: the
# content hash is taken with them in place, then they are filled in.
_VERSION = "\ue000version\ue001"
_GENERATED_AT = "\ue000generated-at\ue001"


class SubjectNotFound(LookupError):
    """The record is not one of this school's."""


@dataclass(frozen=True)
class Draft:
    """A record laid out as HTML, before it has a version or a generation time."""

    school: School
    subject_type: str
    subject_id: str
    title: str
    reference: str
    html: str

    @property
    def content_sha256(self) -> str:
        return hashlib.sha256(self.html.encode()).hexdigest()

    def html_for(self, *, version: int, generated_at: datetime) -> str:
        stamp = uk_datetime(generated_at, self.school.tz)
        return self.html.replace(_VERSION, str(version)).replace(_GENERATED_AT, escape(stamp))


def uk_datetime(value: datetime, tz: tzinfo) -> str:
    """``3 May 2026 at 14:05 BST``: the school's time zone, the UK's way of writing it."""
    local = value.astimezone(tz)
    return f"{local.day} {local:%B %Y} at {local:%H:%M} {local.tzname()}"


def document_draft(*, school: School, source: PdfSource[Any], subject: Any) -> Draft:
    """The record laid out with its source's template."""
    return draft_from_template(
        source.template_name,
        source.context(subject),
        school=school,
        subject_type=source.subject_type,
        subject_id=source.subject_id(subject),
        title=source.title(subject),
        reference=source.reference(subject),
    )


def draft_from_template(
    template_name: str,
    context: dict[str, Any],
    *,
    school: School,
    subject_type: str,
    subject_id: str,
    title: str,
    reference: str,
) -> Draft:
    """``template_name`` (extending ``pdf/base.html``) rendered for ``school``."""
    html = render_to_string(
        template_name,
        {
            **context,
            "school": school,
            "document_title": title,
            "reference": reference,
            "version": _VERSION,
            "generated_at": _GENERATED_AT,
        },
    )
    return Draft(school, subject_type, subject_id, title, reference, html)


@transaction.atomic
def document_request(
    *, school: School, subject_type: str, subject_id: str, requested_by: User | None
) -> Job:
    """Queue the PDF of a record; the job that makes (or made) its current version.

    Asking again while nothing printed has changed gives the job that produced
    the current version, or the one already producing it: no new version.
    """
    source = source_for(subject_type)
    subject = source.load(school, subject_id)
    if subject is None:
        raise SubjectNotFound(f"{subject_type} {subject_id} is not a record of {school.slug}.")
    draft = document_draft(school=school, source=source, subject=subject)
    current = (
        _versions(draft)
        .filter(content_sha256=draft.content_sha256, status=DocumentStatus.READY)
        .select_related("job")
        .first()
    )
    if current is not None and current.job is not None:
        return current.job
    key = f"{subject_type}:{draft.subject_id}:{draft.content_sha256}"
    earlier = list(
        Job.objects.for_school(school)
        .filter(kind=RENDER_JOB, key__startswith=key)
        .order_by("-created_at", "-pk")
    )
    for job in earlier:
        if job.status in (JobStatus.PENDING, JobStatus.RUNNING):
            return job
    return job_enqueue(
        school=school,
        kind=RENDER_JOB,
        # A content that failed, or was overtaken, is tried again under a new key.
        key=f"{key}/{len(earlier)}" if earlier else key,
        payload={
            "subject_type": subject_type,
            "subject_id": draft.subject_id,
            "title": f"PDF of “{draft.title}”",
        },
        requested_by=requested_by,
    )


def document_refresh(*, school: School, subject_type: str, subject_id: str) -> Job:
    """Ask, in the caller's transaction, for the record's PDF to be brought up to date.

    Cheaper than ``document_request`` for a record that just changed: laying the
    record out and comparing versions happens in the background job, not in the
    person's request. Each call is its own job; ``document_request`` then makes
    a new version only when what the PDF prints has changed.
    """
    source_for(subject_type)  # fail at once, in the caller, on a misspelt type
    return job_enqueue(
        school=school,
        kind=REFRESH_JOB,
        key=f"{subject_type}:{subject_id}:{uuid.uuid4()}",
        payload={"subject_type": subject_type, "subject_id": subject_id},
    )


def document_refresh_run(job: Job) -> dict[str, Any]:
    """The refresh job: ask for the PDF (a render job, or the current version's)."""
    try:
        render = document_request(
            school=job.school,
            subject_type=job.payload["subject_type"],
            subject_id=job.payload["subject_id"],
            requested_by=None,
        )
    except SubjectNotFound:
        return {"render_job": None}
    return {"render_job": render.pk}


def document_render(*, job: Job, ctx: JobContext) -> dict[str, Any]:
    """The ``documents.render`` job: the record's PDF, unless this content already has one."""
    school = job.school
    subject_type = str(job.payload.get("subject_type", ""))
    subject_id = str(job.payload.get("subject_id", ""))
    try:
        source = source_for(subject_type)
    except UnknownSubjectType:
        logger.warning("Job %s asks for a PDF of unknown type %r", job.pk, subject_type)
        return {}
    subject = source.load(school, subject_id)
    if subject is None:
        logger.warning(
            "Job %s: %s %s is not a record of school %s",
            job.pk,
            subject_type,
            subject_id,
            school.pk,
        )
        return {}
    ctx.progress(10, "Gathering the record")
    draft = document_draft(school=school, source=source, subject=subject)
    document = _version_for(draft, job)
    if not document.is_ready:
        ctx.progress(30, "Laying out the pages")
        generated_at = timezone.now()
        pdf = render_pdf(draft.html_for(version=document.version, generated_at=generated_at))
        ctx.progress(90, "Saving the PDF")
        _store(document, pdf, generated_at)
    return {"document_id": str(document.public_id)}


def document_render_failed(job: Job, message: str) -> None:
    """The job gave up: its version shows as failed, with no file."""
    document = Document.objects.for_school(job.school).filter(job=job).first()
    if document is not None and not document.is_ready:
        document.status = DocumentStatus.FAILED
        document.error = message[:2000]
        document.file.name = ""
        _as_job(document, job)
        document.save()
    # Job rows are not audited; the message is what the progress page shows.
    Job.objects.for_school(job.school).filter(pk=job.pk).update(result={"message": FAILED_MESSAGE})


def _versions(draft: Draft) -> TenantQuerySet[Document]:
    return Document.objects.for_school(draft.school).filter(
        subject_type=draft.subject_type, subject_id=draft.subject_id
    )


@transaction.atomic
def _version_for(draft: Draft, job: Job) -> Document:
    """The version holding this content: existing, or made now (pending)."""
    document = (
        _versions(draft).select_for_update().filter(content_sha256=draft.content_sha256).first()
    )
    if document is not None and document.is_ready:
        return document
    if document is None:
        latest = _versions(draft).aggregate(latest=Max("version"))["latest"] or 0
        document = Document(
            school=draft.school,
            subject_type=draft.subject_type,
            subject_id=draft.subject_id,
            version=latest + 1,
            title=draft.title,
            reference=draft.reference,
            content_sha256=draft.content_sha256,
            requested_by=job.requested_by,
        )
    document.status = DocumentStatus.PENDING
    document.error = ""
    document.job = job
    _as_job(document, job)
    document.save()
    return document


def _as_job(document: Document, job: Job) -> None:
    """The version's history names who asked for it, or says nobody did."""
    document._history_user = job.requested_by  # type: ignore[attr-defined]
    if job.requested_by_id is None:
        document._change_reason = AUTOMATIC_REASON  # type: ignore[attr-defined]


def _store(document: Document, pdf: bytes, generated_at: datetime) -> None:
    """Keep the PDF; the row points at it only once the whole file is written."""
    if not pdf.startswith(b"%PDF-") or b"%%EOF" not in pdf[-1024:]:
        raise PdfRenderError("The renderer returned something that is not a whole PDF.")
    storage = document.file.storage
    name = f"documents/{document.school.public_id}/{document.public_id}.pdf"
    if storage.exists(name):  # left by an attempt that stopped before saving the row
        storage.delete(name)
    document.file.name = storage.save(name, ContentFile(pdf))
    document.sha256 = hashlib.sha256(pdf).hexdigest()
    document.size = len(pdf)
    document.generated_at = generated_at
    document.status = DocumentStatus.READY
    document.error = ""
    document.save()
