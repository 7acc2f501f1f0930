"""The headteacher's versions page, and starting a draft from the version in force."""

from __future__ import annotations

import pytest
from django.urls import reverse

from policies.models import PolicyVersion, VersionStatus
from policies.services import policy_draft, policy_draft_start, policy_publish
from schools.roles import Role
from tests.helpers.isolation import assert_outsider_404_member_403


def url(name: str, **kwargs) -> str:
    return reverse(f"policies:{name}", kwargs={"school_slug": "oakfield", **kwargs})


@pytest.fixture
def version_two(version_one, school, head):
    draft = policy_draft_start(school=school, by=head)
    return policy_publish(
        version=draft, by=head, material_change=False, change_summary="Typing errors corrected."
    )


def test_only_the_headteacher_sees_the_versions(school):
    assert_outsider_404_member_403("policies:manage", school=school, roles={Role.HEADTEACHER})


def test_starting_a_draft_is_the_headteachers(school, version_one):
    assert_outsider_404_member_403("policies:draft-start", school=school, roles={Role.HEADTEACHER})


def test_every_version_with_its_date_publisher_change_and_summary(client_for, head, version_two):
    page = client_for(head).get(url("manage")).text

    assert "Version 2" in page
    assert "In force" in page
    assert "Typing errors corrected." in page
    assert "No: earlier acknowledgements still count" in page
    assert "Version 1" in page
    assert "Yes: staff must acknowledge this version" in page
    assert "First version." in page
    assert "by Helen Hughes" in page
    assert "Start a new draft from version 2" in page
    assert "Compare versions" in page
    assert "Import a document" in page


def test_the_pdf_of_each_version_is_being_prepared_until_its_job_runs(
    client_for, head, version_one
):
    page = client_for(head).get(url("manage")).text

    assert "Being prepared" in page


def test_an_open_draft_is_shown_instead_of_the_buttons(client_for, head, school, version_one):
    draft = policy_draft_start(school=school, by=head)

    page = client_for(head).get(url("manage")).text

    assert "A draft is open: started from version 1 by Helen Hughes" in page
    assert url("draft", version_id=draft.public_id) in page
    assert "Start a new draft" not in page


def test_a_school_with_no_policy_is_asked_to_import_one(client_for, head, school):
    page = client_for(head).get(url("manage")).text

    assert "Import the school's policy document to begin" in page
    assert "No version has been published yet." in page


def test_starting_a_draft_copies_the_version_in_force(client_for, head, school, version_one):
    response = client_for(head).post(url("draft-start"))

    draft = policy_draft(school)
    assert draft is not None
    assert response.status_code == 302
    assert response["Location"] == url("draft", version_id=draft.public_id)
    assert draft.based_on == version_one
    assert draft.created_by == head
    assert draft.clauses.count() == version_one.clauses.count()


def test_a_second_draft_is_refused_with_a_message(client_for, head, school, version_one):
    policy_draft_start(school=school, by=head)
    client = client_for(head)

    response = client.post(url("draft-start"), follow=True)

    assert "There is already a draft of the policy: publish or discard it first." in response.text
    assert PolicyVersion.objects.for_school(school).filter(status=VersionStatus.DRAFT).count() == 1


def test_without_a_published_version_there_is_nothing_to_start_from(client_for, head, school):
    response = client_for(head).post(url("draft-start"), follow=True)

    assert "There is no published policy to start from: import one first." in response.text
    assert policy_draft(school) is None


def test_start_answers_a_get_with_the_versions(client_for, head, version_one):
    response = client_for(head).get(url("draft-start"))

    assert response.status_code == 302
    assert response["Location"] == url("manage")


def test_the_headteachers_home_page_leads_here(client_for, head, teacher, version_one):
    assert url("manage") in client_for(head).get("/oakfield/").text
    assert url("manage") not in client_for(teacher).get("/oakfield/").text
