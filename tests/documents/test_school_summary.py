"""The set-up summary's page: its versions, and the button that asks for a fresh PDF."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from accounts.models import User
from documents.models import DocumentStatus
from jobs.models import Job, JobStatus
from schools.models import School
from schools.roles import Role
from tests.documents.conftest import summary_versions
from tests.documents.factories import ready_summary
from tests.helpers.isolation import assert_outsider_404_member_403
from tests.helpers.querycount import assert_queries_constant


def request_url(school: School) -> str:
    return reverse("documents:school-summary-request", kwargs={"school_slug": school.slug})


def versions_url(school: School) -> str:
    return reverse("documents:school-summary-versions", kwargs={"school_slug": school.slug})


@pytest.fixture
def in_process(settings: Any) -> None:
    """Jobs run right after commit, as in the embedded default, whatever the environment."""
    settings.CELERY_TASK_ALWAYS_EAGER = True


def test_only_the_headteacher_and_governors_reach_the_pages(school: School) -> None:
    for name in ("documents:school-summary-request", "documents:school-summary-versions"):
        assert_outsider_404_member_403(name, school=school, roles={Role.HEADTEACHER, Role.GOVERNOR})


@pytest.mark.usefixtures("in_process")
def test_asking_produces_the_pdf_and_shows_its_progress_page(
    client_for: Callable[[User], Client],
    head: User,
    school: School,
    django_capture_on_commit_callbacks: Any,
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(head).post(request_url(school))

    job = Job.objects.for_school(school).get()
    assert response.status_code == 302
    assert response["Location"] == reverse(
        "jobs:detail", kwargs={"school_slug": school.slug, "job_id": job.public_id}
    )
    assert job.status == JobStatus.DONE
    assert job.requested_by == head
    [document] = summary_versions(school)
    assert document.status == DocumentStatus.READY


def test_a_governor_asking_for_what_the_head_already_asked_for_sees_the_versions(
    client_for: Callable[[User], Client], head: User, governor: User, school: School
) -> None:
    client_for(head).post(request_url(school))  # its job waits: nothing runs it here

    response = client_for(governor).post(request_url(school), follow=True)

    assert response.redirect_chain[-1][0] == versions_url(school)
    assert "already been asked for" in response.content.decode()
    assert Job.objects.for_school(school).count() == 1


def test_get_on_the_request_address_goes_to_the_versions(
    client_for: Callable[[User], Client], head: User, school: School
) -> None:
    response = client_for(head).get(request_url(school))

    assert response.status_code == 302
    assert response["Location"] == versions_url(school)
    assert not Job.objects.for_school(school).exists()


def test_the_versions_page_lists_each_version_with_its_download_or_failure(
    client_for: Callable[[User], Client], governor: User, school: School
) -> None:
    ready = ready_summary(school)
    failed = ready_summary(school)
    failed.status = DocumentStatus.FAILED
    failed.file.name = ""
    failed.save()

    page = client_for(governor).get(versions_url(school)).content.decode()

    download = reverse(
        "documents:download", kwargs={"school_slug": school.slug, "document_id": ready.public_id}
    )
    assert f'href="{download}"' in page
    assert "Download version 1 (PDF)" in page
    assert "PDF could not be produced." in page
    assert "Produce the PDF" in page


def test_the_versions_page_makes_the_same_queries_whatever_the_number_of_versions(
    client_for: Callable[[User], Client], head: User, school: School
) -> None:
    client = client_for(head)

    def add_versions(n: int) -> None:
        for _ in range(n):
            ready_summary(school, requested_by=head)

    assert_queries_constant(lambda: client.get(versions_url(school)), add_versions)
