"""What the policy puts in the headteacher's morning digest."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from notifications.digest import digest_lines
from policies.digest import review_due, staff_not_acknowledged
from policies.models import PolicyVersion
from policies.services import policy_acknowledge
from schools.roles import Role

HEAD = frozenset({Role.HEADTEACHER})


def set_review(version: PolicyVersion, days: int) -> None:
    version.review_due = timezone.localdate() + timedelta(days=days)
    version.save(update_fields=["review_due"])


def test_staff_yet_to_acknowledge_are_counted_for_the_headteacher(
    school, head, dsl, teacher, version_one
):
    policy_acknowledge(version=version_one, user=head)

    (item,) = staff_not_acknowledged(school, HEAD)

    assert item.label == "2 staff have not acknowledged the policy"
    assert item.count == 2
    assert item.url == "/oakfield/policy/manage/acknowledgements/"
    assert item.waiting_since == version_one.published_at


def test_one_member_of_staff_reads_naturally(school, head, teacher, version_one):
    policy_acknowledge(version=version_one, user=head)

    (item,) = staff_not_acknowledged(school, HEAD)

    assert item.label == "1 member of staff has not acknowledged the policy"


def test_nothing_when_everyone_has_acknowledged(school, head, teacher, version_one):
    policy_acknowledge(version=version_one, user=head)
    policy_acknowledge(version=version_one, user=teacher)

    assert staff_not_acknowledged(school, HEAD) == []


def test_nothing_for_other_roles_or_without_a_policy(school, head, dsl):
    assert staff_not_acknowledged(school, HEAD) == []
    assert review_due(school, HEAD) == []


def test_other_roles_hear_nothing(school, head, dsl, version_one):
    set_review(version_one, 3)

    assert staff_not_acknowledged(school, frozenset({Role.DSL})) == []
    assert review_due(school, frozenset({Role.DSL})) == []


def test_the_review_is_mentioned_from_thirty_days_before(school, head, version_one):
    set_review(version_one, 31)
    assert review_due(school, HEAD) == []

    set_review(version_one, 30)
    (item,) = review_due(school, HEAD)

    due = version_one.review_due
    assert item.label == f"The policy's annual review is due on {due.day} {due:%B %Y}"
    assert item.url == "/oakfield/policy/manage/"
    assert item.waiting_since is None


def test_a_review_past_its_date_is_waiting_since_then(school, head, version_one):
    set_review(version_one, -10)

    (item,) = review_due(school, HEAD)

    assert item.label.startswith("The policy's annual review was due on ")
    assert item.waiting_since is not None
    assert (timezone.now() - item.waiting_since).days >= 9


def test_both_reach_the_digest_and_the_overdue_review_comes_first(
    school, head, teacher, version_one
):
    policy_acknowledge(version=version_one, user=head)
    set_review(version_one, -10)

    lines, complete = digest_lines(school, head, timezone.now())

    labels = [line.item.label for line in lines]
    assert complete
    assert labels[0].startswith("The policy's annual review was due on ")
    assert "1 member of staff has not acknowledged the policy" in labels
    assert lines[0].overdue
