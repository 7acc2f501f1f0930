"""PDFs: a request's and a report's record, and the review pack, rendered and read back."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.urls import reverse

from documents.models import Document
from documents.services import document_request
from forms_app.models import Verdict
from forms_app.pdf_sources import ReviewPackPdf
from forms_app.register import REVIEW_PACK_PDF
from forms_app.services import access_request_decide, content_report_record_blocked
from forms_app.services.common import ACCESS_REQUEST_PDF, CONTENT_REPORT_PDF
from forms_app.services.register import register_add
from jobs.runner import run_job_now
from schools.calendar import current_academic_year, school_today
from schools.models import School
from tests.documents.conftest import pdf_text, private_storage  # noqa: F401
from tests.forms_app.factories import approved_in, report_in, request_in

pytestmark = pytest.mark.usefixtures("private_storage", "head", "teacher", "network")


def words(text: str) -> str:
    return " ".join(text.split())


def produce(school: School, subject_type: str, subject_id: Any) -> Document:
    """The record's PDF, made now as a worker would make it."""
    job = document_request(
        school=school, subject_type=subject_type, subject_id=str(subject_id), requested_by=None
    )
    run_job_now(school.pk, job.pk)
    job.refresh_from_db()
    return Document.objects.for_school(school).get(public_id=job.result["document_id"])


def text_of(document: Document) -> str:
    return words(pdf_text(document.file.read()))


def download(client, school: School, document: Document):
    return client.get(
        reverse(
            "documents:download",
            kwargs={"school_slug": school.slug, "document_id": document.public_id},
        )
    )


def test_access_request_pdf_reads_like_appendix_1(school, head):
    request = request_in(school, url="https://www.youtube.com/watch?v=volcano")
    access_request_decide(
        request=request, by=head, approve=False, reason="Use the BBC Teach clip instead."
    )

    text = text_of(produce(school, ACCESS_REQUEST_PDF, request.public_id))

    assert "Oakfield Primary School" in text
    assert "Blocked website content access request form" in text
    assert "https://www.youtube.com/watch?v=volcano" in text
    assert "Use the BBC Teach clip instead." in text
    assert request.reference in text


def test_content_report_pdf_reads_like_appendix_2(school, network):
    report = report_in(school, urls=["https://games.example.com/casino"], safeguarding=True)
    content_report_record_blocked(
        report=report, by=network, blocked_on=school_today(school), provider_reference="LG-123"
    )

    text = text_of(produce(school, CONTENT_REPORT_PDF, report.public_id))

    assert "Inappropriate website content report form" in text
    assert "https://games.example.com/casino" in text
    assert "Safeguarding issue? Yes" in text
    assert "LG-123" in text


def test_the_requester_and_the_head_may_download_a_request_pdf(
    client_for, school, head, teacher, support
):
    document = produce(school, ACCESS_REQUEST_PDF, request_in(school, by=teacher).public_id)

    assert download(client_for(teacher), school, document).status_code == 200
    assert download(client_for(head), school, document).status_code == 200
    assert download(client_for(support), school, document).status_code == 403


def test_review_pack_holds_the_school_the_year_and_the_register(school, head):
    approved_in(
        school,
        url="https://www.youtube.com/watch?v=volcano",
        access_until=school_today(school) + datetime.timedelta(days=6),
    )
    school.filtering_provider = "London Grid for Learning (LGfL)"
    school.save()
    year = current_academic_year(school)

    document = produce(school, REVIEW_PACK_PDF, year.year)
    text = text_of(document)

    assert document.reference == f"OAKFIELD-FILTERING-{year.year}"
    assert "Oakfield Primary School" in text
    assert f"academic year {year.label}" in text
    assert "London Grid for Learning (LGfL)" in text
    assert "youtube.com: Allowed" in text
    assert "https://www.youtube.com/watch?v=volcano" in text
    assert "Useful for the topic; staff will supervise." in text
    assert "Allowances in force" in text


def test_review_pack_holds_only_that_years_lines(school, head):
    year = current_academic_year(school)
    report = report_in(school)
    for site, day in [
        ("last-year.example.com", year.start - datetime.timedelta(days=1)),
        ("this-year.example.com", year.start),
    ]:
        register_add(
            school=school,
            site=site,
            verdict=Verdict.BLOCKED,
            reason="Blocked.",
            by=head,
            content_report=report,
            decided_on=day,
        )

    text = text_of(produce(school, REVIEW_PACK_PDF, year.year))

    assert "this-year.example.com" in text
    assert "last-year.example.com" not in text


def test_review_pack_counts_verdicts_in_its_year(school, head):
    for site in ("a.example.com", "b.example.com"):
        register_add(school=school, site=site, verdict=Verdict.BLOCKED, reason="Bad.", by=head)
    context = ReviewPackPdf().context(current_academic_year(school))

    counts = dict(context["sections"][2]["fields"])

    assert counts["Blocked"] == "2"
    assert counts["Allowed"] == "0"
    assert counts["All decisions"] == "2"


def test_a_governor_may_download_the_review_pack_and_a_teacher_may_not(
    client_for, school, governor, teacher
):
    document = produce(school, REVIEW_PACK_PDF, current_academic_year(school).year)

    assert download(client_for(governor), school, document).status_code == 200
    assert download(client_for(teacher), school, document).status_code == 403


@pytest.mark.parametrize("subject_id", ["1999", "3000", "20x6", "", "2026-27"])
def test_review_pack_of_no_such_year_is_not_found(school, subject_id):
    assert ReviewPackPdf().load(school, subject_id) is None


# --- The review pack page ------------------------------------------------------


def pack_url(school: School, name: str = "review-pack") -> str:
    return reverse(f"forms_app:{name}", kwargs={"school_slug": school.slug})


def test_the_page_lists_years_with_lines_and_their_versions(client_for, school, head, governor):
    year = current_academic_year(school)
    register_add(
        school=school,
        site="old.example.com",
        verdict=Verdict.BLOCKED,
        reason="Bad.",
        by=head,
        decided_on=datetime.date(year.year - 2, 10, 1),
    )
    document = produce(school, REVIEW_PACK_PDF, year.year)

    html = client_for(governor).get(pack_url(school)).text

    assert f"Academic year {year.label}" in html
    assert f"Academic year {year.year - 2} to {year.year - 1}" in html
    assert f"Academic year {year.year - 1} to {year.year}" not in html
    assert f"Download the {year.label} pack, version 1 (PDF)" in html
    assert str(document.public_id) in html


def test_producing_a_pack_follows_its_job(client_for, school, governor):
    year = current_academic_year(school)

    response = client_for(governor).post(
        pack_url(school, "review-pack-produce"), {"year": year.year}
    )

    assert response.status_code == 302
    assert "/jobs/" in response["Location"]


def test_a_wrong_year_is_explained(client_for, school, governor):
    client = client_for(governor)

    response = client.post(pack_url(school, "review-pack-produce"), {"year": "1066"}, follow=True)

    assert response.redirect_chain[-1][0] == pack_url(school)
    assert "Choose one of the academic years listed" in response.text


def test_get_goes_back_to_the_list(client_for, school, governor):
    response = client_for(governor).get(pack_url(school, "review-pack-produce"))

    assert response.status_code == 302
    assert response["Location"] == pack_url(school)
