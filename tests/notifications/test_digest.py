"""The morning digest: 07:30 on school days, once a day, only when something waits."""

from __future__ import annotations

import zoneinfo
from datetime import datetime, timedelta

import pytest
from django.core import mail
from django.utils import timezone

from jobs.models import Job, JobStatus
from jobs.runner import run_job_now
from jobs.services import job_enqueue
from notifications.digest import (
    DIGEST_JOB,
    DigestItem,
    DigestProvider,
    digest_day,
    digest_recipients,
    digests_due,
)
from notifications.models import SentEmail
from schools.roles import RecordKind, Role
from tests.factories import ReviewRouteFactory, member
from tests.notifications.helpers import run_pending

LONDON = zoneinfo.ZoneInfo("Europe/London")
MONDAY_0730 = datetime(2026, 3, 2, 7, 30, tzinfo=LONDON)
SATURDAY_0730 = datetime(2026, 3, 7, 7, 30, tzinfo=LONDON)


def awaiting_decision(count=2, days=1, role=Role.HEADTEACHER, what="requests"):
    """A provider: ``count`` {what} await ``role``, the oldest for ``days``."""

    def gather(school):
        since = timezone.now() - timedelta(days=days, hours=1)
        return [
            DigestItem(
                label=f"{count} {what} await your decision",
                count=count,
                url=f"/{school.slug}/{what}/",
                waiting_since=since,
            )
        ]

    return DigestProvider(lambda reader: role in reader.roles, gather, f"{what}-{count}-{days}")


def nothing(school):
    return []


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
    providers.append(DigestProvider(lambda reader: True, nothing, "nothing"))

    assert digests_sent_at(MONDAY_0730, school) == []
    job = Job.objects.for_school(school).get(kind=DIGEST_JOB)
    assert job.result == {"recipients": 1, "items": 0, "sent": 0}


def test_not_twice_when_the_check_runs_twice(school, head, providers):
    providers.append(awaiting_decision())

    assert digests_due(now=MONDAY_0730) == 1
    assert digests_due(now=MONDAY_0730) == 0
    assert digests_due(now=MONDAY_0730 + timedelta(minutes=5)) == 0
    run_pending(school)

    assert len(mail.outbox) == 1
    job = Job.objects.for_school(school).get(kind=DIGEST_JOB)
    assert job.key == "digest:2026-03-02"


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


def test_the_audience_is_asked_with_each_persons_roles(school, providers):
    both = member(school, Role.HEADTEACHER, Role.ESAFETY)
    dsl = member(school, Role.DSL)
    ReviewRouteFactory(school=school, kind=RecordKind.INCIDENT, role=Role.DSL)
    asked = []

    def audience(reader):
        asked.append(reader.roles)
        return False

    providers.append(DigestProvider(audience, nothing, "asked"))

    digests_sent_at(MONDAY_0730, school)

    assert sorted(asked, key=sorted) == sorted(
        [frozenset({Role.HEADTEACHER, Role.ESAFETY}), frozenset({Role.DSL})], key=sorted
    )
    assert not mail.outbox, (both, dsl)


def test_each_provider_is_asked_once_a_school_and_only_if_someone_is_told(school, providers):
    heads = [member(school, Role.HEADTEACHER) for _ in range(3)]
    gathered = []

    def gather(school):
        gathered.append(school)
        return [DigestItem(label="2 things await", count=2, url="/")]

    providers.append(DigestProvider(lambda reader: True, gather, "everyone"))
    providers.append(DigestProvider(lambda reader: False, gather, "nobody"))

    emails = digests_sent_at(MONDAY_0730, school)

    assert gathered == [school]
    assert sorted(email.to[0] for email in emails) == sorted(head.email for head in heads)


def test_each_reviewer_gets_their_own_lines_in_their_own_email(school, head, dsl, providers):
    ReviewRouteFactory(school=school, kind=RecordKind.INCIDENT, role=Role.DSL)
    providers.append(awaiting_decision(count=2, role=Role.HEADTEACHER, what="requests"))
    providers.append(awaiting_decision(count=3, role=Role.DSL, what="incidents"))

    emails = {email.to[0]: email for email in digests_sent_at(MONDAY_0730, school)}

    assert set(emails) == {head.email, dsl.email}
    assert "2 requests await your decision" in emails[head.email].body
    assert "incidents" not in emails[head.email].body
    assert "3 incidents await your decision" in emails[dsl.email].body
    assert "requests" not in emails[dsl.email].body


def test_a_retried_digest_sends_nobody_a_second_email(school, head, dsl, providers):
    ReviewRouteFactory(school=school, kind=RecordKind.INCIDENT, role=Role.DSL)
    providers.append(awaiting_decision(role=Role.HEADTEACHER))
    providers.append(awaiting_decision(role=Role.DSL, what="incidents"))
    digests_sent_at(MONDAY_0730, school)
    job = Job.objects.for_school(school).get(kind=DIGEST_JOB)
    # As if the worker died after the emails and before finishing the job.
    Job.objects.for_school(school).filter(pk=job.pk).update(
        status=JobStatus.PENDING, finished_at=None
    )

    run_job_now(school.pk, job.pk)

    assert sorted(email.to[0] for email in mail.outbox) == sorted([head.email, dsl.email])
    assert SentEmail.objects.for_school(school).count() == 2


def test_a_digest_queued_for_one_person_still_reaches_that_person_only(
    school, head, dsl, providers
):
    """A job queued before the digest became one per school (payload: a person)."""
    ReviewRouteFactory(school=school, kind=RecordKind.INCIDENT, role=Role.DSL)
    providers.append(awaiting_decision(role=Role.HEADTEACHER))
    providers.append(awaiting_decision(role=Role.DSL, what="incidents"))
    job_enqueue(
        school=school,
        kind=DIGEST_JOB,
        key=f"digest:{dsl.pk}:2026-03-02",
        payload={"user": dsl.pk, "day": "2026-03-02"},
    )

    run_pending(school)

    (email,) = mail.outbox
    assert email.to == [dsl.email]
    assert "incidents await your decision" in email.body


def test_one_broken_provider_does_not_cost_the_rest(school, head, providers):
    def broken(school):
        raise RuntimeError("this provider has a bug")

    providers.append(DigestProvider(lambda reader: True, broken, "broken"))
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


def test_a_schools_digest_costs_the_same_queries_however_much_waits(school, head, dsl, teacher):
    """With every app's real provider: the job's queries do not grow with the records."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.forms_app.factories import approved_in, report_in, request_in

    def digest_queries(now):
        with CaptureQueriesContext(connection) as queries:
            digests_due(now=now)
            run_pending(school)
        return len(queries)

    request_in(school)
    report_in(school)
    run_pending(school)  # the records' own jobs (PDFs, emails), before counting
    few = digest_queries(MONDAY_0730)
    for _ in range(10):
        request_in(school)
        report_in(school)
        approved_in(school)
    run_pending(school)
    many = digest_queries(MONDAY_0730 + timedelta(days=1))

    digests = [email for email in mail.outbox if "await" in email.subject]
    assert [email.to for email in digests] == [[head.email], [head.email]]
    assert "11 access requests await your decision" in digests[1].body
    assert many == few
