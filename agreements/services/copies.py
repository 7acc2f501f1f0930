"""The signed agreement's PDF, emailed to the family when they gave an address (issue 7).

``agreement_copy_request`` queues the email in the signing transaction; the
job (``agreements.tasks``) waits for the PDF, then sends it once.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from agreements.models import Agreement
from documents.models import Document, DocumentStatus
from documents.services import document_request
from jobs.models import Job
from jobs.services import job_enqueue
from notifications.email import email_send

COPY_JOB = "agreements.email_copy"
# The PDF is made by its own job, which may itself retry: wait long enough for it.
COPY_ATTEMPTS = 8
COPY_TEMPLATE = "agreement_copy"
COPY_DELAY = timedelta(seconds=30)


class PdfNotReady(RuntimeError):
    """The agreement's PDF is still being produced: the job runner tries again later."""


def agreement_copy_request(agreement: Agreement, *, delay: timedelta | None = None) -> Job | None:
    """Queue the email of the signed copy, when the family gave an address.

    Signing asks with ``COPY_DELAY``: by then the PDF, asked for in the same
    transaction, is usually made, so the copy goes at its first attempt.
    """
    if not agreement.email:
        return None
    return job_enqueue(
        school=agreement.school,
        kind=COPY_JOB,
        key=str(agreement.public_id),
        payload={"agreement": str(agreement.public_id)},
        delay=delay,
    )


def _pdf_type() -> str:
    # Imported here: signing.py queues the copy, so it imports this module.
    from agreements.services.signing import AGREEMENT_PDF

    return AGREEMENT_PDF


def _ready_pdf(agreement: Agreement) -> Document | None:
    return (
        Document.objects.for_school(agreement.school)
        .filter(
            subject_type=_pdf_type(),
            subject_id=str(agreement.public_id),
            status=DocumentStatus.READY,
        )
        .order_by("-version")
        .first()
    )


def agreement_copy_send(job: Job) -> dict[str, Any]:
    """The copy job: one email with the PDF attached, or a retry while the PDF is made."""
    agreement = (
        Agreement.objects.for_school(job.school)
        .select_related("school")
        .filter(public_id=job.payload.get("agreement"))
        .first()
    )
    if agreement is None or not agreement.email:
        return {"sent": False}
    document = _ready_pdf(agreement)
    if document is None or not document.is_ready:
        # Make sure a render is under way (no new one if it is), then come back later.
        document_request(
            school=job.school,
            subject_type=_pdf_type(),
            subject_id=str(agreement.public_id),
            requested_by=None,
        )
        raise PdfNotReady(f"The PDF of {agreement.reference} is not ready yet.")
    with document.file.open("rb") as handle:
        pdf = handle.read()
    sent = email_send(
        job=job,
        to=agreement.email,
        template=COPY_TEMPLATE,
        context={"agreement": agreement},
        attachments=[(document.filename, pdf, "application/pdf")],
    )
    return {"sent": sent}
