"""The headteacher's digest line: "N staff are overdue for training"."""

from __future__ import annotations

import datetime

from django.utils import timezone

from notifications.digest import digest_lines, digest_providers
from schools.roles import Role, TrainingKind
from tests.factories import member
from tests.helpers.backdate import backdate
from tests.training.factories import session_in
from training.digest import staff_overdue_for_training

HEAD_ROLES = frozenset({Role.HEADTEACHER})


def test_is_registered():
    assert staff_overdue_for_training in digest_providers()


def test_tells_the_headteacher_how_many_staff_are_overdue(school, head, teacher):
    member(school, Role.SUPPORT)

    (item,) = staff_overdue_for_training(school, HEAD_ROLES)

    assert item.label == "3 staff are overdue for training"
    assert item.count == 3
    assert item.url == "/oakfield/training/due/"
    assert item.waiting_since is not None


def test_one_person_is_singular(school, head):
    (item,) = staff_overdue_for_training(school, HEAD_ROLES)

    assert item.label == "1 staff is overdue for training"


def test_says_nothing_when_everyone_is_trained(school, head):
    for kind in (TrainingKind.SAFEGUARDING_INDUCTION, TrainingKind.SOCIAL_MEDIA_POLICY,
                 TrainingKind.ESAFETY_BRIEFING):  # fmt: skip
        session_in(school, kind=kind, attendees=[head])

    assert staff_overdue_for_training(school, HEAD_ROLES) == []


def test_only_the_headteacher_hears_of_it(school, dsl, teacher):
    assert staff_overdue_for_training(school, frozenset({Role.DSL})) == []


def test_not_where_the_training_log_is_off(school, head):
    school.enabled_modules = [m for m in school.enabled_modules if m != "training"]

    assert staff_overdue_for_training(school, HEAD_ROLES) == []


def test_marked_overdue_in_the_digest_once_waiting_long_enough(school, head, settings):
    settings.PORTAL_BASE_URL = "https://portal.example"
    backdate(head.memberships.all(), started_at=timezone.now() - datetime.timedelta(days=30))

    lines, complete = digest_lines(school, head, timezone.now())

    (line,) = [line for line in lines if "training" in line.item.label]
    assert complete
    assert line.overdue
    assert line.link == "https://portal.example/oakfield/training/due/"
