"""read_together: several kinds of rows in one query, given back as their own queries give them.

Runs on SQLite and, in CI, on PostgreSQL: the two write the values in their
JSON differently (moments, booleans, JSON columns), and every field of every
row read together must equal the same row read by its own query.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection, models
from django.test.utils import CaptureQueriesContext, isolate_apps

from forms_app.models import ContentReport
from incidents.models import Incident
from incidents.services.incidents import incident_note_add
from incidents.timeline import ORDER, incident_records
from schools.history import history_query, record_history
from schools.models import Membership, School
from schools.together import read_together
from tests.helpers.demo import demo_db as demo_db  # fixture: the demo, loaded once
from tests.helpers.demo import demo_once as demo_once  # fixture: ``demo``

pytestmark = pytest.mark.django_db


def fields_of(instance: Any) -> dict[str, Any]:
    return {f.attname: getattr(instance, f.attname) for f in instance._meta.concrete_fields}


def assert_same_rows(together: list[Any], alone: list[Any], related: dict[str, Any]) -> None:
    assert [fields_of(row) for row in together] == [fields_of(row) for row in alone]
    for mine, theirs in zip(together, alone, strict=True):
        assert mine._state.adding is False
        for name, below in related.items():
            field = mine._meta.get_field(name)
            assert field.is_cached(mine), f"{name} would be read again"
            ours, real = getattr(mine, name), getattr(theirs, name)
            if real is None:
                assert ours is None
            else:
                assert_same_rows([ours], [real], below)


# Each kind: the incident's reverse relation and the related rows its page shows.
SHOWN_WITH = {
    "people": ("people", ("school_class", "added_by", "removed_by")),
    "steps": ("steps", ("clause__version", "done_by")),
    "decisions": ("decisions", ("decided_by",)),
    "reports": ("reports", ("made_by", "followed_up_by")),
    "evidence": ("evidence", ("uploaded_by",)),
    "notes": ("notes", ("written_by",)),
}


def alone(incident: Incident) -> dict[str, tuple[list[Any], dict[str, Any]]]:
    """Each kind read by a query of its own, as the page read them before."""
    found = {}
    for kind, (relation, related) in SHOWN_WITH.items():
        rows = getattr(incident, relation).select_related(*related)
        rows = rows.order_by(*ORDER[rows.model])
        found[kind] = (list(rows), rows.query.select_related or {})
    return found


def test_an_incident_s_rows_read_together_equal_each_kind_read_alone(demo):
    incidents = [
        incident
        for school in demo.values()
        for incident in Incident.objects.for_school(school).select_related("school")
    ]
    assert incidents, "the demo has incidents"
    lead = incidents[0].reported_by
    incident_note_add(incident=incidents[0], by=lead, text="Spoke to the parents; they agreed.")
    counted = dict.fromkeys(SHOWN_WITH, 0)

    for incident in incidents:
        records = incident_records(incident)
        for kind, (rows, related) in alone(incident).items():
            assert_same_rows(getattr(records, kind), rows, related)
            counted[kind] += len(rows)

    # The demo's incidents hold every kind of row, so every conversion was tried.
    assert all(counted.values()), counted


def test_six_kinds_cost_one_query(demo):
    incident = Incident.objects.for_school(demo["chestnuts"]).select_related("school").first()
    incident_records(incident)  # SQLite checks its JSON support once a connection

    with CaptureQueriesContext(connection) as queries:
        records = incident_records(incident)
        for step in records.steps:
            if step.clause is not None:
                step.clause.citation  # noqa: B018 - the clause's school and version are in hand

    assert len(queries) == 1
    assert "UNION ALL" in queries[0]["sql"]


def test_order_nulls_booleans_and_json_come_back_as_the_orm_gives_them(demo):
    school = demo["chestnuts"]
    members = Membership.objects.for_school(school).select_related("user", "school")
    newest_first = members.order_by("-started_at", "-pk")

    found = read_together(members=members.order_by("pk"), newest=newest_first)

    assert_same_rows(found["members"], list(members.order_by("pk")), {"user": {}, "school": {}})
    assert_same_rows(found["newest"], list(newest_first), {"user": {}, "school": {}})
    # A JSON column (the school's modules) and a yes/no (the account's state) survive.
    assert found["members"][0].school.enabled_modules == school.enabled_modules
    assert found["members"][0].user.is_active is True


def test_a_queryset_without_named_related_rows_is_refused(demo):
    members = Membership.objects.for_school(demo["chestnuts"]).select_related()

    with pytest.raises(ValueError, match="select_related"):
        read_together(members=members)


@isolate_apps("schools")
def test_a_column_that_json_would_change_is_refused():
    class Price(models.Model):
        amount = models.DecimalField(max_digits=6, decimal_places=2)

        class Meta:
            app_label = "schools"

        def __str__(self) -> str:
            return str(self.amount)

    with pytest.raises(TypeError, match=r"Price\.amount \(DecimalField\)"):
        read_together(prices=Price.objects.all())


def test_nothing_asked_reads_nothing():
    with CaptureQueriesContext(connection) as queries:
        assert read_together() == {}
    assert len(queries) == 0


def test_a_kind_with_no_rows_is_an_empty_list(demo):
    school: School = demo["chestnuts"]
    none = Membership.objects.for_school(school).filter(pk=-1)

    found = read_together(none=none, some=Membership.objects.for_school(school).order_by("pk"))

    assert found["none"] == []
    assert len(found["some"]) == Membership.objects.for_school(school).count()


def test_history_rows_read_together_equal_them_read_alone(demo):
    reports = list(ContentReport.objects.for_school(demo["chestnuts"]).select_related("school"))
    assert reports, "the demo has content reports"

    for report in reports:
        query = history_query(report)
        found = read_together(history=query, sites=report.sites.order_by("position"))

        assert found["history"], "every report has its creation in its history"
        assert_same_rows(found["history"], list(query), query.query.select_related)
        assert_same_rows(found["sites"], list(report.sites.order_by("position")), {})
        assert record_history(report, rows=found["history"]) == record_history(report)


def test_only_the_columns_asked_for_are_read(demo):
    school = demo["chestnuts"]
    members = Membership.objects.for_school(school).only("role", "started_at").order_by("pk")
    read_together(members=members)  # SQLite checks its JSON support once a connection

    with CaptureQueriesContext(connection) as queries:
        found = read_together(members=members)["members"]

    assert '"title"' not in queries[0]["sql"]
    expected = list(members)
    assert [m.get_deferred_fields() for m in found] == [m.get_deferred_fields() for m in expected]
    assert [(m.pk, m.role, m.started_at) for m in found] == [
        (m.pk, m.role, m.started_at) for m in expected
    ]
