"""The morning digest: 07:30 on school days, once a day, only when something waits."""

from __future__ import annotations

import zoneinfo
from datetime import datetime, timedelta

import pytest
from django.core import mail
from django.utils import timezone

from jobs.models import Job
from notifications.digest import (
    DIGEST_JOB,
    DigestItem,
    digest_day,
    digest_recipients,
    digests_due,
)
from schools.roles import RecordKind, Role
from tests.factories import ReviewRouteFactory, member
from tests.notifications.helpers import run_pending

LONDON = zoneinfo.ZoneInfo("Europe/London")
MONDAY_0730 = datetime(2026, 3, 2, 7, 30, tzinfo=LONDON)
SATURDAY_0730 = datetime(2026, 3, 7, 7, 30, tzinfo=LONDON)


def awaiting_decision(count=2, days=1):
    """A provider: ``count`` requests await the headteacher, the oldest for ``days``."""

    def provider(school, user, roles):
        if Role.HEADTEACHER not in roles:
            return []
        since = timezone.now() - timedelta(days=days, hours=1)
        return [
            DigestItem(
                label=f"{count} requests await your decision",
                count=count,
                url=f"/{school.slug}/requests/",
                waiting_since=since,
            )
        ]

    return provider


def digests_sent_at(now, school):
    digests_due(now=now)
    run_pending(school)
    return [email for email in mail.outbox if "await" in email.subject]


def test_sent_at_0730_on_a_weekday_when_something_waits(school, head, providers):
    providers.append(awaiting_decision())

    (email,) = digests_sent_at(MONDAY_0730, school)

    assert email.to == [head.email]
    assert email.subject == "1 thing awaits you — Oakfield Primary School"
    assert "2 requests await your decision" in email.body
    assert "https://portal.example/oakfield/requests/" in email.body
    assert "Monday 2 March 2026" in email.body
    html = email.alternatives[0][0]
    assert 'href="https://portal.example/oakfield/requests/"' in html


def test_not_on_a_saturday(school, head, providers):
    providers.append(awaiting_decision())

    assert digests_due(now=SATURDAY_0730) == 0
    assert digests_due(now=SATURDAY_0730 + timedelta(days=1)) == 0  # Sunday
    assert not Job.objects.for_school(school).exists()


def test_not_before_0730(school, head, providers):
    providers.append(awaiting_decision())

    assert digests_due(now=MONDAY_0730 - timedelta(minutes=1)) == 0
    assert not Job.objects.for_school(school).exists()


def test_not_after_the_school_day(school, head, providers):
    providers.append(awaiting_decision())

    assert digests_due(now=MONDAY_0730.replace(hour=18)) == 0


def test_07_30_is_school_time_in_summer_too(school, head, providers):
    # 1 June 2026 is a Monday in British Summer Time: 07:30 there is 06:30 UTC.
    summer = datetime(2026, 6, 1, 6, 30, tzinfo=zoneinfo.ZoneInfo("UTC"))

    assert digests_due(now=summer - timedelta(minutes=1)) == 0
    assert digests_due(now=summer) == 1


def test_no_email_when_nothing_waits(school, head, providers):
    providers.append(awaiting_decision(count=0))
    providers.append(lambda school, user, roles: [])

    assert digests_sent_at(MONDAY_0730, school) == []
    job = Job.objects.for_school(school).get(kind=DIGEST_JOB)
    assert job.result == {"items": 0, "sent": False}


def test_not_twice_when_the_check_runs_twice(school, head, providers):
    providers.append(awaiting_decision())

    assert digests_due(now=MONDAY_0730) == 1
    assert digests_due(now=MONDAY_0730) == 0
    assert digests_due(now=MONDAY_0730 + timedelta(minutes=5)) == 0
    run_pending(school)

    assert len(mail.outbox) == 1
    job = Job.objects.for_school(school).get(kind=DIGEST_JOB)
    assert job.key == f"digest:{head.pk}:2026-03-02"


def test_again_on_the_next_school_day(school, head, providers):
    providers.append(awaiting_decision())

    digests_sent_at(MONDAY_0730, school)
    digests_sent_at(MONDAY_0730 + timedelta(days=1), school)

    assert len(mail.outbox) == 2


def test_items_waiting_past_the_schools_threshold_are_overdue(school, head, providers):
    providers.append(awaiting_decision(count=3, days=6))
    providers.append(awaiting_decision(count=1, days=2))

    (email,) = digests_sent_at(MONDAY_0730, school)

    assert email.subject == "2 things await you (1 overdue) — Oakfield Primary School"
    lines = [line for line in email.body.splitlines() if "await your decision" in line]
    assert lines == [
        "- OVERDUE: 3 requests await your decision (waiting 6 days)",
        "- 1 requests await your decision (waiting 2 days)",
    ]
    assert "Overdue means waiting 5 days or more." in email.body
    assert "Overdue:</strong>" in email.alternatives[0][0]


def test_the_threshold_is_the_schools_own(school, head, providers):
    school.reminder_overdue_days = 10
    school.save()
    providers.append(awaiting_decision(count=3, days=6))

    (email,) = digests_sent_at(MONDAY_0730, school)

    assert "OVERDUE" not in email.body
    assert "overdue" not in email.subject


def test_reviewers_and_the_headteacher_get_a_digest(school, head, dsl, teacher, governor):
    ReviewRouteFactory(school=school, kind=RecordKind.INCIDENT, role=Role.DSL)
    ReviewRouteFactory(school=school, kind=RecordKind.COMPLAINT, role=Role.GOVERNOR)

    recipients = digest_recipients(school)

    assert recipients == {
        head: frozenset({Role.HEADTEACHER}),
        dsl: frozenset({Role.DSL}),
        governor: frozenset({Role.GOVERNOR}),
    }


def test_providers_are_asked_with_the_persons_roles(school, providers):
    both = member(school, Role.HEADTEACHER, Role.ESAFETY)
    asked = []

    def provider(school, user, roles):
        asked.append((user, roles))
        return []

    providers.append(provider)

    digests_sent_at(MONDAY_0730, school)

    assert asked == [(both, frozenset({Role.HEADTEACHER, Role.ESAFETY}))]


def test_one_broken_provider_does_not_cost_the_rest(school, head, providers):
    def broken(school, user, roles):
        raise RuntimeError("this provider has a bug")

    providers.append(broken)
    providers.append(awaiting_decision())

    (email,) = digests_sent_at(MONDAY_0730, school)

    assert "2 requests await your decision" in email.body
    assert "Part of today's reminder could not be put together" in email.body


def test_each_school_keeps_its_own_digest(school, other_school, head, providers):
    other_head = member(other_school, Role.HEADTEACHER)
    providers.append(awaiting_decision())

    digests_due(now=MONDAY_0730)
    run_pending(school)
    run_pending(other_school)

    assert sorted(email.to[0] for email in mail.outbox) == sorted([head.email, other_head.email])
    assert all(other_school.name not in e.body for e in mail.outbox if e.to == [head.email])


def test_a_school_that_is_switched_off_gets_none(school, head, providers):
    school.is_active = False
    school.save()
    providers.append(awaiting_decision())

    assert digests_due(now=MONDAY_0730) == 0


@pytest.mark.parametrize(
    ("when", "due"),
    [
        (datetime(2026, 3, 2, 7, 30, tzinfo=LONDON), True),  # Monday
        (datetime(2026, 3, 6, 17, 59, tzinfo=LONDON), True),  # Friday
        (datetime(2026, 3, 6, 18, 0, tzinfo=LONDON), False),
        (datetime(2026, 3, 2, 7, 29, 59, tzinfo=LONDON), False),
        (datetime(2026, 3, 8, 9, 0, tzinfo=LONDON), False),  # Sunday
    ],
)
def test_digest_day(school, when, due):
    assert (digest_day(school, when) == when.date()) is due
