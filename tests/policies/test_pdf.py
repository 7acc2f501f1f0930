"""The PDF of a published version: laid out from templates/pdf/, public to download."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from documents.models import Document, DocumentStatus
from documents.services import document_request
from documents.sources import source_for
from policies.pdf_sources import POLICY_VERSION
from policies.services import policy_current, policy_draft_start
from tests.documents.conftest import pdf_pages, pdf_text
from tests.helpers.demo import demo_db, demo_once  # noqa: F401 - the demo, once per module
from tests.policies.conftest import pdf_job, run_pdf_job
from tests.policies.factories import headteacher_of

pytestmark = pytest.mark.usefixtures("private_storage")


def pdf_url(slug: str, number: int) -> str:
    return reverse("policies:version-pdf", kwargs={"school_slug": slug, "number": number})


def read(response) -> bytes:
    return b"".join(response.streaming_content)


def words(text: str) -> str:
    """pdftotext's layout, one space between words, for comparing sentences."""
    return " ".join(text.split())


def test_chestnuts_pdf_holds_the_school_the_version_and_its_clauses(demo):
    school = demo["chestnuts"]
    version = policy_current(school)

    job = run_pdf_job(version)

    document = Document.objects.for_school(school).get(public_id=job.result["document_id"])
    pdf = document.file.read()
    text = words(pdf_text(pdf))
    assert "Chestnuts Primary School" in text
    assert "version 1" in text
    assert "Reference CHESTNUTS-POLICY-V1" in text
    assert "7. Blocked content" in text
    assert (
        "7.5 The final decision on whether access should be granted to a site will be made by "
        "the Headteacher."
    ) in text
    assert "7.1 The following social media websites are blocked" in text
    assert "Facebook" in text  # 7.1's list
    assert pdf_pages(pdf) > 3
    assert re.search(r"Page 1 of \d+", text)


def test_the_public_page_offers_the_pdf_once_it_is_ready(client, demo):
    version = policy_current(demo["chestnuts"])

    before = client.get("/chestnuts/policy/").text
    run_pdf_job(version)
    after = client.get("/chestnuts/policy/").text

    assert "A PDF of this version is being prepared" in before
    assert "Download version 1 as PDF" not in before
    assert "Download version 1 as PDF" in after
    assert pdf_url("chestnuts", 1) in after


def test_anyone_may_download_a_published_versions_pdf(client, demo):
    run_pdf_job(policy_current(demo["chestnuts"]))

    response = client.get(pdf_url("chestnuts", 1))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert 'filename="chestnuts-policy-version-1.pdf"' in response["Content-Disposition"]
    assert "Chestnuts Primary School" in pdf_text(read(response))


def test_before_its_pdf_is_ready_the_download_says_it_is_being_prepared(client, demo):
    response = client.get(pdf_url("norris-bank", 1))

    assert response.status_code == 200
    assert "The PDF of version 1 of Norris Bank Primary School" in response.text
    assert "is being prepared" in response.text


def test_a_version_that_does_not_exist_has_no_pdf(client, demo):
    assert client.get(pdf_url("chestnuts", 9)).status_code == 404


def test_each_school_serves_only_its_own_pdf(client, demo):
    run_pdf_job(policy_current(demo["chestnuts"]))

    response = client.get(pdf_url("norris-bank", 1))

    assert "is being prepared" in response.text


def test_the_source_loads_only_published_versions_of_that_school(demo):
    chestnuts, norris_bank = demo["chestnuts"], demo["norris-bank"]
    source = source_for(POLICY_VERSION)
    version = policy_current(chestnuts)
    draft = policy_draft_start(school=chestnuts, by=headteacher_of(chestnuts))

    assert source.load(chestnuts, str(version.public_id)) == version
    assert source.load(norris_bank, str(version.public_id)) is None
    assert source.load(chestnuts, str(draft.public_id)) is None
    assert source.load(chestnuts, "not-a-uuid") is None


def test_asking_again_for_the_same_version_makes_no_new_pdf(demo):
    school = demo["chestnuts"]
    version = policy_current(school)
    job = run_pdf_job(version)

    again = document_request(
        school=school,
        subject_type=POLICY_VERSION,
        subject_id=str(version.public_id),
        requested_by=None,
    )

    assert again == job
    assert Document.objects.for_school(school).filter(status=DocumentStatus.READY).count() == 1


def test_publishing_asks_for_the_pdf_once(demo):
    version = policy_current(demo["norris-bank"])

    assert pdf_job(version).status == "pending"


def test_an_appendix_table_keeps_its_cells_apart(client, demo):
    page = client.get("/chestnuts/policy/").text
    job = run_pdf_job(policy_current(demo["chestnuts"]))
    document = Document.objects.for_school(demo["chestnuts"]).get(
        public_id=job.result["document_id"]
    )

    assert "Facebook · Rules Report to Facebook Safety Centre" in page
    assert "Facebook · Rules Report to Facebook Safety Centre" in words(
        pdf_text(document.file.read())
    )
