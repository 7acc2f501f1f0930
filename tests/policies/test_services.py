"""Drafts, publishing, citations and acknowledgement of a school's policy."""

from __future__ import annotations

from datetime import date

import pytest

from jobs.models import Job
from policies.diff import Change, compare_versions
from policies.importer import parse_policy_text
from policies.models import PolicyClause, PolicyVersion, VersionStatus
from policies.services import (
    PolicyError,
    acknowledgement_coverage,
    acknowledgement_status,
    clause_cite,
    draft_problems,
    policy_acknowledge,
    policy_clause_add,
    policy_clause_edit,
    policy_clause_remove,
    policy_current,
    policy_draft_discard,
    policy_draft_start,
    policy_import_draft,
    policy_publish,
    policy_section_edit,
)
from schools.roles import Role
from tests.factories import member

DOCUMENT = """Oakfield Primary School
Social media policy

Statement of intent

We keep pupils safe online.

1. Blocked content

1.1. Social media sites are blocked.

1.2. Requests to unblock a site go to the headteacher.

1.3. The headteacher's decision is final.

2. Cyber bullying

2.1. Cyber bullying is taken seriously.
"""


@pytest.fixture
def published(school, head) -> PolicyVersion:
    draft = policy_import_draft(school=school, parsed=parse_policy_text(DOCUMENT), by=head)
    return policy_publish(version=draft, by=head, material_change=True)


def test_import_makes_a_draft_with_numbered_clauses(school, head):
    draft = policy_import_draft(school=school, parsed=parse_policy_text(DOCUMENT), by=head)

    assert draft.status == VersionStatus.DRAFT
    assert draft.number is None
    assert list(draft.clauses.exclude(number="").values_list("number", flat=True)) == [
        "1.1",
        "1.2",
        "1.3",
        "2.1",
    ]
    assert draft.clauses.get(number="1.3").text == "The headteacher's decision is final."


def test_publishing_numbers_the_version_and_records_who(published, head):
    assert published.number == 1
    assert published.status == VersionStatus.PUBLISHED
    assert published.published_by == head
    assert published.published_at is not None
    assert published.review_due is not None
    # The first version is one staff must acknowledge.
    assert published.material_change is True


def test_a_published_version_cannot_be_edited(published, head):
    clause = published.clauses.get(number="1.3")

    with pytest.raises(PolicyError, match="published and cannot be changed"):
        policy_clause_edit(clause=clause, text="Changed.", bullets=[], by=head)

    clause.refresh_from_db()
    assert clause.text == "The headteacher's decision is final."


def test_a_second_draft_is_refused_while_one_is_open(published, school, head):
    policy_draft_start(school=school, by=head)

    with pytest.raises(PolicyError, match="already a draft"):
        policy_draft_start(school=school, by=head)


def test_draft_edits_keep_their_history_and_publish_as_version_two(published, school, head):
    draft = policy_draft_start(school=school, by=head)
    clause = draft.clauses.get(number="1.3")
    policy_clause_edit(
        clause=clause, text="The headteacher decides; the decision is final.", bullets=[], by=head
    )
    section = draft.sections.get(number="2")
    policy_clause_add(
        section=section, number="2.2", text="Save screen prints as evidence.", bullets=[], by=head
    )
    policy_clause_remove(clause=draft.clauses.get(number="1.2"), by=head)

    version = policy_publish(
        version=draft, by=head, material_change=False, change_summary="Wording"
    )

    assert version.number == 2
    assert policy_current(school) == version
    # Who edited, and what the clause said before, are in the draft's history.
    edits = clause.history.order_by("history_date")
    assert [h.history_user for h in edits] == [head, head]
    assert edits.first().text == "The headteacher's decision is final."
    removed = PolicyClause.history.filter(number="1.2", version_id=draft.pk, history_type="-")
    assert removed.get().history_user == head


def test_version_one_is_unchanged_by_later_drafts(published, school, head):
    draft = policy_draft_start(school=school, by=head)
    policy_clause_remove(clause=draft.clauses.get(number="1.3"), by=head)
    policy_publish(version=draft, by=head, material_change=True)

    assert published.clauses.get(number="1.3").text == "The headteacher's decision is final."


def test_a_citation_keeps_its_version_when_a_later_one_removes_the_clause(published, school, head):
    cited = clause_cite(school=school, number="1.3")
    draft = policy_draft_start(school=school, by=head)
    policy_clause_remove(clause=draft.clauses.get(number="1.3"), by=head)
    policy_publish(version=draft, by=head, material_change=True)

    cited.refresh_from_db()
    assert cited.version == published
    assert cited.citation == "Oakfield 1.3"
    assert clause_cite(school=school, number="1.3") is None


def test_publishing_refuses_numbers_that_repeat(published, school, head):
    draft = policy_draft_start(school=school, by=head)
    section = draft.sections.get(number="2")

    with pytest.raises(PolicyError, match="already in this draft"):
        policy_clause_add(section=section, number="2.1", text="Again.", bullets=[], by=head)


def test_publishing_refuses_numbers_that_go_backwards(published, school, head):
    draft = policy_draft_start(school=school, by=head)
    policy_clause_add(
        section=draft.sections.get(number="2"),
        number="1.9",
        text="Out of place.",
        bullets=[],
        by=head,
    )

    with pytest.raises(PolicyError, match="numbers must go up"):
        policy_publish(version=draft, by=head, material_change=False)
    draft.refresh_from_db()
    assert draft.status == VersionStatus.DRAFT


def test_a_discarded_draft_stays_but_cannot_be_edited(published, school, head):
    draft = policy_draft_start(school=school, by=head)
    policy_draft_discard(version=draft, by=head)

    with pytest.raises(PolicyError, match="discarded"):
        policy_clause_edit(clause=draft.clauses.first(), text="x", bullets=[], by=head)
    assert (
        PolicyVersion.objects.for_school(school).filter(status=VersionStatus.DISCARDED).count() == 1
    )


def test_compare_shows_added_removed_and_changed_clauses(published, school, head):
    draft = policy_draft_start(school=school, by=head)
    policy_clause_edit(
        clause=draft.clauses.get(number="1.3"),
        text="The headteacher's decision is binding.",
        bullets=[],
        by=head,
    )
    policy_clause_remove(clause=draft.clauses.get(number="1.2"), by=head)
    policy_clause_add(
        section=draft.sections.get(number="2"),
        number="2.2",
        text="Keep evidence.",
        bullets=[],
        by=head,
    )
    version = policy_publish(version=draft, by=head, material_change=False)

    changes = {c.label: c for c in compare_versions(published, version)}

    assert changes["1.2"].change == Change.REMOVED
    assert changes["2.2"].change == Change.ADDED
    assert changes["1.3"].change == Change.CHANGED
    assert ("del", "final.") in [(s.op, s.text) for s in changes["1.3"].segments]
    assert ("ins", "binding.") in [(s.op, s.text) for s in changes["1.3"].segments]
    assert "1.1" not in changes


class TestAcknowledgement:
    def test_staff_who_have_not_acknowledged_are_listed(
        self, published, school, head, teacher, governor
    ):
        policy_acknowledge(version=published, user=head)

        coverage = {row.user: row.up_to_date for row in acknowledgement_coverage(school)}

        assert coverage == {head: True, teacher: False}  # governors are not staff

    def test_a_minor_change_needs_no_new_acknowledgement(self, published, school, head, teacher):
        policy_acknowledge(version=published, user=teacher)
        draft = policy_draft_start(school=school, by=head)
        policy_publish(version=draft, by=head, material_change=False)

        coverage = {row.user: row.up_to_date for row in acknowledgement_coverage(school)}
        assert coverage[teacher] is True

    def test_a_material_change_needs_acknowledging_again(self, published, school, head, teacher):
        policy_acknowledge(version=published, user=teacher)
        draft = policy_draft_start(school=school, by=head)
        version = policy_publish(version=draft, by=head, material_change=True)

        coverage = {row.user: row.up_to_date for row in acknowledgement_coverage(school)}
        assert coverage[teacher] is False
        policy_acknowledge(version=version, user=teacher)
        assert {r.user: r.up_to_date for r in acknowledgement_coverage(school)}[teacher] is True

    def test_acknowledging_twice_records_once(self, published, teacher):
        first = policy_acknowledge(version=published, user=teacher)
        second = policy_acknowledge(version=published, user=teacher)

        assert first.pk == second.pk

    def test_another_schools_staff_are_not_counted(self, published, school, outsider):
        assert outsider not in {row.user for row in acknowledgement_coverage(school)}

    def test_a_support_member_is_staff(self, published, school):
        support = member(
            school, Role.SUPPORT, full_name="Sid Support", email="support@oakfield.test"
        )
        assert support in {row.user for row in acknowledgement_coverage(school)}


class TestDraftEditing:
    def test_a_section_heading_changes_with_its_history(self, published, school, head):
        draft = policy_draft_start(school=school, by=head)
        section = draft.sections.get(number="2")

        policy_section_edit(section=section, heading=" Online bullying ", by=head)

        section.refresh_from_db()
        assert section.heading == "Online bullying"
        assert [h.heading for h in section.history.order_by("history_date")] == [
            "Cyber bullying",
            "Online bullying",
        ]
        assert published.sections.get(number="2").heading == "Cyber bullying"

    def test_a_published_sections_heading_cannot_change(self, published, head):
        with pytest.raises(PolicyError, match="published and cannot be changed"):
            policy_section_edit(section=published.sections.get(number="2"), heading="X", by=head)

    def test_renumbering_a_clause_moves_its_anchor(self, published, school, head):
        draft = policy_draft_start(school=school, by=head)
        clause = draft.clauses.get(number="1.3")

        policy_clause_edit(clause=clause, number="1.4", text=clause.text, bullets=[], by=head)

        clause.refresh_from_db()
        assert (clause.number, clause.anchor) == ("1.4", "1.4")

    def test_a_clause_can_lose_its_number(self, published, school, head):
        draft = policy_draft_start(school=school, by=head)
        clause = draft.clauses.get(number="1.3")

        policy_clause_edit(clause=clause, number="", text=clause.text, bullets=[], by=head)

        clause.refresh_from_db()
        assert clause.number == ""
        assert clause.anchor.startswith("section-1-")

    @pytest.mark.parametrize(
        ("number", "message"),
        [("1.2", "Clause 1.2 is already in this draft."), ("1.x", "is not a clause number")],
    )
    def test_a_number_taken_or_malformed_is_refused(self, published, school, head, number, message):
        draft = policy_draft_start(school=school, by=head)
        clause = draft.clauses.get(number="1.3")

        with pytest.raises(PolicyError, match=message):
            policy_clause_edit(clause=clause, number=number, text="Changed.", bullets=[], by=head)
        clause.refresh_from_db()
        assert (clause.number, clause.text) == ("1.3", "The headteacher's decision is final.")

    def test_an_import_keeps_the_lines_it_could_not_place(self, school, head):
        parsed = parse_policy_text("Ash\nPolicy\nAgreed in May.\n1. Roles\n1.1. One.\n")

        draft = policy_import_draft(school=school, parsed=parsed, by=head)

        assert draft.unplaced_lines == ["Agreed in May."]


class TestPublishing:
    def test_publishing_asks_for_the_versions_pdf_in_its_transaction(self, published):
        job = Job.objects.for_school(published.school).get(kind="documents.render")

        assert job.payload["subject_type"] == "policy-version"
        assert job.payload["subject_id"] == str(published.public_id)
        assert job.status == "pending"

    def test_a_review_date_in_the_past_is_refused(self, published, school, head):
        draft = policy_draft_start(school=school, by=head)

        with pytest.raises(PolicyError, match="after today"):
            policy_publish(
                version=draft, by=head, material_change=False, review_due=date(2020, 1, 1)
            )
        draft.refresh_from_db()
        assert draft.is_draft

    def test_draft_problems_name_an_empty_draft(self, published, school, head):
        draft = policy_draft_start(school=school, by=head)
        for clause in list(draft.clauses.all()):
            policy_clause_remove(clause=clause, by=head)

        assert draft_problems(draft) == ["An empty draft cannot be published."]


class TestAcknowledgementStatus:
    def test_someone_who_never_acknowledged(self, published, school, teacher):
        status = acknowledgement_status(school, teacher)

        assert status.current == published
        assert status.required == published
        assert status.latest is None
        assert not status.up_to_date
        assert not status.again

    def test_after_a_material_change_they_must_again(self, published, school, head, teacher):
        policy_acknowledge(version=published, user=teacher)
        draft = policy_draft_start(school=school, by=head)
        policy_publish(version=draft, by=head, material_change=True)

        status = acknowledgement_status(school, teacher)

        assert status.latest.version == published
        assert not status.up_to_date
        assert status.again

    def test_only_the_version_in_force_is_acknowledged(self, published, school, head, teacher):
        draft = policy_draft_start(school=school, by=head)
        policy_publish(version=draft, by=head, material_change=False)

        with pytest.raises(PolicyError, match="no longer in force"):
            policy_acknowledge(version=published, user=teacher)

    def test_only_staff_acknowledge(self, published, governor, outsider):
        for person in (governor, outsider):
            with pytest.raises(PolicyError, match="Only the school's staff"):
                policy_acknowledge(version=published, user=person)

    def test_coverage_says_when_and_in_which_roles(self, published, school, head, teacher):
        policy_acknowledge(version=published, user=head)

        rows = {row.user: row for row in acknowledgement_coverage(school)}

        assert rows[head].roles == ("Headteacher",)
        assert rows[head].latest_number == 1
        assert rows[head].acknowledged_at is not None
        assert rows[teacher].latest_number is None
        assert rows[teacher].acknowledged_at is None
