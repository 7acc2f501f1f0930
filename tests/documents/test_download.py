"""documents:download — the PDF for those its record type allows, and nobody else."""

from __future__ import annotations

import uuid
from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import reverse

from accounts.models import User
from documents.models import Document
from jobs.models import Job
from schools.models import School
from schools.roles import Role
from tests.documents.conftest import pdf_text, summary_versions
from tests.factories import member

AskForSummary = Callable[[School, User], Job]


def download_url(school: School, document_id: uuid.UUID) -> str:
    return reverse(
        "documents:download", kwargs={"school_slug": school.slug, "document_id": document_id}
    )


@pytest.fixture
def summary(school: School, head: User, ask_for_summary: AskForSummary) -> Document:
    ask_for_summary(school, head)
    [document] = summary_versions(school)
    return document


def test_the_headteacher_downloads_the_pdf_as_an_attachment(
    client_for: Callable[[User], Client], head: User, school: School, summary: Document
) -> None:
    response = client_for(head).get(download_url(school, summary.public_id))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="oakfield-setup-v1.pdf"'
    assert response["Cache-Control"] == "private, no-store"
    content = b"".join(response.streaming_content)  # type: ignore[arg-type]
    assert "Oakfield Primary School" in pdf_text(content)
    assert len(content) == summary.size


def test_a_governor_may_download_it_too(
    client_for: Callable[[User], Client], governor: User, school: School, summary: Document
) -> None:
    response = client_for(governor).get(download_url(school, summary.public_id))

    assert response.status_code == 200


@pytest.mark.parametrize("who", ["teacher", "dsl"])
def test_a_member_without_the_right_gets_403(
    request: pytest.FixtureRequest,
    client_for: Callable[[User], Client],
    school: School,
    summary: Document,
    who: str,
) -> None:
    member = request.getfixturevalue(who)

    response = client_for(member).get(download_url(school, summary.public_id))

    assert response.status_code == 403


def test_another_schools_document_is_the_same_404_as_a_missing_one(
    client_for: Callable[[User], Client],
    other_school: School,
    ask_for_summary: AskForSummary,
    head: User,
    school: School,
    comparable_body: Callable[[bytes], str],
) -> None:
    their_head = member(other_school, Role.HEADTEACHER)
    ask_for_summary(other_school, their_head)
    [theirs] = summary_versions(other_school)
    client = client_for(head)

    foreign = client.get(download_url(school, theirs.public_id))
    missing = client.get(download_url(school, uuid.uuid4()))

    assert foreign.status_code == missing.status_code == 404
    assert comparable_body(foreign.content) == comparable_body(missing.content)


def test_a_member_of_another_school_gets_404(
    client_for: Callable[[User], Client], outsider: User, school: School, summary: Document
) -> None:
    response = client_for(outsider).get(download_url(school, summary.public_id))

    assert response.status_code == 404


def test_nobody_signed_in_is_sent_to_sign_in(
    client: Client, school: School, summary: Document
) -> None:
    url = download_url(school, summary.public_id)

    response = client.get(url)

    assert response.status_code == 302
    assert response["Location"] == f"{reverse('accounts:login')}?next={url}"


def test_post_is_not_allowed(
    client_for: Callable[[User], Client], head: User, school: School, summary: Document
) -> None:
    response = client_for(head).post(download_url(school, summary.public_id))

    assert response.status_code == 405


def test_a_version_without_a_file_is_not_found(
    client_for: Callable[[User], Client], head: User, school: School, summary: Document
) -> None:
    summary.status = "failed"
    summary.file.name = ""
    summary.save()

    response = client_for(head).get(download_url(school, summary.public_id))

    assert response.status_code == 404
