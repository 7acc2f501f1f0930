"""The training log's services refuse what the forms refuse, whoever calls them."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError

from schools.calendar import school_today
from schools.roles import Role, TrainingKind
from schools.services import membership_end
from tests.factories import member
from tests.training.factories import session_in
from training.models import Attendance, TrainingSession
from training.services import training_session_record, training_session_withdraw


def record(school, by, attendees, **fields):
    fields.setdefault("held_on", school_today(school))
    return training_session_record(
        school=school,
        kind=TrainingKind.SAFEGUARDING_INDUCTION,
        title="Induction",
        led_by="DSL",
        attendees=attendees,
        by=by,
        **fields,
    )


def test_another_schools_person_is_refused(school, dsl, outsider):
    with pytest.raises(ValidationError) as refused:
        record(school, dsl, [dsl, outsider])

    assert refused.value.message_dict == {
        "attendees": ["Only the school's own staff can be recorded as attending."]
    }
    assert not TrainingSession.objects.for_school(school).exists()


def test_a_governor_or_someone_whose_role_ended_is_not_staff(school, dsl, governor, teacher):
    membership_end(membership=teacher.memberships.get(), by=dsl)

    for person in (governor, teacher):
        with pytest.raises(ValidationError):
            record(school, dsl, [person])


def test_a_future_date_is_refused(school, dsl):
    with pytest.raises(ValidationError) as refused:
        record(school, dsl, [dsl], held_on=school_today(school) + datetime.timedelta(days=1))

    assert list(refused.value.message_dict) == ["held_on"]


def test_someone_ticked_twice_attends_once(school, dsl):
    session = record(school, dsl, [dsl, dsl])

    assert Attendance.objects.for_school(school).filter(session=session).count() == 1


def test_withdrawing_twice_is_refused(school, head):
    session = session_in(school)
    training_session_withdraw(session=session, reason="Duplicate.", by=head)

    with pytest.raises(ValidationError, match="already been withdrawn"):
        training_session_withdraw(session=session, reason="Again.", by=head)


def test_attendance_is_recorded_with_who_recorded_it(school, dsl):
    support = member(school, Role.SUPPORT)

    session = record(school, dsl, [support])

    attendance = Attendance.objects.for_school(school).get(session=session)
    assert attendance.history.get().history_user == dsl
