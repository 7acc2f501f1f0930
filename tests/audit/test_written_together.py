"""A history row and its audit event are written together (``schools.audited.AuditedHistory``)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from simple_history.models import registered_models

from accounts.models import User
from governance.audit.trail import audit_event_for
from governance.models import AuditEvent
from incidents.models import Incident
from schools.audited import HISTORY_MODELS
from schools.models import School, SchoolClass, YearGroup
from schools.records import save_as
from tests.factories import UserFactory
from tests.incidents.factories import incident_in


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


EVENT_FIELDS = (
    "school_id",
    "at",
    "actor_id",
    "reason",
    "action",
    "record_type",
    "record_id",
    "record_label",
    "changes",
    "sensitive",
)


def test_what_is_written_equals_what_the_orm_would_write(school: School, head: User) -> None:
    """Every incident row's history, read back, and its event equal the ORM's own.

    An incident's rows hold text, dates and moments, uuids, booleans, JSON and
    foreign keys; the backfill (``audit_event_for`` over a saved history row)
    is the ORM's way of making the same event.
    """
    incident = incident_in(school, head)
    incident.description += " A parent sent screenshots the next morning."
    incident.severity = ["abusive"] if incident.severity != ["abusive"] else []
    incident.imagery_not_viewed = not incident.imagery_not_viewed
    save_as(incident, head)

    rows = list(Incident.history.filter(id=incident.pk).order_by("history_id"))
    assert (rows[0].history_type, rows[-1].history_type) == ("+", "~")
    incident.refresh_from_db()
    latest = rows[-1].instance
    for field in Incident._meta.concrete_fields:
        if field.attname in {f.attname for f in type(rows[-1])._meta.concrete_fields}:
            assert getattr(latest, field.attname) == getattr(incident, field.attname), field.name
    for row in rows:
        written = AuditEvent.objects.get(
            record_type="incidents.incident", history_id=row.history_id
        )
        expected = audit_event_for(row.instance, row)
        assert expected is not None
        assert {name: getattr(written, name) for name in EVENT_FIELDS} == {
            name: getattr(expected, name) for name in EVENT_FIELDS
        }
