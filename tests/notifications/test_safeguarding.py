"""The safeguarding alert: at once, to the safeguarding leads, saying only what and where."""

from __future__ import annotations

import inspect
import json
import uuid
from dataclasses import dataclass, field

import pytest
from django.core import mail

from jobs.models import Job
from notifications.models import Notification
from notifications.services import SAFEGUARDING_ALERT, safeguarding_alert
from schools.roles import RecordKind, Role
from tests.factories import ReviewRouteFactory, member
from tests.notifications.helpers import run_pending

CHILD = "Amelia Pond"
DETAILS = "was sent threatening messages on Snapchat by an older pupil"


@dataclass
class FlaggedReport:
    """Stands in for the inappropriate-content report a later step will build."""

    school_slug: str
    pupil_name: str = CHILD
    description: str = f"{CHILD} {DETAILS}"
    public_id: uuid.UUID = field(default_factory=uuid.uuid4)

    @property
    def url(self) -> str:
        return f"/{self.school_slug}/reports/{self.public_id}/"


def flag(report: FlaggedReport, school, by=None):
    """What the report's service will do when the reporter ticks 'safeguarding issue'."""
    return safeguarding_alert(school=school, what=RecordKind.CONTENT_REPORT, url=report.url, by=by)


def everything_said(school) -> str:
    """Every word the alert put anywhere: emails (all parts, headers), notifications, jobs."""
    parts = []
    for email in mail.outbox:
        parts += [email.message().as_string(), email.body, email.subject]
        parts += [content for content, _ in email.alternatives]
    parts += [n.title for n in Notification.objects.for_school(school)]
    parts += [json.dumps(job.payload) for job in Job.objects.for_school(school)]
    return "\n".join(parts)


def test_the_headteacher_and_dsl_are_alerted(school, head, dsl, teacher, governor):
    rows = flag(FlaggedReport(school.slug), school)

    assert {n.user for n in rows} == {head, dsl}
    assert all(n.urgent and n.kind == SAFEGUARDING_ALERT for n in rows)


def test_the_e_safety_team_too_where_incidents_go_to_them(school, head, dsl):
    team = member(school, Role.ESAFETY)
    ReviewRouteFactory(school=school, kind=RecordKind.INCIDENT, role=Role.ESAFETY)

    rows = flag(FlaggedReport(school.slug), school)

    assert {n.user for n in rows} == {head, dsl, team}


def test_not_the_e_safety_team_where_the_school_routes_nothing_to_them(school, head, dsl):
    member(school, Role.ESAFETY)
    ReviewRouteFactory(school=school, kind=RecordKind.INCIDENT, role=Role.DSL)

    rows = flag(FlaggedReport(school.slug), school)

    assert {n.user for n in rows} == {head, dsl}


def test_other_schools_leads_are_not_alerted(school, other_school, head):
    other_head = member(other_school, Role.HEADTEACHER)

    flag(FlaggedReport(school.slug), school)

    assert not Notification.objects.for_school(other_school).exists()
    assert not Notification.objects.for_person(school, other_head).exists()


def test_the_alert_is_emailed_at_once_when_the_report_is_saved(school, head, dsl, committed):
    with committed():
        flag(FlaggedReport(school.slug), school)

    # No sweep, no digest, no periodic run: the emails went with the commit.
    assert sorted(email.to[0] for email in mail.outbox) == [dsl.email, head.email]
    assert all(email.extra_headers["Importance"] == "high" for email in mail.outbox)


def test_the_alert_says_what_and_where(school, head):
    report = FlaggedReport(school.slug)

    (row,) = flag(report, school)
    run_pending(school)

    (email,) = mail.outbox
    assert row.url == report.url
    assert row.title == (
        "Safeguarding: an inappropriate-content report marked as a safeguarding issue "
        "needs your attention"
    )
    assert email.subject == (
        "Urgent: a safeguarding matter needs your attention — Oakfield Primary School"
    )
    link = f"https://portal.example{report.url}"
    assert link in email.body
    assert f'href="{link}"' in email.alternatives[0][0]
    assert "does not say who or what it concerns" in email.body


def test_the_alert_never_carries_the_childs_name_or_the_details(school, head, dsl, teacher):
    report = FlaggedReport(school.slug)

    flag(report, school, by=teacher)
    run_pending(school)

    assert len(mail.outbox) == 2
    said = everything_said(school)
    for word in (CHILD, "Amelia", "Pond", "Snapchat", "threatening", DETAILS):
        assert word not in said


def test_callers_cannot_pass_the_details_in(school, head):
    """The alert takes a kind of record and a link: there is no parameter for free text."""
    parameters = inspect.signature(safeguarding_alert).parameters

    assert set(parameters) == {"school", "what", "url", "by"}
    with pytest.raises(ValueError, match="kind of record") as refused:
        safeguarding_alert(school=school, what=f"{CHILD} was hurt", url="/x/")  # type: ignore[arg-type]
    assert CHILD not in str(refused.value)
    assert not Notification.objects.for_school(school).exists()


def test_one_alert_per_record_per_person(school, head, dsl):
    report = FlaggedReport(school.slug)

    flag(report, school)
    flag(report, school)
    flag(FlaggedReport(school.slug), school)  # another report

    assert Notification.objects.for_person(school, head).count() == 2
    assert Job.objects.for_school(school).count() == 4
