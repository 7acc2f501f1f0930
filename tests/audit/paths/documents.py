"""PDF versions: written only by the render job, for whoever asked (or for nobody)."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.core.management import call_command
from django.utils import timezone

from documents.models import Document, DocumentStatus
from documents.pdf import PdfRenderError
from documents.pdf_sources import SCHOOL_SUMMARY
from documents.services import AUTOMATIC_REASON, document_request
from jobs.models import Job
from jobs.runner import run_job_now
from jobs.sweep import GRACE
from tests.audit.paths import COMMAND, TASK, Changed, World, path


def _summary_job(w: World, requested_by: Any) -> Job:
    return document_request(
        school=w.school,
        subject_type=SCHOOL_SUMMARY,
        subject_id=str(w.school.public_id),
        requested_by=requested_by,
    )


def _made_by(job: Job) -> Document:
    return Document.objects.for_school(job.school).get(job=job)


@path("documents.Document", TASK, "documents.render, asked for by a person")
def _asked_for(w: World) -> Changed:
    job = _summary_job(w, w.governor)
    run_job_now(w.school.pk, job.pk)
    return Changed(_made_by(job), w.governor)


@path("documents.Document", TASK, "documents.render, after a change (nobody asked)")
def _automatic(w: World) -> Changed:
    job = _summary_job(w, None)
    run_job_now(w.school.pk, job.pk)
    return Changed(_made_by(job), None, AUTOMATIC_REASON)


@path("documents.Document", TASK, "documents.render failed")
def _failed(w: World) -> Changed:
    job = _summary_job(w, w.governor)
    Job.objects.for_school(w.school).filter(pk=job.pk).update(max_attempts=1)  # not audited

    def broken(html: str, **kwargs: Any) -> bytes:
        raise PdfRenderError("The renderer stopped.")

    w.monkeypatch.setattr("documents.services.render_pdf", broken)
    run_job_now(w.school.pk, job.pk)
    document = _made_by(job)
    assert document.status == DocumentStatus.FAILED
    return Changed(document, w.governor)


@path("documents.Document", COMMAND, "run_periodic (the outbox sweep)")
def _swept(w: World) -> Changed:
    job = _summary_job(w, w.governor)
    # Its hand-over was lost: the sweep takes it (Job rows are not audited).
    earlier = timezone.now() - GRACE - timedelta(seconds=5)
    Job.objects.for_school(w.school).filter(pk=job.pk).update(available_at=earlier)
    call_command("run_periodic", "--once")
    return Changed(_made_by(job), w.governor)
