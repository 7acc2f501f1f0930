"""The signed agreement's PDF (laid out like Appendix 3) and the copy emailed to the family."""

from __future__ import annotations

import datetime
import uuid

import pytest
from django.core import mail
from django.utils import timezone

from agreements.models import Agreement, Method
from agreements.pdf_sources import AgreementPdf
from agreements.services.copies import COPY_JOB, agreement_copy_request
from agreements.services.signing import AGREEMENT_PDF
from agreements.services.texts import agreement_translation_save
from agreements.text import default_body
from documents.models import Document
from documents.services import document_draft, document_request
from jobs.models import Job, JobStatus
from jobs.runner import run_job_now
from schools.models import School
from tests.agreements.factories import DRAWN, signed_in, version_in
from tests.documents.conftest import pdf_text, private_storage  # noqa: F401
from tests.isolation.pages_texts import paper_in

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("private_storage", "head", "teacher")]


def words(text: str) -> str:
    return " ".join(text.split())


def squashed(text: str) -> str:
    """Without any spaces: where the PDF broke a line does not matter."""
    return "".join(text.split())


def produce(agreement: Agreement) -> Document:
    school = agreement.school
    job = document_request(
        school=school,
        subject_type=AGREEMENT_PDF,
        subject_id=str(agreement.public_id),
        requested_by=None,
    )
    run_job_now(school.pk, job.pk)
    job.refresh_from_db()
    return Document.objects.for_school(school).get(public_id=job.result["document_id"])


def text_of(agreement: Agreement) -> str:
    return words(pdf_text(produce(agreement).file.read()))


def test_the_pdf_reads_like_appendix_3_with_the_exact_text_signed(school):
    agreement = signed_in(
        school,
        second_carer_name="Omar Khan",
        second_signature_kind="typed",
        second_signature="Omar Khan",
    )

    text = text_of(agreement)

    assert "Acceptable use of the internet: agreement for parents and carers" in text
    assert "Name of parent/carer: Farah Khan" in text
    assert "Name of child: Amira Khan" in text
    assert "Child's class: Oak (Year 3)" in text
    # Line and page breaks aside, every line of the text is there as signed.
    printed = squashed(text)
    for line in default_body().split("\n"):
        assert squashed(line.removeprefix("- ")) in printed, line
    assert "Signed:" in text
    assert "Signed (second parent/carer):" in text
    assert "Omar Khan (typed name)" in text
    signed = timezone.localtime(agreement.signed_at, school.tz)
    assert f"Date: {signed.day} {signed:%B %Y}" in text
    assert "Signed in English, on version 1" in text
    assert "Signed at a kiosk" in text


def test_the_drawn_signature_is_drawn_from_its_path(school):
    agreement = signed_in(school)
    draft = document_draft(school=school, source=AgreementPdf(), subject=agreement)
    assert f'<path d="{DRAWN}"' in draft.html


def test_a_translated_agreement_prints_the_text_in_its_language(school, head):
    version = version_in(school)
    agreement_translation_save(
        school=school,
        by=head,
        version=version,
        language="pl",
        language_name="Polski",
        title="Umowa dla rodziców",
        body="Będę szanować pracowników szkoły.\n\n- Punkt pierwszy",
    )
    text = text_of(signed_in(school, version=version, language="pl"))
    assert "Umowa dla rodziców" in text
    assert "Będę szanować pracowników szkoły." in text
    assert "Punkt pierwszy" in text
    assert "Signed in Polski" in text
    assert "Be respectful towards members of staff" not in text


def test_a_paper_copy_says_how_it_was_collected(school):
    agreement = paper_in(school)
    text = text_of(agreement)
    assert "Signed on the paper copy" in text
    assert "Signed on paper; the paper copy was recorded, with its scan, by" in text
    day = school.tz and timezone.localtime(agreement.signed_at, school.tz)
    assert f"Date: {day.day} {day:%B %Y}" in text
    assert " at 12:00" not in text


# --- The copy by email -------------------------------------------------------------------


def copy_job(school: School) -> Job:
    return Job.objects.for_school(school).get(kind=COPY_JOB)


def test_the_copy_is_emailed_once_with_the_pdf_attached(
    school, django_capture_on_commit_callbacks, settings
):
    settings.CELERY_TASK_ALWAYS_EAGER = True
    with django_capture_on_commit_callbacks(execute=True):
        agreement = signed_in(school, email="farah@example.com", method=Method.LINK)
    # Its PDF is made after the commit; the copy waits a little for it.
    job = copy_job(school)
    assert job.status == JobStatus.PENDING
    assert job.available_at > timezone.now()
    assert mail.outbox == []
    Job.objects.for_school(school).filter(pk=job.pk).update(available_at=timezone.now())
    run_job_now(school.pk, job.pk)

    [email] = mail.outbox
    assert email.to == ["farah@example.com"]
    assert email.subject == "Your signed home-school agreement — Oakfield Primary School"
    assert "Your signed copy is attached as a PDF" in email.body
    [(name, content, mimetype)] = email.attachments
    assert name.endswith(".pdf")
    assert mimetype == "application/pdf"
    assert content.startswith(b"%PDF-")
    assert "Amira Khan" in words(pdf_text(content))
    # Delivered again (a re-sent message), or asked for again: no second email.
    job = copy_job(school)
    Job.objects.for_school(school).filter(pk=job.pk).update(status=JobStatus.PENDING)
    run_job_now(school.pk, job.pk)
    agreement_copy_request(agreement)
    assert len(mail.outbox) == 1


def test_the_copy_waits_for_the_pdf(school):
    agreement = signed_in(school, email="farah@example.com")
    job = agreement_copy_request(agreement)
    assert job is not None
    Job.objects.for_school(school).filter(pk=job.pk).update(available_at=timezone.now())

    run_job_now(school.pk, job.pk)  # the PDF has not been made yet

    job.refresh_from_db()
    assert job.status == JobStatus.PENDING
    assert "not ready" in job.last_error
    assert mail.outbox == []
    produce(agreement)
    Job.objects.for_school(school).filter(pk=job.pk).update(
        available_at=timezone.now() - datetime.timedelta(seconds=1)
    )
    run_job_now(school.pk, job.pk)
    assert len(mail.outbox) == 1


def test_no_copy_without_an_address(school):
    agreement = signed_in(school)
    assert agreement_copy_request(agreement) is None
    assert not Job.objects.for_school(school).filter(kind=COPY_JOB).exists()


def test_the_copy_job_names_no_one(school):
    job = agreement_copy_request(signed_in(school, email="farah@example.com"))
    assert job is not None
    assert set(job.payload) == {"agreement"}
    uuid.UUID(job.payload["agreement"])
