"""The set-up summary PDF: asked for, followed on its job page, downloaded."""

from __future__ import annotations

from typing import Any

from playwright.sync_api import Page, expect

from accounts.models import User
from jobs.models import Job, JobStatus
from schools.models import School
from tests.documents.factories import a_job, ready_summary

from .browser import check_accessibility, navigating, sign_in, visit


def test_summary_pdf_journey(page: Page, settings: Any) -> None:
    # Jobs run in-process here whatever the environment: no worker runs beside
    # the live server (tests/jobs/test_worker.py covers the broker path).
    settings.CELERY_TASK_ALWAYS_EAGER = True
    sign_in(page, "head@chestnuts.example")
    with navigating(page):
        page.get_by_role("link", name="Set-up summary (PDF)").first.click()
    with navigating(page):
        page.get_by_role("button", name="Produce the PDF").click()
    expect(page.get_by_role("status")).to_contain_text("Ready to download")
    expect(page.get_by_role("link", name="Download the PDF")).to_be_visible()
    with page.expect_download() as download:
        page.get_by_role("link", name="Download the PDF").click()
    assert download.value.suggested_filename == "chestnuts-setup-v1.pdf"
    visit(page, "/chestnuts/documents/school-summary/versions/")
    expect(page.get_by_text("Download version 1 (PDF)")).to_be_visible()


def test_job_page_updates_itself(page: Page) -> None:
    school = School.objects.get(slug="chestnuts")
    head = User.objects.get(email="head@chestnuts.example")
    job = a_job(school, requested_by=head, status=JobStatus.PENDING, progress=0, progress_note="")
    sign_in(page, "head@chestnuts.example")
    visit(page, f"/chestnuts/jobs/{job.public_id}/")
    expect(page.get_by_role("status")).to_contain_text("Waiting to start")
    Job.objects.for_school(school).filter(pk=job.pk).update(
        status=JobStatus.RUNNING, progress=60, progress_note="Laying out the pages"
    )
    expect(page.get_by_role("status")).to_contain_text("Laying out the pages (60% done)")
    document = ready_summary(school, requested_by=head)
    Job.objects.for_school(school).filter(pk=job.pk).update(
        status=JobStatus.DONE, progress=100, result={"document_id": str(document.public_id)}
    )
    expect(page.get_by_role("link", name="Download the PDF")).to_be_visible()
    expect(page.get_by_role("status")).to_contain_text("Done: Ready to download")
    # The page changed without loading: scan what it shows now.
    check_accessibility(page)
