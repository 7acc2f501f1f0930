"""The draft editor: each clause edited or removed, clauses added, headings changed."""

from __future__ import annotations

import pytest
from django.urls import reverse

from policies.models import PolicyClause, PolicySection
from policies.services import policy_draft_discard, policy_draft_start
from schools.roles import Role
from tests.factories import member
from tests.helpers.isolation import assert_outsider_404_member_403

HEAD_ONLY = {Role.HEADTEACHER}


def url(name: str, **kwargs) -> str:
    return reverse(f"policies:{name}", kwargs={"school_slug": "oakfield", **kwargs})


@pytest.fixture
def draft(version_one, school, head):
    return policy_draft_start(school=school, by=head)


@pytest.fixture
def clause(draft) -> PolicyClause:
    return draft.clauses.get(number="1.3")


@pytest.fixture
def section(draft) -> PolicySection:
    return draft.sections.get(number="2")


@pytest.fixture
def head_client(client_for, head):
    return client_for(head)


class TestAccess:
    def test_draft(self, school, draft):
        assert_outsider_404_member_403(
            "policies:draft",
            school=school,
            roles=HEAD_ONLY,
            url_kwargs={"version_id": draft.public_id},
        )

    @pytest.mark.parametrize("name", ["clause-edit", "clause-remove"])
    def test_clause_pages(self, school, clause, name):
        assert_outsider_404_member_403(
            f"policies:{name}",
            school=school,
            roles=HEAD_ONLY,
            url_kwargs={"clause_id": clause.public_id},
        )

    @pytest.mark.parametrize("name", ["section-edit", "clause-add"])
    def test_section_pages(self, school, section, name):
        assert_outsider_404_member_403(
            f"policies:{name}",
            school=school,
            roles=HEAD_ONLY,
            url_kwargs={"section_id": section.public_id},
        )

    def test_another_schools_clause_is_not_found(self, client_for, other_school, clause):
        # Riverside's headteacher, with Oakfield's clause under Riverside's address.
        riverside_head = member(other_school, Role.HEADTEACHER)
        response = client_for(riverside_head).get(
            reverse(
                "policies:clause-edit",
                kwargs={"school_slug": "riverside", "clause_id": clause.public_id},
            )
        )

        assert response.status_code == 404


class TestEditor:
    def test_sections_and_clauses_each_with_edit_and_remove(self, head_client, draft, clause):
        page = head_client.get(url("draft", version_id=draft.public_id)).text

        assert "Draft, not yet published" in page
        assert 'id="1.3"' in page
        assert "The headteacher&#x27;s decision is final." in page
        assert url("clause-edit", clause_id=clause.public_id) in page
        assert url("clause-remove", clause_id=clause.public_id) in page
        assert '<span class="visually-hidden"> clause 1.3</span>' in page
        section = draft.sections.get(number="1")
        assert url("clause-add", section_id=section.public_id) in page
        assert url("section-edit", section_id=section.public_id) in page
        assert url("publish", version_id=draft.public_id) in page
        assert url("discard", version_id=draft.public_id) in page

    def test_numbering_problems_are_shown(self, head_client, draft, head):
        from policies.services import policy_clause_add

        policy_clause_add(
            section=draft.sections.get(number="2"), number="1.9", text="Late.", bullets=[], by=head
        )

        page = head_client.get(url("draft", version_id=draft.public_id)).text

        assert "To fix before publishing" in page
        assert "Clause 1.9 comes after 2.1: numbers must go up." in page


class TestClauseEdit:
    def test_the_form_holds_the_clause(self, head_client, draft):
        bulleted = draft.clauses.get(number="1.1")

        page = head_client.get(url("clause-edit", clause_id=bulleted.public_id)).text

        assert "Edit clause 1.1" in page
        assert 'value="1.1"' in page
        assert "Social media sites are blocked:" in page
        assert "Facebook\nInstagram</textarea>" in page

    def test_saving_changes_the_draft_and_records_who(self, head_client, clause, head):
        response = head_client.post(
            url("clause-edit", clause_id=clause.public_id),
            {"number": "1.3", "text": "The headteacher decides.", "bullets": "One\n\n Two "},
        )

        clause.refresh_from_db()
        assert clause.text == "The headteacher decides."
        assert clause.bullets == ["One", "Two"]
        assert clause.history.latest().history_user == head
        assert response["Location"] == url("draft", version_id=clause.version.public_id) + "#1.3"

    def test_renumbering_moves_the_anchor(self, head_client, clause):
        head_client.post(
            url("clause-edit", clause_id=clause.public_id),
            {"number": "1.4", "text": clause.text, "bullets": ""},
        )

        clause.refresh_from_db()
        assert (clause.number, clause.anchor) == ("1.4", "1.4")

    @pytest.mark.parametrize(
        ("data", "message"),
        [
            ({"number": "1.3", "text": "   ", "bullets": ""}, "This field is required."),
            (
                {"number": "seven", "text": "Text.", "bullets": ""},
                "Write the clause number like 7.4.",
            ),
            (
                {"number": "1.2", "text": "Text.", "bullets": ""},
                "Clause 1.2 is already in this draft.",
            ),
            (
                {"number": "1.3", "text": "Bell\x07 text", "bullets": ""},
                "invisible control characters",
            ),
            ({"number": "1.3", "text": "x" * 5001, "bullets": ""}, "at most 5000 characters"),
        ],
        ids=["no-text", "not-a-number", "number-taken", "control-character", "too-long"],
    )
    def test_bad_input_is_explained_and_nothing_saved(self, head_client, clause, data, message):
        response = head_client.post(url("clause-edit", clause_id=clause.public_id), data)

        assert response.status_code == 200
        assert message in response.text
        clause.refresh_from_db()
        assert (clause.number, clause.text) == ("1.3", "The headteacher's decision is final.")
        assert clause.history.count() == 1

    def test_a_published_clause_cannot_be_edited(self, head_client, version_one):
        published = version_one.clauses.get(number="1.3")

        page = head_client.get(url("clause-edit", clause_id=published.public_id))
        posted = head_client.post(
            url("clause-edit", clause_id=published.public_id),
            {"number": "1.3", "text": "Changed.", "bullets": ""},
        )

        message = "Version 1 is published and cannot be changed. Start a new draft to make changes."
        assert message in page.text
        assert message in posted.text
        assert '<form method="post" novalidate>' not in page.text
        published.refresh_from_db()
        assert published.text == "The headteacher's decision is final."

    def test_a_discarded_drafts_clause_cannot_be_edited(self, head_client, draft, clause, head):
        policy_draft_discard(version=draft, by=head)

        response = head_client.post(
            url("clause-edit", clause_id=clause.public_id),
            {"number": "1.3", "text": "Changed.", "bullets": ""},
        )

        assert "This draft was discarded and cannot be changed." in response.text
        clause.refresh_from_db()
        assert clause.text == "The headteacher's decision is final."


class TestClauseAdd:
    def test_the_next_number_is_suggested(self, head_client, section):
        page = head_client.get(url("clause-add", section_id=section.public_id)).text

        assert "Add a clause to 2. Cyber bullying" in page
        assert 'value="2.2"' in page

    def test_adding_puts_the_clause_at_the_end_of_its_section(
        self, head_client, draft, section, head
    ):
        response = head_client.post(
            url("clause-add", section_id=section.public_id),
            {"number": "2.2", "text": "Keep screen prints as evidence.", "bullets": ""},
        )

        added = draft.clauses.get(number="2.2")
        assert added.section == section
        assert added.order == draft.clauses.count()
        assert added.history.get().history_user == head
        assert response["Location"].endswith("#2.2")

    def test_a_number_already_in_the_draft_is_refused(self, head_client, draft, section):
        response = head_client.post(
            url("clause-add", section_id=section.public_id),
            {"number": "2.1", "text": "Again.", "bullets": ""},
        )

        assert "Clause 2.1 is already in this draft." in response.text
        assert draft.clauses.filter(number="2.1").count() == 1

    def test_a_published_section_takes_no_clause(self, head_client, version_one):
        published = version_one.sections.get(number="2")

        response = head_client.post(
            url("clause-add", section_id=published.public_id),
            {"number": "2.2", "text": "Late.", "bullets": ""},
        )

        assert "Version 1 is published and cannot be changed." in response.text
        assert not version_one.clauses.filter(number="2.2").exists()


class TestSectionEdit:
    def test_changing_a_heading(self, head_client, section, head):
        response = head_client.post(
            url("section-edit", section_id=section.public_id), {"heading": "Online bullying"}
        )

        section.refresh_from_db()
        assert section.heading == "Online bullying"
        assert section.history.latest().history_user == head
        assert response["Location"].endswith("#section-2")

    def test_an_empty_heading_is_refused(self, head_client, section):
        response = head_client.post(
            url("section-edit", section_id=section.public_id), {"heading": ""}
        )

        assert response.status_code == 200
        assert "This field is required." in response.text
        section.refresh_from_db()
        assert section.heading == "Cyber bullying"


class TestClauseRemove:
    def test_removing_asks_first(self, head_client, clause):
        page = head_client.get(url("clause-remove", clause_id=clause.public_id)).text

        assert "Remove clause 1.3 from the draft?" in page
        assert "The headteacher&#x27;s decision is final." in page
        assert PolicyClause.objects.for_school(clause.school).filter(pk=clause.pk).exists()

    def test_removing_takes_the_clause_out_of_the_draft_only(
        self, head_client, clause, version_one, head
    ):
        response = head_client.post(url("clause-remove", clause_id=clause.public_id))

        assert not clause.version.clauses.filter(number="1.3").exists()
        assert version_one.clauses.filter(number="1.3").exists()
        removed = PolicyClause.history.get(id=clause.pk, history_type="-")
        assert removed.history_user == head
        assert response["Location"].endswith("#section-1")
