"""Drafts, publishing, citations and acknowledgement of a school's policy."""

from __future__ import annotations

import pytest

from policies.diff import Change, compare_versions
from policies.importer import parse_policy_text
from policies.models import PolicyClause, PolicyVersion, VersionStatus
from policies.services import (
    PolicyError,
    acknowledgement_coverage,
    clause_cite,
    policy_acknowledge,
    policy_clause_add,
    policy_clause_edit,
    policy_clause_remove,
    policy_current,
    policy_draft_discard,
    policy_draft_start,
    policy_import_draft,
    policy_publish,
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
