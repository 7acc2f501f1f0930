"""What people hear about background jobs: theirs finishing, and the school's failures."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.core import mail
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from jobs.models import Job, JobStatus
from jobs.registry import job_handler
from jobs.runner import JobContext
from jobs.services import job_enqueue
from notifications.background import JOB_FINISHED, failed_jobs, job_page_url
from notifications.digest import digests_due
from notifications.models import Notification
from schools.roles import Role
from tests.notifications.helpers import notifications_of, run_pending
from tests.notifications.test_digest import MONDAY_0730

WORKS = "test.notifications.works"
BREAKS = "test.notifications.breaks"
PDF = "documents.test-notifications-pdf"


@job_handler(WORKS)
def works(job: Job, ctx: JobContext) -> dict[str, Any]:
    return {"file": "report.pdf"}


@job_handler(BREAKS, max_attempts=1)
def breaks(job: Job, ctx: JobContext) -> dict[str, Any]:
    raise RuntimeError("WeasyPrint fell over")


@job_handler(PDF, max_attempts=1)
def pdf_breaks(job: Job, ctx: JobContext) -> dict[str, Any]:
    raise RuntimeError("no fonts")


def test_the_requester_hears_when_their_job_is_done(school, teacher):
    job = job_enqueue(school=school, kind=WORKS, key="k", requested_by=teacher)

    run_pending(school)

    (notification,) = notifications_of(teacher, school)
    assert notification.kind == JOB_FINISHED
    assert notification.title == "The work you asked for is finished"
    assert notification.url == job_page_url(job)
    assert not notification.urgent


def test_the_link_is_the_jobs_own_page(school, teacher):
    job = job_enqueue(school=school, kind=WORKS, key="k", requested_by=teacher)
    try:
        page = reverse("jobs:detail", kwargs={"school_slug": school.slug, "job_id": job.public_id})
    except NoReverseMatch:  # the job page is another step's; until then, the list
        page = reverse("notifications:list", kwargs={"school_slug": school.slug})

    run_pending(school)

    assert notifications_of(teacher, school)[0].url == page


def test_the_requester_hears_when_it_could_not_be_done(school, teacher):
    job_enqueue(school=school, kind=PDF, key="k", requested_by=teacher)

    run_pending(school)

    (notification,) = notifications_of(teacher, school)
    assert notification.title == "Sorry: a PDF could not be produced"


def test_a_retry_is_not_the_end(school, teacher):
    job = job_enqueue(school=school, kind=BREAKS, key="k", requested_by=teacher)
    Job.objects.for_school(school).filter(pk=job.pk).update(max_attempts=3)

    run_pending(school)  # attempt 1 fails; the retry waits its back-off

    assert notifications_of(teacher, school) == []


def test_nobody_is_told_about_jobs_nobody_asked_for(school, head):
    job_enqueue(school=school, kind=WORKS, key="k")

    run_pending(school)

    assert not Notification.objects.for_school(school).exists()


def test_finishing_tells_only_in_the_app(school, teacher):
    job_enqueue(school=school, kind=WORKS, key="k", requested_by=teacher)

    run_pending(school)

    assert mail.outbox == []


def failed_job(school, kind=PDF, days_ago=1, key=None):
    when = timezone.now() - timedelta(days=days_ago)
    return Job.objects.create(
        school=school,
        kind=kind,
        key=key or f"failed-{kind}-{days_ago}-{timezone.now().timestamp()}",
        status=JobStatus.FAILED,
        available_at=when,
        finished_at=when,
    )


def test_failed_jobs_are_in_the_headteachers_digest(school):
    failed_job(school, kind=WORKS, days_ago=3)
    latest = failed_job(school, kind=PDF, days_ago=1)

    (item,) = failed_jobs(school, frozenset({Role.HEADTEACHER}))

    assert item.label == "2 background jobs failed — e.g. a PDF could not be produced"
    assert item.count == 2
    assert item.url == job_page_url(latest)
    assert item.waiting_since is not None
    assert timezone.now() - item.waiting_since > timedelta(days=3)


def test_one_failed_job(school):
    failed_job(school, kind="notifications.email")

    (item,) = failed_jobs(school, frozenset({Role.HEADTEACHER}))

    assert item.label == "1 background job failed — e.g. an email could not be sent"


def test_only_the_last_weeks_failures_and_only_this_schools(school, other_school):
    failed_job(school, days_ago=8)
    failed_job(other_school, days_ago=1)

    assert failed_jobs(school, frozenset({Role.HEADTEACHER})) == []


def test_failed_jobs_are_for_the_headteacher_only(school):
    failed_job(school)

    assert failed_jobs(school, frozenset({Role.DSL, Role.ESAFETY})) == []


def test_the_headteachers_digest_mentions_them(school, head, dsl):
    failed_job(school)

    digests_due(now=MONDAY_0730)
    run_pending(school)

    (email,) = [email for email in mail.outbox if email.to == [head.email]]
    assert "1 background job failed — e.g. a PDF could not be produced" in email.body
