"""The audit history: every change in one timeline, filtered, exported, redacted for governors."""

from __future__ import annotations

import csv
import datetime
import io
from collections.abc import Callable

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from accounts.models import User
from governance.audit.timeline import Change, Entry, actors_in
from governance.audit.trail import PLATFORM_TYPES, RECORD_TYPES, audited_models, record_type_key
from governance.models import AuditEvent, AuditTrailIsAppendOnly
from incidents.models import AccessAction
from incidents.services.common import access_log
from schools.calendar import current_term
from schools.models import School, SchoolClass, YearGroup
from schools.records import save_as
from schools.roles import Role
from tests.documents.conftest import pdf_text
from tests.factories import member
from tests.helpers.backdate import backdate, forget
from tests.helpers.querycount import assert_queries_constant
from tests.incidents.factories import PUPIL_NAME, incident_in
from tests.training.factories import session_in, staff_member
from training.services import training_session_withdraw

ClientFor = Callable[[User], Client]


def history_url(school: School, name: str = "audit", **params: str) -> str:
    url = reverse(f"governance:{name}", kwargs={"school_slug": school.slug})
    if params:
        url += "?" + "&".join(f"{key}={value}" for key, value in params.items())
    return url


def test_every_audited_record_of_a_school_has_a_name_in_the_history() -> None:
    keys = {record_type_key(model) for model in audited_models()}
    assert keys - PLATFORM_TYPES == set(RECORD_TYPES)


def test_a_change_is_written_with_who_made_it_and_what_changed(school: School, head: User) -> None:
    session = session_in(school, title="Online safety briefing")
    training_session_withdraw(session=session, reason="Recorded twice", by=head)

    change = AuditEvent.objects.filter(
        school=school, record_type="training.trainingsession"
    ).first()
    assert change is not None
    assert change.actor == head
    assert change.action == "~"
    assert ["Status", "Recorded", "Withdrawn"] in change.changes
    assert ["Withdrawn by", "—", head.full_name] in change.changes


def test_the_timeline_shows_who_when_and_field_by_field(
    school: School, head: User, governor: User, client_for: ClientFor
) -> None:
    session = session_in(school, title="Online safety briefing")
    training_session_withdraw(session=session, reason="Recorded twice", by=head)

    page = client_for(governor).get(history_url(school)).content.decode()

    assert "Training sessions: Online safety briefing" in page
    assert f"by {head.full_name}" in page
    assert "Status: Recorded → Withdrawn" in page
    assert "Reason it was withdrawn" in page or "Withdrawn reason" in page


def test_another_schools_changes_never_appear(
    school: School, other_school: School, governor: User, client_for: ClientFor
) -> None:
    session_in(other_school, title="Riverside's own briefing")

    page = client_for(governor).get(history_url(school)).content.decode()

    assert "Riverside's own briefing" not in page
    assert not AuditEvent.objects.filter(school=school, record_label__contains="Riverside")


def test_a_governor_sees_an_incident_changed_but_not_what_it_says(
    school: School, teacher: User, governor: User, client_for: ClientFor
) -> None:
    incident = incident_in(school, teacher)
    client = client_for(governor)

    page = client.get(history_url(school, record_type="incidents.incidentperson")).content
    spreadsheet = client.get(history_url(school, "audit-csv")).content
    pdf = client.get(history_url(school, "audit-pdf")).content

    assert f"People involved: {incident.reference}".encode() in page
    assert b"Values hidden" in page
    for document in (page, spreadsheet):
        assert PUPIL_NAME.encode() not in document
        assert b"Unkind messages" not in document
    assert PUPIL_NAME not in pdf_text(pdf)
    assert f"People involved: {incident.reference}" in pdf_text(pdf)


def test_a_governor_who_is_also_the_dsl_sees_the_values(
    school: School, teacher: User, client_for: ClientFor
) -> None:
    incident_in(school, teacher)
    both = member(school, Role.GOVERNOR, Role.DSL)

    page = client_for(both).get(history_url(school, record_type="incidents.incidentperson"))

    assert PUPIL_NAME in page.content.decode()
    assert b"Values hidden" not in page.content


def test_the_headteacher_sees_the_values(
    school: School, teacher: User, head: User, client_for: ClientFor
) -> None:
    incident_in(school, teacher)
    spreadsheet = client_for(head).get(history_url(school, "audit-csv")).content.decode("utf-8-sig")

    rows = list(csv.reader(io.StringIO(spreadsheet)))
    assert rows[0][:3] == ["When", "Who", "Kind of record"]
    assert any(row[5] == "Name" and row[7] == PUPIL_NAME for row in rows[1:])


def test_filters_by_kind_of_record_and_person(
    school: School, teacher: User, head: User, governor: User, client_for: ClientFor
) -> None:
    session = session_in(school, title="Filtered briefing")
    training_session_withdraw(session=session, reason="Cancelled", by=head)
    incident_in(school, teacher)
    client = client_for(governor)

    by_kind = client.get(history_url(school, record_type="training.trainingsession")).content
    by_head = client.get(history_url(school, person=str(head.public_id))).content.decode()

    assert b"Filtered briefing" in by_kind
    assert b"Incidents:" not in by_kind
    assert "Status: Recorded → Withdrawn" in by_head
    assert "Incidents: INC-" not in by_head  # the teacher logged it


def test_filters_by_term_and_by_days(
    school: School, head: User, governor: User, client_for: ClientFor
) -> None:
    session_in(school, title="This term's briefing")
    term = current_term(school)
    client = client_for(governor)

    this_term = client.get(history_url(school, term=term.key)).content
    last_term = client.get(history_url(school, term=term.previous.key)).content
    start = term.start.isoformat()
    days = client.get(history_url(school, date_from=start, date_to=term.end.isoformat())).content

    assert b"This term&#x27;s briefing" in this_term
    assert b"This term&#x27;s briefing" in days
    assert b"This term&#x27;s briefing" not in last_term
    assert b"0 changes" in last_term


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"date_from": "2026-11-01", "date_to": "2026-10-01"}, "The period ends before it starts"),
        ({"record_type": "incidents.nonsense"}, "That is not one of the choices listed"),
        ({"person": "not-a-person"}, "That is not one of the choices listed"),
        ({"term": "1999-winter"}, "That is not one of the choices listed"),
        ({"date_from": "31/31/2026"}, "Enter a date as day, month and year."),
        ({"term": "{term}", "date_from": "2026-09-01"}, "Choose a term or days from and to"),
    ],
)
def test_a_wrong_filter_says_what_is_wrong_and_shows_nothing(
    school: School,
    governor: User,
    client_for: ClientFor,
    params: dict[str, str],
    message: str,
) -> None:
    session_in(school, title="Hidden by a wrong filter")
    term = current_term(school)
    params = {key: value.format(term=term.key) for key, value in params.items()}
    client = client_for(governor)

    page = client.get(history_url(school, **params))
    spreadsheet = client.get(history_url(school, "audit-csv", **params))
    pdf = client.get(history_url(school, "audit-pdf", **params))

    assert page.status_code == 200
    assert message in page.content.decode()
    assert b"Hidden by a wrong filter" not in page.content
    for export in (spreadsheet, pdf):
        assert export.status_code == 400
        assert message in export.content.decode()


def test_the_csv_makes_formulas_inert(
    school: School, governor: User, client_for: ClientFor
) -> None:
    session_in(school, title='=HYPERLINK("http://example.com")')

    text = client_for(governor).get(history_url(school, "audit-csv")).content.decode("utf-8-sig")

    cells = [cell for row in csv.reader(io.StringIO(text)) for cell in row]
    assert '\'=HYPERLINK("http://example.com")' in cells
    assert not any(cell.startswith("=") for cell in cells)


def test_the_pdf_names_the_filter_and_who_produced_it(
    school: School, head: User, governor: User, client_for: ClientFor
) -> None:
    session_in(school, title="Briefing for the PDF")

    response = client_for(governor).get(
        history_url(school, "audit-pdf", record_type="training.trainingsession")
    )

    assert response["Content-Type"] == "application/pdf"
    assert "attachment" in response["Content-Disposition"]
    text = " ".join(pdf_text(response.content).split())
    assert "Audit history" in text
    assert "Kind of record: Training sessions" in text
    assert "Briefing for the PDF" in text
    assert governor.full_name in text


def test_the_history_costs_the_same_queries_however_long(
    school: School, governor: User, client_for: ClientFor
) -> None:
    client = client_for(governor)
    people = [staff_member(school) for _ in range(3)]

    def add_changes(n: int) -> None:
        for i in range(n):
            session_in(school, attendees=[people[i % 3]], by=people[i % 3])

    assert_queries_constant(lambda: client.get(history_url(school)), add_changes)


def test_the_backfill_writes_what_is_missing_once(school: School, head: User) -> None:
    session = session_in(school, title="Backfilled briefing")
    training_session_withdraw(session=session, reason="Twice", by=head)
    forget(AuditEvent.objects.filter(school=school, record_type="training.trainingsession"))

    call_command("audit_backfill", stdout=io.StringIO())
    call_command("audit_backfill", stdout=io.StringIO())

    rows = AuditEvent.objects.filter(school=school, record_type="training.trainingsession")
    assert [row.action for row in rows.order_by("at", "pk")] == ["+", "~"]
    assert rows.get(action="~").actor == head


# --- The access log -------------------------------------------------------


def test_the_headteacher_sees_who_viewed_which_incident(
    school: School, teacher: User, head: User, dsl: User, client_for: ClientFor
) -> None:
    first, second = incident_in(school, teacher), incident_in(school, teacher)
    access_log(incident=first, user=dsl, action=AccessAction.VIEW)
    access_log(incident=second, user=head, action=AccessAction.PACK)
    client = client_for(head)

    page = client.get(history_url(school, "access-log")).content.decode()
    only_first = client.get(history_url(school, "access-log", q=first.reference)).content.decode()

    assert dsl.full_name in page
    assert "Downloaded the evidence pack" in page
    assert first.reference in only_first
    assert second.reference not in only_first
    assert "1 look," in only_first


def test_opening_an_incident_is_in_the_log(
    school: School, teacher: User, head: User, dsl: User, client_for: ClientFor
) -> None:
    incident = incident_in(school, teacher)
    client_for(dsl).get(
        reverse(
            "incidents:incident",
            kwargs={"school_slug": school.slug, "incident_id": incident.public_id},
        )
    )

    page = client_for(head).get(history_url(school, "access-log", action="view")).content.decode()

    assert f"{dsl.full_name}</td>" in page
    assert "Opened the incident" in page


def test_a_wrong_access_log_filter_says_so(
    school: School, head: User, client_for: ClientFor
) -> None:
    page = client_for(head).get(history_url(school, "access-log", q="<script>")).content.decode()

    assert "Enter a record&#x27;s reference, such as INC-4, CR-2 or HSA-12." in page
    assert "Correct the filter above" in page


def test_governors_and_staff_cannot_open_the_access_log(
    school: School, governor: User, teacher: User, client_for: ClientFor
) -> None:
    for person in (governor, teacher):
        assert client_for(person).get(history_url(school, "access-log")).status_code == 403


def test_the_access_log_costs_the_same_queries_however_long(
    school: School, teacher: User, head: User, client_for: ClientFor
) -> None:
    client = client_for(head)
    incident = incident_in(school, teacher)

    def add_looks(n: int) -> None:
        for _ in range(n):
            access_log(incident=incident, user=member(school, Role.DSL), action=AccessAction.VIEW)

    assert_queries_constant(lambda: client.get(history_url(school, "access-log")), add_looks)


def test_a_period_uses_the_schools_days(
    school: School, governor: User, client_for: ClientFor
) -> None:
    session = session_in(school, title="Late evening briefing")
    event = AuditEvent.objects.get(school=school, record_type="training.trainingsession")
    # 23:30 UTC on 30 June is 00:30 on 1 July in London: the school's 1 July.
    backdate(event, at=datetime.datetime(2026, 6, 30, 23, 30, tzinfo=datetime.UTC))
    client = client_for(governor)

    on_the_day = client.get(history_url(school, date_from="2026-07-01", date_to="2026-07-01"))
    day_before = client.get(history_url(school, date_from="2026-06-30", date_to="2026-06-30"))

    assert session.title.encode() in on_the_day.content
    assert session.title.encode() not in day_before.content


def test_the_audit_trail_is_never_changed_or_emptied(school: School, head: User) -> None:
    session_in(school, title="Kept for ever")
    events = AuditEvent.objects.filter(school=school)
    event = events.first()
    assert event is not None

    for attempt in (
        lambda: events.update(actor=head),
        lambda: events.delete(),
        lambda: event.delete(),
        lambda: event.save(),
    ):
        with pytest.raises(AuditTrailIsAppendOnly):
            attempt()
    assert events.filter(record_label__contains="Kept for ever").exists()


def test_the_person_filter_offers_each_person_who_changed_something_here_once(
    school: School, other_school: School, head: User
) -> None:
    teacher = member(school, Role.TEACHER, full_name="Aled Ash", email="aled@oakfield.test")
    elsewhere = member(other_school, Role.HEADTEACHER, full_name="Bea Birch")
    for name, by in (("Oak", head), ("Elm", head), ("Ash", teacher), ("Yew", None)):
        save_as(SchoolClass(school=school, name=name, year_group=YearGroup.YEAR_3), by)
    save_as(SchoolClass(school=other_school, name="Oak", year_group=YearGroup.YEAR_3), elsewhere)

    # By name; the automatic change names nobody; the other school's head is not offered.
    assert list(actors_in(school)) == [teacher, head]
    assert list(actors_in(other_school)) == [elsewhere]


def test_a_created_record_lists_its_values_and_a_change_its_old_and_new() -> None:
    changes = [Change("Status", "Open", "Closed"), Change("Outcome", "—", "Resolved <b>")]
    at = datetime.datetime(2026, 11, 2, 9, 30, tzinfo=datetime.UTC)
    created = Entry(at, "Ann", "", "Created", "incident", "INC-1", changes, redacted=False)
    changed = Entry(at, "Ann", "", "Changed", "incident", "INC-1", changes, redacted=False)

    assert created.lines == ["Status: Closed", "Outcome: Resolved <b>"]
    assert changed.lines == ["Status: Open → Closed", "Outcome: — → Resolved <b>"]
    assert changed.fields == "Status, Outcome"


def test_the_pdf_names_the_hidden_fields_and_each_change(
    school: School, teacher: User, head: User, governor: User, client_for: ClientFor
) -> None:
    incident_in(school, teacher)
    session = session_in(school, title="Online safety briefing")
    training_session_withdraw(session=session, reason="Recorded twice", by=head)

    text = " ".join(
        pdf_text(client_for(governor).get(history_url(school, "audit-pdf")).content).split()
    )

    assert "Status: Recorded → Withdrawn;" in text
    assert "values hidden." in text
    assert PUPIL_NAME not in text
