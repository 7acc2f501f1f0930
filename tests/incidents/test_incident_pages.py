"""The incident log's pages: logging, the reporter's status page, the handlers' pages.

Oakfield's cast (tests/conftest.py): the headteacher and DSL handle incidents,
the teacher logs them, the governor sees none.
"""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from incidents.models import (
    AccessAction,
    AccessLogEntry,
    Decision,
    ExternalReport,
    Incident,
    IncidentKind,
    IncidentPerson,
    IncidentStep,
    Status,
)
from incidents.services.incidents import incident_close
from notifications.models import Notification
from schools.calendar import school_today
from schools.roles import Role
from tests.agreements.factories import class_in
from tests.factories import member
from tests.forms_app.factories import report_in
from tests.helpers.dbstate import snapshot
from tests.helpers.querycount import assert_queries_constant
from tests.incidents.factories import PUPIL_NAME, incident_in

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _cast(teacher, head, dsl):
    """Oakfield's teacher logs the factories' incidents; the head and DSL handle them."""


def url(name: str, incident: Incident | None = None, slug: str = "oakfield", **kwargs: Any) -> str:
    if incident is not None:
        kwargs["incident_id"] = incident.public_id
    return reverse(f"incidents:{name}", kwargs={"school_slug": slug, **kwargs})


def logging_form(school, **fields: Any) -> dict[str, Any]:
    now = timezone.localtime(timezone.now() - datetime.timedelta(hours=1), school.tz)
    data = {
        "kind": IncidentKind.CYBERBULLYING,
        "occurred_on": now.date().isoformat(),
        "occurred_time": now.strftime("%H:%M"),
        "school_day": "in",
        "description": "Name-calling in the class chat after lunch.",
        "p1-kind": "pupil",
        "p1-part": "target",
        "p1-name": PUPIL_NAME,
        "p1-school_class": class_in(school).pk,
    }
    data.update(fields)
    return data


def ticked_all(incident: Incident, by) -> None:
    from incidents.services.checklists import incident_step_tick

    for step in IncidentStep.objects.for_school(incident.school).filter(incident=incident):
        incident_step_tick(step=step, by=by, status="done", note="Done.")


# --- Logging -----------------------------------------------------------------------------


def test_a_teacher_logs_an_incident_and_sees_only_where_it_stands(
    school, teacher, head, dsl, client_for
):
    response = client_for(teacher).post(url("add"), logging_form(school), follow=True)

    incident = Incident.objects.for_school(school).get()
    assert response.redirect_chain[-1][0] == url("incident", incident)
    page = response.content.decode()
    assert f"incident {incident.reference} has been logged" in page
    assert "Status: <strong>Open</strong>" in page
    assert "Name-calling" not in page
    assert PUPIL_NAME not in page
    person = IncidentPerson.objects.for_school(school).get(incident=incident)
    assert (person.name, person.part, person.school_class.name) == (
        PUPIL_NAME,
        "target",
        "Oak (Year 3)",
    )
    assert incident.history.first().history_user == teacher
    # The safeguarding leads are told at once, and nothing names the child or the details.
    told = Notification.objects.for_school(school).filter(url=url("incident", incident))
    assert {n.user for n in told} == {head, dsl}
    texts = (
        [n.title for n in told] + [m.body for m in mail.outbox] + [m.subject for m in mail.outbox]
    )
    assert all(PUPIL_NAME not in text and "Name-calling" not in text for text in texts)
    assert (
        AccessLogEntry.objects.for_school(school)
        .filter(incident=incident, user=teacher, action=AccessAction.STATUS)
        .exists()
    )


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"occurred_on": "2099-01-01"}, "cannot be in the future"),
        ({"kind": IncidentKind.NUDE_IMAGES}, "Confirm that nobody viewed, copied or stored"),
        ({"p1-school_class": ""}, "Choose the pupil&#x27;s class"),
        ({"p1-kind": "unknown"}, "Leave the name empty"),
        ({"description": "  "}, "Describe what happened"),
        ({"sanction": "exclusion"}, "only for getting round the filtering"),
        ({"kind": "made-up"}, "Select a valid choice"),
    ],
)
def test_bad_input_is_explained_and_saves_nothing(school, teacher, client_for, fields, message):
    data = logging_form(school, **fields)
    before = snapshot()
    response = client_for(teacher).post(url("add"), data)
    assert response.status_code == 200
    assert "There is a problem: nothing was saved" in response.content.decode()
    assert message in response.content.decode()
    assert snapshot() == before


def test_a_nude_image_incident_takes_no_file(school, teacher, client_for):
    from django.core.files.uploadedfile import SimpleUploadedFile

    data = logging_form(school, kind=IncidentKind.NUDE_IMAGES, imagery_not_viewed="on")
    data["evidence"] = SimpleUploadedFile("photo.png", b"\x89PNG\r\n\x1a\n", "image/png")
    before = snapshot()
    response = client_for(teacher).post(url("add"), data)
    assert "Upload nothing for nude or semi-nude images" in response.content.decode()
    assert snapshot() == before


# --- Who sees what -------------------------------------------------------------------


def test_handlers_see_the_whole_incident_and_each_look_is_logged(school, head, client_for):
    incident = incident_in(school)
    page = client_for(head).get(url("incident", incident)).content.decode()
    assert PUPIL_NAME in page
    assert "Unkind messages" in page
    assert 'id="privacy-hide"' in page  # the privacy control
    assert (
        AccessLogEntry.objects.for_school(school)
        .filter(incident=incident, user=head, action=AccessAction.VIEW)
        .count()
        == 1
    )


def test_another_teachers_incident_is_not_found(school, teacher, client_for, comparable_body):
    incident = incident_in(school, by=member(school, Role.TEACHER))
    client = client_for(teacher)
    response = client.get(url("incident", incident))
    missing = client.get(url("incident", incident_id="00000000-0000-4000-8000-000000000000"))
    assert response.status_code == missing.status_code == 404
    assert comparable_body(response.content) == comparable_body(missing.content)
    assert not AccessLogEntry.objects.for_school(school).filter(incident=incident).exists()


def test_a_governor_cannot_open_an_incident_or_the_list(school, governor, client_for):
    incident = incident_in(school)
    client = client_for(governor)
    assert client.get(url("incident", incident)).status_code == 403
    assert client.get(url("list")).status_code == 403


def test_the_list_filters_and_marks_overdue_steps(school, head, client_for):
    cyber = incident_in(school)
    firewall = incident_in(school, kind=IncidentKind.FIREWALL, people=[])
    client = client_for(head)
    page = client.get(url("list")).content.decode()
    assert cyber.reference in page
    assert firewall.reference in page
    page = client.get(url("list"), {"kind": IncidentKind.FIREWALL}).content.decode()
    assert firewall.reference in page
    assert f">{cyber.reference}<" not in page
    page = client.get(url("list"), {"q": "nonsense"}).content.decode()
    assert "Search by reference" in page


def test_the_list_costs_the_same_queries_however_many_incidents(school, head, client_for):
    client = client_for(head)
    assert_queries_constant(
        lambda: client.get(url("list")),
        lambda n: [incident_in(school) for _ in range(n)],
        sizes=(2, 6),
    )


# --- Working on it -------------------------------------------------------------------


def test_decisions_need_a_reason(school, dsl, client_for):
    incident = incident_in(school)
    client = client_for(dsl)
    response = client.post(
        url("decision-add", incident),
        {"kind": "not_refer", "summary": "Not referred", "reason": ""},
    )
    assert (
        "Give the reason for the decision" in response.content.decode()
        or "required" in response.content.decode()
    )
    assert not Decision.objects.for_school(school).exists()
    client.post(
        url("decision-add", incident),
        {
            "kind": "not_refer",
            "summary": "Not referred to social care",
            "reason": "Resolved with both families.",
        },
    )
    page = client.get(url("incident", incident)).content.decode()
    assert "Decided not to refer" in page
    assert "Resolved with both families." in page


def test_a_report_to_the_platform_with_its_reference_and_follow_up(school, dsl, client_for):
    incident = incident_in(school)
    client = client_for(dsl)
    today = school_today(school)
    bad = client.post(
        url("report-add", incident),
        {
            "to": "platform",
            "made_on": today.isoformat(),
            "follow_up_on": (today - datetime.timedelta(days=1)).isoformat(),
        },
    )
    assert "cannot be before the report was made" in bad.content.decode()
    client.post(
        url("report-add", incident),
        {
            "to": "platform",
            "to_name": "Snapchat",
            "made_on": today.isoformat(),
            "reference": "SC-99812",
        },
    )
    report = ExternalReport.objects.for_school(school).get()
    assert (report.reference, report.made_by) == ("SC-99812", dsl)
    assert "SC-99812" in client.get(url("incident", incident)).content.decode()


def test_people_are_added_corrected_and_taken_off_never_deleted(school, dsl, client_for):
    incident = incident_in(school, people=[])
    client = client_for(dsl)
    client.post(
        url("person-add", incident), {"kind": "parent", "part": "perpetrator", "name": "A Parent"}
    )
    person = IncidentPerson.objects.for_school(school).get(incident=incident)
    client.post(url("person", incident, person_id=person.public_id) + "?remove", {"remove": "1"})
    person.refresh_from_db()
    assert person.removed_at is not None
    assert person.removed_by == dsl
    page = client.get(url("incident", incident)).content.decode()
    people = page.split('id="people-heading"')[1].split("</section>")[0]
    assert "A Parent" not in people
    assert "1 taken off as named by mistake" in people


def test_closing_needs_an_outcome_and_the_required_steps(school, dsl, client_for):
    incident = incident_in(school)
    client = client_for(dsl)
    response = client.post(url("close", incident), {"outcome": "resolved", "outcome_note": ""})
    assert "There is a problem" in response.content.decode()
    if IncidentStep.objects.for_school(school).filter(incident=incident).exists():
        refused = client.post(
            url("close", incident), {"outcome": "resolved", "outcome_note": "Sorted."}
        )
        assert "required checklist step" in refused.content.decode()
        ticked_all(incident, dsl)
    client.post(url("close", incident), {"outcome": "resolved", "outcome_note": "Apologies made."})
    incident.refresh_from_db()
    assert (incident.status, incident.closed_by) == (Status.CLOSED, dsl)


def test_a_closed_incident_takes_notes_but_no_changes(school, dsl, client_for):
    incident = incident_in(school)
    ticked_all(incident, dsl)
    incident_close(incident=incident, by=dsl, outcome="resolved", note="Resolved.")
    client = client_for(dsl)
    before = snapshot()
    response = client.post(
        url("decision-add", incident), {"kind": "other", "summary": "x", "reason": "y"}
    )
    assert snapshot() == before
    page = client.get(response.url).content.decode()
    assert "is closed: it can be annotated but no longer changed" in page
    client.post(url("note-add", incident), {"text": "Parents thanked the school."})
    assert "Parents thanked the school." in client.get(url("incident", incident)).content.decode()


# --- Opened from a content report ------------------------------------------------------


def test_a_safeguarding_content_report_opens_one_incident_filled_in(
    school, teacher, dsl, client_for
):
    report = report_in(school, by=teacher, safeguarding=True)
    client = client_for(dsl)
    form = client.get(url("add"), {"report": report.public_id}).content.decode()
    assert f"Filled in from content report {report.reference}" in form
    data = logging_form(
        school, kind=IncidentKind.INAPPROPRIATE_CONTENT, description="Seen in class."
    )
    client.post(f"{url('add')}?report={report.public_id}", data)
    incident = Incident.objects.for_school(school).get()
    assert incident.content_report == report
    again = client.get(url("add"), {"report": report.public_id})
    assert again.status_code == 302
    assert again.url == url("incident", incident)


def test_an_incident_page_costs_the_same_queries_however_much_it_holds(school, dsl, client_for):
    from incidents.services.incidents import PersonEntry, incident_note_add
    from incidents.services.work import incident_decide, incident_person_add, incident_report_record

    incident = incident_in(school)
    client = client_for(dsl)
    today = school_today(school)

    def more(n: int) -> None:
        for i in range(n):
            incident_person_add(
                incident=incident, by=dsl, entry=PersonEntry("staff", "witness", f"Staff {i}")
            )
            incident_decide(
                incident=incident, by=dsl, kind="other", summary=f"Decision {i}", reason="Why."
            )
            incident_report_record(
                incident=incident, by=dsl, to="police", made_on=today, reference=f"P-{i}"
            )
            incident_note_add(incident=incident, by=dsl, text=f"Note {i}")

    assert_queries_constant(lambda: client.get(url("incident", incident)), more, sizes=(1, 4))
