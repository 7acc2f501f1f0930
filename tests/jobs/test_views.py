"""jobs:detail and jobs:status — following a job one waits for."""

from __future__ import annotations

import uuid
from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import reverse

from accounts.models import User
from jobs.models import Job, JobStatus
from schools.models import School
from schools.roles import Role
from tests.documents.factories import a_job, ready_summary
from tests.factories import member
from tests.helpers.isolation import assert_outsider_404_member_403

Signed = Callable[[User], Client]


def detail_url(job: Job) -> str:
    return reverse("jobs:detail", kwargs={"school_slug": job.school.slug, "job_id": job.public_id})


def status_url(job: Job) -> str:
    return reverse("jobs:status", kwargs={"school_slug": job.school.slug, "job_id": job.public_id})


def test_the_requester_sees_the_progress_announced_politely(
    client_for: Signed, governor: User, school: School
) -> None:
    job = a_job(school, requested_by=governor, progress=40, progress_note="Laying out the pages")

    response = client_for(governor).get(detail_url(job))

    page = response.content.decode()
    assert response.status_code == 200
    assert "PDF of “How the school runs its policy”" in page
    assert 'role="status" aria-live="polite"' in page
    assert 'Running</span>: <span data-job="note">Laying out the pages</span>' in page
    assert '<progress id="job-bar" class="w-100" max="100" value="40">40%</progress>' in page
    assert '<label for="job-bar"' in page
    # Without JavaScript: the page reloads itself, and says how to refresh now.
    assert '<noscript><meta http-equiv="refresh" content="3"></noscript>' in page
    assert f'<a href="{detail_url(job)}">Refresh now</a>' in page
    assert f'data-status-url="{status_url(job)}"' in page


def test_a_job_waiting_to_start_says_so(client_for: Signed, head: User, school: School) -> None:
    job = a_job(school, requested_by=head, status=JobStatus.PENDING, progress=0, progress_note="")

    response = client_for(head).get(status_url(job))

    assert response.json() == {
        "status": "pending",
        "status_label": "Waiting",
        "finished": False,
        "progress": 0,
        "note": "Waiting to start",
        "file_url": None,
        "file_label": "Download the PDF",
    }


def test_a_finished_job_links_to_its_file_and_stops_refreshing(
    client_for: Signed, head: User, school: School
) -> None:
    document = ready_summary(school, requested_by=head)
    job = a_job(
        school,
        requested_by=head,
        status=JobStatus.DONE,
        progress=100,
        result={"document_id": str(document.public_id)},
    )
    download = reverse(
        "documents:download",
        kwargs={"school_slug": school.slug, "document_id": document.public_id},
    )
    client = client_for(head)

    page = client.get(detail_url(job)).content.decode()
    state = client.get(status_url(job)).json()

    assert f'href="{download}">Download the PDF</a>' in page
    assert 'http-equiv="refresh"' not in page
    assert state["file_url"] == download
    assert (state["status"], state["progress"], state["finished"]) == ("done", 100, True)
    assert state["note"] == "Ready to download"


def test_a_failed_job_says_the_pdf_could_not_be_produced(
    client_for: Signed, head: User, school: School
) -> None:
    job = a_job(
        school,
        requested_by=head,
        status=JobStatus.FAILED,
        result={"message": "The PDF could not be produced."},
        last_error="PdfLimitExceeded: The PDF took longer to lay out than the time limit allows.",
    )

    response = client_for(head).get(detail_url(job))

    page = response.content.decode()
    assert "The PDF could not be produced." in page
    assert 'id="job-failed" class="alert alert-danger">' in page  # shown, not hidden
    assert "PdfLimitExceeded" not in page  # the technical reason stays in the logs
    assert client_for(head).get(status_url(job)).json()["file_url"] is None


def test_the_status_is_never_cached(client_for: Signed, head: User, school: School) -> None:
    job = a_job(school, requested_by=head)

    response = client_for(head).get(status_url(job))

    assert response["Content-Type"] == "application/json"
    assert response["Cache-Control"] == "private, no-store"


def test_the_headteacher_may_follow_anyones_job(
    client_for: Signed, head: User, governor: User, school: School
) -> None:
    job = a_job(school, requested_by=governor)

    assert client_for(head).get(detail_url(job)).status_code == 200
    assert client_for(head).get(status_url(job)).status_code == 200


@pytest.mark.parametrize("url", [detail_url, status_url])
def test_another_member_gets_403(
    client_for: Signed,
    governor: User,
    dsl: User,
    school: School,
    url: Callable[[Job], str],
) -> None:
    job = a_job(school, requested_by=governor)

    assert client_for(dsl).get(url(job)).status_code == 403


@pytest.mark.parametrize("url", [detail_url, status_url])
def test_another_schools_job_is_the_same_404_as_a_missing_one(
    client_for: Signed,
    head: User,
    school: School,
    other_school: School,
    url: Callable[[Job], str],
    comparable_body: Callable[[bytes], str],
) -> None:
    theirs = a_job(other_school, requested_by=member(other_school, Role.HEADTEACHER))
    client = client_for(head)
    as_if_ours = url(theirs).replace(f"/{other_school.slug}/", f"/{school.slug}/")
    missing = as_if_ours.replace(str(theirs.public_id), str(uuid.uuid4()))

    foreign_response = client.get(as_if_ours)
    missing_response = client.get(missing)

    assert foreign_response.status_code == missing_response.status_code == 404
    assert comparable_body(foreign_response.content) == comparable_body(missing_response.content)


def test_nobody_signed_in_is_sent_to_sign_in(client: Client, head: User, school: School) -> None:
    job = a_job(school, requested_by=head)

    response = client.get(detail_url(job))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


@pytest.mark.parametrize("url", [detail_url, status_url])
def test_the_pages_only_read(
    client_for: Signed, head: User, school: School, url: Callable[[Job], str]
) -> None:
    job = a_job(school, requested_by=head)

    assert client_for(head).post(url(job)).status_code == 405


@pytest.mark.parametrize("name", ["jobs:detail", "jobs:status"])
def test_the_guard_on_a_job_nobody_asked_for(school: School, name: str) -> None:
    """A job no person asked for (a digest, a sweep) is the headteacher's alone."""
    job = a_job(school)

    assert_outsider_404_member_403(
        name, school=school, roles={Role.HEADTEACHER}, url_kwargs={"job_id": job.public_id}
    )
