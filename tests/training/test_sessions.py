"""The training log's pages: the list, recording a session, a session, withdrawing one."""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse

from schools.calendar import school_today
from schools.roles import TRAINING_READERS, TRAINING_RECORDERS, Role, TrainingKind
from tests.factories import member
from tests.helpers.dbstate import snapshot
from tests.helpers.isolation import assert_outsider_404_member_403
from tests.training.factories import session_in, staff_member
from training.models import Attendance, TrainingSession


def url(name: str, **kwargs: object) -> str:
    return reverse(f"training:{name}", kwargs={"school_slug": "oakfield", **kwargs})


# --- Who may do what --------------------------------------------------------------


def test_the_log_is_read_by_recorders_and_governors(school):
    assert_outsider_404_member_403(
        "training:sessions", school=school, roles=TRAINING_READERS, methods=["GET"]
    )
    assert_outsider_404_member_403(
        "training:overdue", school=school, roles=TRAINING_READERS, methods=["GET"]
    )
    session = session_in(school)
    assert_outsider_404_member_403(
        "training:session",
        school=school,
        roles=TRAINING_READERS,
        url_kwargs={"session_id": session.public_id},
        methods=["GET"],
    )


def test_sessions_are_recorded_and_withdrawn_by_the_head_dsl_and_esafety_team(school):
    assert_outsider_404_member_403("training:session-add", school=school, roles=TRAINING_RECORDERS)
    assert_outsider_404_member_403(
        "training:session-withdraw",
        school=school,
        roles=TRAINING_RECORDERS,
        url_kwargs={"session_id": session_in(school).public_id},
    )


def test_the_log_is_off_where_the_module_is_off(school, dsl, client_for):
    school.enabled_modules = [m for m in school.enabled_modules if m != "training"]
    school.save()

    assert client_for(dsl).get(url("sessions")).status_code == 404


def test_a_governor_reads_the_log_but_is_not_offered_to_record(school, governor, client_for):
    session_in(school, title="Safeguarding induction")

    page = client_for(governor).get(url("sessions")).text

    assert "Safeguarding induction" in page
    assert "Record a session" not in page


# --- The list ---------------------------------------------------------------------


def test_lists_sessions_newest_first_with_how_many_attended(school, dsl, client_for):
    today = school_today(school)
    session_in(school, title="Older briefing", held_on=today - datetime.timedelta(days=30))
    people = [staff_member(school), staff_member(school)]
    session_in(school, title="Newer briefing", attendees=people)

    page = client_for(dsl).get(url("sessions")).text

    assert page.index("Newer briefing") < page.index("Older briefing")
    assert "<td>2</td>" in page


def test_lists_only_this_schools_sessions(school, other_school, dsl, client_for):
    session_in(other_school, title="Riverside INSET")

    assert "Riverside INSET" not in client_for(dsl).get(url("sessions")).text


# --- Recording a session ----------------------------------------------------------


@pytest.fixture
def form(school, head, dsl, teacher):
    support = member(school, Role.SUPPORT, full_name="Sam Shaw")
    return {
        "kind": TrainingKind.SOCIAL_MEDIA_POLICY,
        "held_on": school_today(school).isoformat(),
        "title": "Safeguarding and staff conduct, including the social media policy",
        "led_by": "Dan Douglas (DSL)",
        "notes": "Covered 5.6-5.7: never 'friend' pupils or parents.",
        "attendees": [str(teacher.public_id), str(support.public_id)],
    }


def test_offers_the_schools_staff_only(school, other_school, dsl, governor, client_for):
    member(other_school, Role.TEACHER, full_name="Rita Riverside")
    member(school, Role.NETWORK_MANAGER, full_name="Nia Network")

    page = client_for(dsl).get(url("session-add")).text

    assert "Dan Douglas" in page
    assert "Rita Riverside" not in page
    assert "Nia Network" not in page  # an outside IT company, not staff
    assert governor.full_name not in page


def test_recording_a_session_saves_it_with_its_attendees(school, dsl, teacher, form, client_for):
    client = client_for(dsl)

    response = client.post(url("session-add"), form)

    session = TrainingSession.objects.for_school(school).get()
    assert response.status_code == 302
    assert response["Location"] == url("session", session_id=session.public_id)
    assert session.recorded_by == dsl
    assert session.history.get().history_user == dsl
    attendees = {a.user.full_name for a in Attendance.objects.for_school(school)}
    assert attendees == {"Tara Thompson", "Sam Shaw"}
    page = client.get(response["Location"]).text
    assert "Recorded: Safeguarding and staff conduct" in page
    assert "<li>Sam Shaw</li>" in page
    assert "never &#x27;friend&#x27; pupils" in page


def test_another_schools_person_cannot_be_ticked_and_nothing_is_saved(
    school, outsider, dsl, form, client_for
):
    form["attendees"].append(str(outsider.public_id))
    before = snapshot()

    response = client_for(dsl).post(url("session-add"), form)

    assert response.status_code == 200
    assert (
        'id="error_1_id_attendees"><strong>Only the school&#x27;s own staff can be recorded '
        "as attending.</strong>"
    ) in response.text
    assert before.changes(snapshot()) == {}


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"attendees": []}, "attendees", "Tick at least one person who attended."),
        ({"held_on": "9999-12-31"}, "held_on", "Record training once it has happened"),
        ({"held_on": "1999-12-31"}, "held_on", "Enter a date from the year 2000 onwards."),
        ({"held_on": "31/02/2026"}, "held_on", "Enter a valid date."),
        ({"title": ""}, "title", "This field is required."),
        ({"kind": "fire_drill"}, "kind", "Select a valid choice."),
        ({"led_by": "Dan\nDouglas"}, "led_by", "Remove the invisible or control characters"),
    ],
)
def test_bad_input_is_explained_next_to_its_field_and_nothing_is_saved(
    dsl, form, client_for, changes, field, message
):
    form.update(changes)
    before = snapshot()

    response = client_for(dsl).post(url("session-add"), form)

    assert response.status_code == 200
    assert f'id="error_1_id_{field}"><strong>{message}' in response.text
    assert before.changes(snapshot()) == {}


def test_a_volunteer_may_be_recorded_as_attending(school, dsl, form, client_for):
    volunteer = member(school, Role.VOLUNTEER, full_name="Val Volunteer")
    form["attendees"] = [str(volunteer.public_id)]

    assert client_for(dsl).post(url("session-add"), form).status_code == 302


# --- A session and withdrawing it ------------------------------------------------


def test_another_schools_session_is_not_found(other_school, dsl, client_for):
    theirs = session_in(other_school)

    response = client_for(dsl).get(url("session", session_id=theirs.public_id))

    assert response.status_code == 404


def test_withdrawing_keeps_the_session_marked_with_the_reason(school, head, client_for):
    session = session_in(school, title="E-safety briefing")
    client = client_for(head)

    response = client.post(
        url("session-withdraw", session_id=session.public_id),
        {"reason": "Recorded twice by mistake."},
    )

    assert response.status_code == 302
    session.refresh_from_db()
    assert session.is_withdrawn
    assert (session.withdrawn_by, session.withdrawn_reason) == (head, "Recorded twice by mistake.")
    assert session.history.latest().history_user == head
    page = client.get(response["Location"]).text
    assert "Withdrawn by Helen Hughes" in page
    assert "Recorded twice by mistake." in page
    assert "Withdraw this session" not in page
    assert TrainingSession.objects.for_school(school).count() == 1


def test_withdrawing_needs_a_reason(school, head, client_for):
    session = session_in(school)
    before = snapshot()

    response = client_for(head).post(
        url("session-withdraw", session_id=session.public_id), {"reason": "  "}
    )

    assert 'id="error_1_id_reason"><strong>This field is required.' in response.text
    assert before.changes(snapshot()) == {}


def test_a_withdrawn_session_cannot_be_withdrawn_again(school, head, client_for):
    session = session_in(school)
    client = client_for(head)
    client.post(url("session-withdraw", session_id=session.public_id), {"reason": "Wrong date."})
    before = snapshot()

    response = client.post(
        url("session-withdraw", session_id=session.public_id), {"reason": "Again."}
    )

    assert response.status_code == 302
    assert before.changes(snapshot()) == {}
    session.refresh_from_db()
    assert session.withdrawn_reason == "Wrong date."
