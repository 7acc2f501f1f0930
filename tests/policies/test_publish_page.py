"""Publishing a draft (material change or not, summary, next review) and discarding one."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from jobs.models import Job
from policies.models import PolicyVersion, VersionStatus
from policies.services import (
    policy_clause_add,
    policy_clause_edit,
    policy_current,
    policy_draft_start,
)
from schools.roles import Role
from tests.helpers.isolation import assert_outsider_404_member_403
from tests.policies.conftest import pdf_job

HEAD_ONLY = {Role.HEADTEACHER}


def url(name: str, **kwargs) -> str:
    return reverse(f"policies:{name}", kwargs={"school_slug": "oakfield", **kwargs})


@pytest.fixture
def draft(version_one, school, head):
    draft = policy_draft_start(school=school, by=head)
    policy_clause_edit(
        clause=draft.clauses.get(number="1.3"),
        text="The headteacher's decision is binding.",
        bullets=[],
        by=head,
    )
    return draft


@pytest.fixture
def head_client(client_for, head):
    return client_for(head)


def in_days(days: int) -> str:
    return (timezone.localdate() + timedelta(days=days)).isoformat()


def publish(client, draft, **data):
    fields = {"material_change": "yes", "change_summary": "Decisions are binding.", **data}
    return client.post(url("publish", version_id=draft.public_id), fields)


@pytest.mark.parametrize("name", ["publish", "discard"])
def test_only_the_headteacher_publishes_or_discards(school, draft, name):
    assert_outsider_404_member_403(
        f"policies:{name}",
        school=school,
        roles=HEAD_ONLY,
        url_kwargs={"version_id": draft.public_id},
    )


def test_the_page_explains_a_material_change_and_shows_what_changes(head_client, draft):
    page = head_client.get(url("publish", version_id=draft.public_id)).text

    assert "What changes from version 1" in page
    assert "<del>final.</del>" in page
    assert "<ins>binding.</ins>" in page
    assert "must read it and acknowledge it again" in page
    assert 'name="material_change" value="yes"' in page
    assert "<legend" in page  # the two answers are grouped under their question
    assert 'for="id_change_summary"' in page
    assert 'type="date" name="review_due"' in page


def test_publishing_with_a_material_change(head_client, draft, school, head):
    response = publish(head_client, draft, review_due=in_days(200))

    draft.refresh_from_db()
    assert draft.status == VersionStatus.PUBLISHED
    assert draft.number == 2
    assert draft.material_change is True
    assert draft.change_summary == "Decisions are binding."
    assert draft.review_due == timezone.localdate() + timedelta(days=200)
    assert draft.published_by == head
    assert policy_current(school) == draft
    assert response["Location"] == url("manage")
    message = head_client.get(url("manage")).text
    assert (
        "Version 2 is published and in force. Every member of staff must now acknowledge it."
        in (message)
    )


def test_publishing_asks_for_the_versions_pdf(head_client, draft):
    publish(head_client, draft, material_change="no")

    job = pdf_job(draft)
    assert job.requested_by is None
    assert (
        job.payload["title"] == "PDF of “Oakfield Primary School / Social media policy, version 2”"
    )


def test_without_a_review_date_the_next_review_is_a_year_away(head_client, draft):
    publish(head_client, draft, material_change="no")

    draft.refresh_from_db()
    assert draft.material_change is False
    assert (draft.review_due - timezone.localdate()).days in (365, 366)


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"material_change": ""}, "material_change", "This field is required."),
        ({"material_change": "maybe"}, "material_change", "Select a valid choice."),
        ({"change_summary": ""}, "change_summary", "This field is required."),
        ({"review_due": in_days(-1)}, "review_due", "The next review must be after today."),
        ({"review_due": in_days(0)}, "review_due", "The next review must be after today."),
        ({"review_due": in_days(2000)}, "review_due", "Review the policy within three years."),
        ({"review_due": "31/02/2027"}, "review_due", "Enter a valid date."),
    ],
    ids=["no-choice", "bad-choice", "no-summary", "past", "today", "too-far", "not-a-date"],
)
def test_bad_input_is_explained_next_to_its_field_and_nothing_published(
    head_client, draft, school, data, field, message
):
    jobs_before = Job.objects.for_school(school).count()

    response = publish(head_client, draft, **data)

    assert response.status_code == 200
    assert f'id="error_1_id_{field}"' in response.text
    assert message in response.text
    draft.refresh_from_db()
    assert draft.status == VersionStatus.DRAFT
    assert Job.objects.for_school(school).count() == jobs_before


def test_numbering_problems_are_shown_and_stop_publishing(head_client, draft, head):
    policy_clause_add(
        section=draft.sections.get(number="2"), number="1.9", text="Late.", bullets=[], by=head
    )

    page = head_client.get(url("publish", version_id=draft.public_id)).text
    response = publish(head_client, draft)

    assert "This draft cannot be published yet" in page
    assert "Clause 1.9 comes after 2.1: numbers must go up." in page
    assert response.status_code == 200
    assert "Clause 1.9 comes after 2.1: numbers must go up." in response.text
    draft.refresh_from_db()
    assert draft.status == VersionStatus.DRAFT


def test_a_published_version_cannot_be_published_again(head_client, version_one):
    response = head_client.post(
        url("publish", version_id=version_one.public_id),
        {"material_change": "yes", "change_summary": "Again."},
    )

    assert "Version 1 is published and cannot be changed." in response.text
    version_one.refresh_from_db()
    assert version_one.number == 1


class TestDiscard:
    def test_discarding_asks_first(self, head_client, draft):
        page = head_client.get(url("discard", version_id=draft.public_id)).text

        assert "Discard the draft?" in page
        assert "The version in force does not change." in page
        draft.refresh_from_db()
        assert draft.is_draft

    def test_discarding_sets_the_draft_aside(self, head_client, draft, school, head):
        response = head_client.post(url("discard", version_id=draft.public_id), follow=True)

        draft.refresh_from_db()
        assert draft.status == VersionStatus.DISCARDED
        assert draft.history.latest().history_user == head
        assert "The draft was discarded." in response.text
        assert "Start a new draft from version 1" in response.text
        assert PolicyVersion.objects.for_school(school).count() == 2

    def test_a_published_version_cannot_be_discarded(self, head_client, version_one):
        response = head_client.post(url("discard", version_id=version_one.public_id))

        assert "Version 1 is published and cannot be changed." in response.text
        version_one.refresh_from_db()
        assert version_one.status == VersionStatus.PUBLISHED
