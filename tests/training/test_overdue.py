"""Who needs training: required kinds, their intervals, and the page that lists them."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from schools.calendar import school_today
from schools.models import TrainingRule
from schools.roles import Role, TrainingKind
from schools.services import membership_end, membership_grant, training_requirement_set
from tests.factories import member
from tests.training.factories import session_in
from training.overdue import add_months, people_due, training_due
from training.services import training_session_withdraw

INDUCTION = TrainingKind.SAFEGUARDING_INDUCTION
POLICY = TrainingKind.SOCIAL_MEDIA_POLICY
ESAFETY = TrainingKind.ESAFETY_BRIEFING


def due_names(school, kind, today=None):
    today = today or school_today(school)
    status = next(s for s in training_due(school, today) if s.kind == kind)
    return {due.person.user.full_name for due in status.due}


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (datetime.date(2025, 9, 1), 12, datetime.date(2026, 9, 1)),
        (datetime.date(2026, 1, 31), 1, datetime.date(2026, 2, 28)),
        (datetime.date(2024, 2, 29), 12, datetime.date(2025, 2, 28)),
        (datetime.date(2025, 11, 15), 6, datetime.date(2026, 5, 15)),
    ],
)
def test_add_months(day, months, expected):
    assert add_months(day, months) == expected


def test_staff_never_trained_are_due_from_when_they_joined(school, head, teacher):
    assert due_names(school, INDUCTION) == {"Helen Hughes", "Tara Thompson"}


def test_governors_volunteers_and_network_managers_are_not_required(school, governor):
    member(school, Role.VOLUNTEER, full_name="Val Volunteer")
    member(school, Role.NETWORK_MANAGER, full_name="Nia Network")

    assert due_names(school, INDUCTION) == set()


def test_someone_whose_role_ended_is_not_required(school, teacher):
    membership_end(membership=teacher.memberships.get(), by=teacher)

    assert due_names(school, INDUCTION) == set()


def test_an_induction_is_needed_once(school, teacher):
    session_in(school, kind=INDUCTION, attendees=[teacher], held_on=datetime.date(2015, 9, 1))

    assert due_names(school, INDUCTION) == set()


def test_a_yearly_kind_falls_due_a_year_after_the_last_session(school, teacher):
    session_in(school, kind=ESAFETY, attendees=[teacher], held_on=datetime.date(2025, 9, 1))

    assert due_names(school, ESAFETY, today=datetime.date(2026, 8, 31)) == set()
    assert due_names(school, ESAFETY, today=datetime.date(2026, 9, 1)) == {"Tara Thompson"}
    (due,) = next(
        s for s in training_due(school, datetime.date(2026, 9, 2)) if s.kind == ESAFETY
    ).due
    assert (due.last, due.since) == (datetime.date(2025, 9, 1), datetime.date(2026, 9, 1))


def test_the_schools_own_interval_applies(school, teacher):
    session_in(school, kind=ESAFETY, attendees=[teacher], held_on=datetime.date(2025, 9, 1))
    training_requirement_set(
        school=school, kind=ESAFETY, rule=TrainingRule(required=True, refresh_months=24)
    )

    assert due_names(school, ESAFETY, today=datetime.date(2026, 9, 2)) == set()


def test_a_kind_the_school_does_not_require_is_not_listed(school, teacher):
    training_requirement_set(school=school, kind=POLICY, rule=TrainingRule(required=False))

    kinds = [status.kind for status in training_due(school, school_today(school))]

    assert kinds == [INDUCTION, ESAFETY]


def test_a_withdrawn_session_does_not_count(school, head, teacher):
    session = session_in(school, kind=INDUCTION, attendees=[teacher])
    training_session_withdraw(session=session, reason="Wrong person ticked.", by=head)

    assert "Tara Thompson" in due_names(school, INDUCTION)


def test_another_schools_sessions_do_not_count(school, other_school, teacher):
    membership_grant(school=other_school, user=teacher, role=Role.TEACHER)
    session_in(other_school, kind=INDUCTION, attendees=[teacher])

    assert "Tara Thompson" in due_names(school, INDUCTION)


def test_people_due_counts_each_person_once(school, teacher):
    assert people_due(training_due(school, school_today(school))) == {teacher.pk}


# --- The page ---------------------------------------------------------------------


def test_the_page_lists_who_is_due_for_each_kind(school, head, dsl, teacher, client_for):
    session_in(school, kind=INDUCTION, attendees=[head, dsl])

    page = client_for(dsl).get(reverse("training:overdue", kwargs={"school_slug": "oakfield"}))

    text = page.text
    assert "3 staff are due for training" in text
    induction = text[text.index(">Safeguarding induction</h2>") : text.index("Social media policy")]
    assert "Tara Thompson" in induction
    assert "Helen Hughes" not in induction
    assert "<td>Never</td>" in induction


def test_the_page_says_when_everyone_is_up_to_date(school, governor, client_for):
    page = client_for(governor).get(reverse("training:overdue", kwargs={"school_slug": "oakfield"}))

    assert "Everyone is up to date with their training." in page.text
