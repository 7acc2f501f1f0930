"""The incident log's digest lines: overdue checklist steps, follow-ups due. Counts only."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from incidents.digest import incidents_waiting
from incidents.models import Incident, Status, StepStatus
from incidents.services.checklists import incident_step_tick
from incidents.services.work import incident_report_followed_up, incident_report_record
from notifications.digest import digest_lines, digest_providers
from schools.calendar import school_today
from schools.records import save_as
from schools.roles import Module, Role
from tests.incidents.factories import PUPIL_NAME, incident_in

pytestmark = pytest.mark.django_db
HANDLER = frozenset({Role.DSL})
DAY = datetime.timedelta(days=1)


def overdue(incident: Incident, days: int, count: int = 1) -> None:
    """Set-up only: ``count`` of the incident's steps fell due ``days`` ago."""
    due = school_today(incident.school) - datetime.timedelta(days=days)
    for step in incident.steps.order_by("position", "pk")[:count]:
        step.due_on = due
        save_as(step, None, ["due_on"])


def test_is_registered():
    assert incidents_waiting in digest_providers()


def test_tells_handlers_how_many_steps_are_overdue_and_since_when(school, teacher, dsl):
    first, second = incident_in(school, by=teacher), incident_in(school, by=teacher)
    overdue(first, 3, count=2)
    overdue(second, 1)

    (item,) = incidents_waiting(school, HANDLER)

    assert item.label == "3 incident checklist steps are overdue"
    assert item.count == 3
    assert item.url == "/oakfield/incidents/"
    assert item.waiting_since is not None
    assert timezone.localdate(item.waiting_since, school.tz) == school_today(school) - 3 * DAY
    assert PUPIL_NAME not in item.label


def test_one_step_is_singular_and_steps_due_today_are_not_overdue(school, teacher, dsl):
    incident = incident_in(school, by=teacher)
    overdue(incident, 0, count=3)
    assert incidents_waiting(school, HANDLER) == []

    overdue(incident, 1)

    (item,) = incidents_waiting(school, HANDLER)
    assert item.label == "1 incident checklist step is overdue"


def test_closed_incidents_and_ticked_steps_do_not_count(school, teacher, dsl):
    closed = incident_in(school, by=teacher)
    overdue(closed, 2)
    closed.status = Status.CLOSED  # set-up only
    save_as(closed, None, ["status"])
    ticked = incident_in(school, by=teacher)
    overdue(ticked, 2)
    step = ticked.steps.get(due_on__lt=school_today(school))
    incident_step_tick(step=step, by=dsl, status=StepStatus.DONE, note="")

    assert incidents_waiting(school, HANDLER) == []


def test_follow_ups_due_with_outside_agencies(school, teacher, dsl):
    incident = incident_in(school, by=teacher)
    today = school_today(school)
    due = incident_report_record(
        incident=incident, by=dsl, to="platform", made_on=today - 2 * DAY, follow_up_on=today
    )
    incident_report_record(
        incident=incident, by=dsl, to="police", made_on=today, follow_up_on=today + 7 * DAY
    )

    (item,) = incidents_waiting(school, HANDLER)
    assert item.label == "1 follow-up with an outside agency is due"

    incident_report_followed_up(report=due, by=dsl, note="They took the post down.")
    assert incidents_waiting(school, HANDLER) == []


def test_only_handlers_hear_of_it(school, teacher, head, dsl):
    overdue(incident_in(school, by=teacher), 2)

    assert incidents_waiting(school, frozenset({Role.TEACHER})) == []
    assert incidents_waiting(school, frozenset({Role.GOVERNOR})) == []
    assert len(incidents_waiting(school, frozenset({Role.HEADTEACHER}))) == 1


def test_not_where_the_incident_log_is_off(school, teacher, dsl):
    overdue(incident_in(school, by=teacher), 2)
    school.enabled_modules = [m for m in school.enabled_modules if m != Module.INCIDENTS]

    assert incidents_waiting(school, HANDLER) == []


def test_in_the_headteacher_s_digest_marked_overdue_once_waiting_long(
    school, teacher, head, settings
):
    settings.PORTAL_BASE_URL = "https://portal.example"
    overdue(incident_in(school, by=teacher), 10)

    lines, complete = digest_lines(school, head, timezone.now())

    (line,) = [line for line in lines if "checklist" in line.item.label]
    assert complete
    assert line.overdue
    assert line.link == "https://portal.example/oakfield/incidents/"
