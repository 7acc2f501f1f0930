"""A complaint's PDF: produced through the shared pipeline, read back, downloaded by governors."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from documents.models import Document
from documents.services import REFRESH_JOB, document_request
from governance.complaints.services import COMPLAINT_PDF, complaint_close, complaint_stage_move
from governance.models import Complaint, ComplaintOutcome, ComplaintStage
from jobs.models import Job
from jobs.runner import run_job_now
from schools.calendar import school_today
from schools.roles import Role
from tests.documents.conftest import pdf_text, private_storage  # noqa: F401
from tests.factories import member
from tests.governance.factories import complaint_in

pytestmark = pytest.mark.usefixtures("private_storage")


def produce(complaint: Complaint) -> Document:
    """The complaint's PDF, made now as a worker would make it."""
    school = complaint.school
    job = document_request(
        school=school,
        subject_type=COMPLAINT_PDF,
        subject_id=str(complaint.public_id),
        requested_by=None,
    )
    run_job_now(school.pk, job.pk)
    job.refresh_from_db()
    return Document.objects.for_school(school).get(public_id=job.result["document_id"])


def words(document: Document) -> str:
    return " ".join(pdf_text(document.file.read()).split())


def test_the_pdf_holds_the_complaint_its_outcome_and_who_did_what(school, head):
    clerk = member(school, Role.CLERK, full_name="Clara Clerk")
    today = school_today(school)
    complaint = complaint_in(
        school,
        by=clerk,
        subject="Photo of my child on the school Facebook page",
        complainant="Daniel Okonjo",
        received_on=today - datetime.timedelta(days=3),
    )
    complaint_stage_move(complaint=complaint, by=head, stage=ComplaintStage.FORMAL, moved_on=today)
    complaint_close(
        complaint=complaint,
        by=head,
        outcome=ComplaintOutcome.UPHELD,
        outcome_note="The photo was removed and staff reminded of the consent list.",
        closed_on=today,
    )

    document = produce(complaint)
    text = words(document)

    assert document.reference == "OAKFIELD-CMP-1"
    assert "Oakfield Primary School" in text
    assert "CMP-1" in text
    assert "Photo of my child on the school Facebook page" in text
    assert "Daniel Okonjo" in text
    assert "Upheld" in text
    assert "The photo was removed and staff reminded of the consent list." in text
    assert "Created by Clara Clerk" in text
    assert "Changed by Helen Hughes" in text


def test_each_change_asks_for_the_pdf_again(school, head):
    complaint = complaint_in(school)
    complaint_stage_move(
        complaint=complaint, by=head, stage=ComplaintStage.PANEL, moved_on=school_today(school)
    )

    refreshes = Job.objects.for_school(school).filter(
        kind=REFRESH_JOB, payload__subject_id=str(complaint.public_id)
    )
    assert refreshes.count() == 2


def test_governors_may_download_it_and_other_staff_may_not(
    client_for, school, head, governor, teacher
):
    document = produce(complaint_in(school))
    download = reverse(
        "documents:download",
        kwargs={"school_slug": school.slug, "document_id": document.public_id},
    )

    assert client_for(governor).get(download).status_code == 200
    assert client_for(teacher).get(download).status_code == 403


def test_the_complaint_page_lists_its_versions(client_for, school, head, governor):
    complaint = complaint_in(school)
    document = produce(complaint)

    page = (
        client_for(governor)
        .get(
            reverse(
                "governance:complaint",
                kwargs={"school_slug": school.slug, "complaint_id": complaint.public_id},
            )
        )
        .content.decode()
    )

    assert "Download the complaint, version 1 (PDF)" in page
    assert str(document.public_id) in page
