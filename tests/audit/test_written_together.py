"""A history row and its audit event are written together (``schools.audited.AuditedHistory``)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from simple_history.models import registered_models

from accounts.models import User
from governance.models import AuditEvent
from schools.audited import HISTORY_MODELS
from schools.models import School, SchoolClass, YearGroup
from schools.records import save_as
from tests.factories import UserFactory


def _inserts(captured: CaptureQueriesContext) -> list[str]:
    return [q["sql"] for q in captured.captured_queries if "INSERT INTO" in q["sql"]]


def test_every_audited_model_writes_its_history_with_its_audit_event() -> None:
    assert set(registered_models.values()) == set(HISTORY_MODELS)


def test_a_new_record_has_one_history_row_and_one_event_naming_each_other(
    school: School, head: User
) -> None:
    year_three = SchoolClass(school=school, name="Rowan", year_group=YearGroup.YEAR_3)
    with CaptureQueriesContext(connection) as captured:
        save_as(year_three, head)

    [history] = SchoolClass.history.filter(id=year_three.pk)
    [event] = AuditEvent.objects.filter(record_type="schools.schoolclass", record_id=year_three.pk)
    assert event.history_id == history.history_id
    assert (event.actor, history.history_user) == (head, head)
    assert event.action == history.history_type == "+"
    assert ["Name", "—", "Rowan"] in event.changes
    inserts = _inserts(captured)
    if connection.vendor == "postgresql":
        # The class, then its history row and event in one statement.
        assert len(inserts) == 2
        assert '"schools_historicalschoolclass"' in inserts[1]
        assert '"governance_auditevent"' in inserts[1]
    else:
        assert len(inserts) == 3


def test_each_change_lists_only_what_it_changed(school: School, head: User) -> None:
    year_three = SchoolClass(school=school, name="Rowan", year_group=YearGroup.YEAR_3)
    save_as(year_three, head)
    year_three.name = "Rowan Class"
    save_as(year_three, head)
    year_three.year_group = YearGroup.YEAR_4
    save_as(year_three, head)

    events = AuditEvent.objects.filter(
        record_type="schools.schoolclass", record_id=year_three.pk
    ).order_by("history_id")
    assert [event.action for event in events] == ["+", "~", "~"]
    renamed, moved = events[1].changes, events[2].changes
    assert renamed == [["Name", "Rowan", "Rowan Class"]]
    assert [label for label, _old, _new in moved] == ["Year group"]
    history_ids = SchoolClass.history.filter(id=year_three.pk).values_list("history_id", flat=True)
    assert sorted(history_ids) == [event.history_id for event in events]


@pytest.mark.django_db
def test_a_platform_wide_record_has_history_but_no_schools_event() -> None:
    before = AuditEvent.objects.count()
    person = UserFactory(full_name="Robin Reed", email="robin@portal.test")

    assert User.history.filter(id=person.pk).count() == 1
    assert AuditEvent.objects.count() == before
