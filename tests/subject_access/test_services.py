"""Logging a request and moving it on: each refusal names its field and saves nothing."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError

from schools.calendar import school_today
from schools.roles import Role
from subject_access.models import Relationship, SarStatus, SubjectAccessRequest, SubjectKind
from subject_access.services import (
    RequestClosed,
    sar_complete,
    sar_export_start,
    sar_record,
    sar_withdraw,
)
from tests.agreements.factories import child_in
from tests.factories import member
from tests.subject_access.conftest import exported
from tests.subject_access.factories import sar_in

DAY = datetime.timedelta(days=1)


def _record(school, head, **fields):
    values = {
        "school": school,
        "by": head,
        "subject_kind": SubjectKind.PUPIL,
        "received_on": school_today(school),
        "requester_name": "Farah Khan",
        "requester_relationship": Relationship.PARENT,
    }
    values.update(fields)
    return sar_record(**values)


def test_a_request_is_numbered_per_school_and_names_who_recorded_it(school, other_school, head):
    child = child_in(school)
    first = _record(school, head, child=child)
    second = _record(school, head, child=child)
    elsewhere = sar_in(other_school, by=member(other_school, Role.HEADTEACHER))

    assert (first.reference, second.reference, elsewhere.reference) == ("SAR-1", "SAR-2", "SAR-1")
    assert first.history.get().history_user == head
    assert first.subject_name == child.full_name
    assert first.status == SarStatus.OPEN


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"received_on": "tomorrow"}, "received_on"),
        ({"requester_name": "  "}, "requester_name"),
        ({"requester_relationship": "cousin"}, "requester_relationship"),
        ({"child": None}, "subject"),
    ],
)
def test_bad_input_is_refused_on_its_field_and_nothing_is_saved(school, head, fields, field):
    if fields.get("received_on") == "tomorrow":
        fields["received_on"] = school_today(school) + DAY
    fields.setdefault("child", child_in(school))
    with pytest.raises(ValidationError) as refused:
        _record(school, head, **fields)
    assert field in refused.value.message_dict
    assert not SubjectAccessRequest.objects.for_school(school).exists()


def test_another_schools_pupil_or_a_stranger_is_an_unknown_subject(school, other_school, head):
    stranger = member(other_school, Role.HEADTEACHER)
    with pytest.raises(ValidationError, match="does not know them"):
        _record(school, head, child=child_in(other_school))
    with pytest.raises(ValidationError, match="does not know them"):
        _record(school, head, subject_kind=SubjectKind.STAFF, staff=stranger)
    with pytest.raises(ValidationError, match="does not know them"):
        _record(
            school,
            head,
            subject_kind=SubjectKind.PARENT,
            parent_name="Nobody Signed",
            parent_email="n@example.com",
        )


def test_complete_needs_an_export_and_a_note_then_nothing_changes_it(school, head):
    sar = sar_in(school)
    today = school_today(school)
    with pytest.raises(ValidationError, match="Export the subject's records"):
        sar_complete(request=sar, by=head, note="Sent.", closed_on=today)
    sar = exported(sar, head)
    with pytest.raises(ValidationError) as refused:
        sar_complete(request=sar, by=head, note=" ", closed_on=today)
    assert "note" in refused.value.message_dict

    done = sar_complete(request=sar, by=head, note="Sent by secure email.", closed_on=today)
    assert done.status == SarStatus.COMPLETED
    with pytest.raises(RequestClosed):
        sar_withdraw(request=done, by=head, note="Too late.", closed_on=today)
    with pytest.raises(RequestClosed):
        sar_export_start(request=done, by=head)


def test_a_request_can_be_withdrawn_while_owed_but_not_before_it_came_in(school, head):
    sar = sar_in(school)
    with pytest.raises(ValidationError) as refused:
        sar_withdraw(request=sar, by=head, note="Withdrawn.", closed_on=sar.received_on - DAY)
    assert "closed_on" in refused.value.message_dict
    withdrawn = sar_withdraw(
        request=sar, by=head, note="Withdrawn in writing.", closed_on=school_today(school)
    )
    assert withdrawn.status == SarStatus.WITHDRAWN
    assert withdrawn.history.latest().history_user == head
