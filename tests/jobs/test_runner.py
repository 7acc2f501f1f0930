"""run_job_now: claim, run, then finish, retry with back-off, or fail and tell the kind's hook.

Each test creates its job directly and hands it to the runner, as a worker
does when a message arrives; the runner is the same in-process and in Celery.
"""

from __future__ import annotations

import logging
from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from jobs.models import Job, JobStatus
from jobs.registry import job_handler
from jobs.runner import JobContext, run_job_now
from jobs.services import job_enqueue
from jobs.tasks import run_job
from schools.models import School
from tests.jobs.conftest import RUNS, jobs_of, make_due, reload

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("eager")]

RECORD = "test.runner.record"
FLAKY = "test.runner.flaky"  # fails while the payload's "fail_until" is above the attempt
DOOMED = "test.runner.doomed"  # always fails; max_attempts 3; a failure hook
HOOK_FAILS = "test.runner.hook-fails"
REENTRANT = "test.runner.reentrant"  # receives its own message again while running
PROGRESS = "test.runner.progress"

failures: list[tuple[int, str]] = []


@job_handler(RECORD)
def record(job: Job, ctx: JobContext) -> dict[str, Any]:
    RUNS.add(job)
    return {"ran": True}


@job_handler(FLAKY)
def flaky(job: Job, ctx: JobContext) -> None:
    RUNS.add(job)
    if job.attempts < job.payload["fail_until"]:
        raise RuntimeError(f"boom on attempt {job.attempts}")


def note_failure(job: Job, message: str) -> None:
    failures.append((job.pk, message))


@job_handler(DOOMED, on_failure=note_failure, max_attempts=3)
def doomed(job: Job, ctx: JobContext) -> None:
    RUNS.add(job)
    raise ValueError("the PDF could not be drawn")


def broken_hook(job: Job, message: str) -> None:
    raise OSError("the mail server is down too")


@job_handler(HOOK_FAILS, on_failure=broken_hook, max_attempts=1)
def fails_once(job: Job, ctx: JobContext) -> None:
    raise ValueError("nope")


@job_handler(REENTRANT)
def reentrant(job: Job, ctx: JobContext) -> None:
    RUNS.add(job)
    # The broker delivers the same message again while this run holds the job.
    run_job_now(job.school_id, job.pk)


@job_handler(PROGRESS)
def reports_progress(job: Job, ctx: JobContext) -> None:
    ctx.progress(150, "x" * 300)
    seen = Job.objects.for_school(job.school).values("progress", "progress_note").get(pk=job.pk)
    RUNS.calls.append((f"progress={seen['progress']}", len(seen["progress_note"])))


@pytest.fixture(autouse=True)
def _clear_failures() -> None:
    failures.clear()


def new_job(school: School, kind: str, **payload: Any) -> Job:
    """A pending job, due now. The test's transaction never commits, so nobody runs it yet."""
    key = f"{kind}:{len(jobs_of(school))}"
    return job_enqueue(school=school, kind=kind, key=key, payload=payload)


def seconds_until_due(job: Job) -> float:
    return (reload(job).available_at - timezone.now()).total_seconds()


def test_a_job_runs_its_handler_and_is_done(school, runs):
    job = new_job(school, RECORD)
    run_job_now(school.pk, job.pk)

    job = reload(job)
    assert runs.of(RECORD) == [job.pk]
    assert job.status == JobStatus.DONE
    assert (job.result, job.progress, job.attempts) == ({"ran": True}, 100, 1)
    assert job.finished_at is not None
    assert job.lease_until is None


def test_a_failing_handler_is_retried_with_doubling_back_off(school, runs):
    job = new_job(school, FLAKY, fail_until=3)

    run_job_now(school.pk, job.pk)
    after_first = reload(job)
    assert after_first.status == JobStatus.PENDING
    assert after_first.attempts == 1
    assert after_first.last_error == "RuntimeError: boom on attempt 1"
    assert 13 < seconds_until_due(job) <= 15

    run_job_now(school.pk, job.pk)  # re-delivered before its back-off is over: nothing
    assert runs.of(FLAKY) == [job.pk]
    assert reload(job).attempts == 1

    make_due(job)
    run_job_now(school.pk, job.pk)
    assert reload(job).attempts == 2
    assert 28 < seconds_until_due(job) <= 30

    make_due(job)
    run_job_now(school.pk, job.pk)
    job = reload(job)
    assert job.status == JobStatus.DONE
    assert job.attempts == 3
    assert job.last_error == ""
    assert runs.of(FLAKY) == [job.pk] * 3


def test_the_back_off_stops_growing_at_thirty_minutes(school):
    job = new_job(school, FLAKY, fail_until=99)
    Job.objects.for_school(school).filter(pk=job.pk).update(attempts=8, max_attempts=20)

    run_job_now(school.pk, job.pk)  # the ninth attempt: 15 s × 2⁸ would be 64 minutes

    assert 29 * 60 < seconds_until_due(job) <= 30 * 60


def test_after_max_attempts_the_job_fails_and_its_hook_is_called_once(school, runs):
    job = new_job(school, DOOMED)
    assert job.max_attempts == 3

    for _ in range(3):
        make_due(job)
        run_job_now(school.pk, job.pk)

    job = reload(job)
    assert job.status == JobStatus.FAILED
    assert job.attempts == 3
    assert job.finished_at is not None
    assert job.last_error == "ValueError: the PDF could not be drawn"
    assert failures == [(job.pk, "ValueError: the PDF could not be drawn")]

    # A late re-delivery of a failed job runs nothing and tells nobody again.
    make_due(job)
    run_job_now(school.pk, job.pk)
    assert runs.of(DOOMED) == [job.pk] * 3
    assert len(failures) == 1


def test_the_hook_is_not_called_while_attempts_remain(school):
    job = new_job(school, DOOMED)
    make_due(job)
    run_job_now(school.pk, job.pk)
    make_due(job)
    run_job_now(school.pk, job.pk)

    assert reload(job).status == JobStatus.PENDING
    assert failures == []


def test_a_failure_hook_that_fails_is_logged_and_the_job_stays_failed(school, caplog):
    job = new_job(school, HOOK_FAILS)
    with caplog.at_level(logging.ERROR, logger="jobs.runner"):
        run_job_now(school.pk, job.pk)

    assert reload(job).status == JobStatus.FAILED
    assert f"The failure hook of job {job.pk} failed" in caplog.text


def test_a_job_of_a_kind_no_longer_registered_fails_at_once_without_retries(school):
    job = Job.objects.create(
        school=school, kind="test.runner.retired-kind", key="k", available_at=timezone.now()
    )
    run_job_now(school.pk, job.pk)

    job = reload(job)
    assert job.status == JobStatus.FAILED
    assert job.attempts == 1
    assert job.last_error.startswith("UnknownJobKind:")


def test_a_redelivered_job_runs_its_handler_once(school, runs):
    job = new_job(school, RECORD)
    run_job_now(school.pk, job.pk)
    run_job_now(school.pk, job.pk)

    assert runs.of(RECORD) == [job.pk]
    assert reload(job).attempts == 1


def test_a_job_delivered_again_while_it_runs_is_left_to_the_first_run(school, runs):
    job = new_job(school, REENTRANT)
    run_job_now(school.pk, job.pk)

    assert runs.of(REENTRANT) == [job.pk]
    job = reload(job)
    assert job.status == JobStatus.DONE
    assert job.attempts == 1


def test_another_schools_job_id_is_logged_and_left_alone(school, other_school, runs, caplog):
    theirs = new_job(other_school, RECORD)
    with caplog.at_level(logging.WARNING, logger="jobs.runner"):
        run_job_now(school.pk, theirs.pk)

    assert f"Job {theirs.pk} is not a job of school {school.pk}" in caplog.text
    assert runs.calls == []
    theirs = reload(theirs)
    assert (theirs.status, theirs.attempts, theirs.started_at) == (JobStatus.PENDING, 0, None)


def test_a_missing_job_id_is_logged_and_does_nothing(school, runs, caplog):
    job = new_job(school, RECORD)
    with caplog.at_level(logging.WARNING, logger="jobs.runner"):
        run_job_now(school.pk, job.pk + 1000)

    assert f"Job {job.pk + 1000} is not a job of school {school.pk}" in caplog.text
    assert runs.calls == []
    assert reload(job).status == JobStatus.PENDING


def test_a_missing_school_id_is_logged_and_does_nothing(school, runs, caplog):
    job = new_job(school, RECORD)
    with caplog.at_level(logging.WARNING, logger="jobs.runner"):
        run_job_now(school.pk + 1000, job.pk)

    assert f"names school {school.pk + 1000}, which does not exist" in caplog.text
    assert runs.calls == []
    assert reload(job).attempts == 0


def test_the_celery_task_takes_ids_and_runs_the_job_in_its_school(school, other_school, runs):
    ours = new_job(school, RECORD)
    run_job.apply(args=(other_school.pk, ours.pk))  # the wrong school: nothing
    assert runs.calls == []

    run_job.apply(args=(school.pk, ours.pk))
    assert runs.of(RECORD) == [ours.pk]


def test_a_job_not_yet_due_is_not_run(school, runs):
    job = job_enqueue(school=school, kind=RECORD, key="later", delay=timedelta(minutes=5))
    run_job_now(school.pk, job.pk)

    assert runs.calls == []
    assert reload(job).status == JobStatus.PENDING


def test_progress_is_clamped_and_visible_while_the_job_runs(school, runs):
    job = new_job(school, PROGRESS)
    run_job_now(school.pk, job.pk)

    assert runs.calls == [("progress=100", 200)]
    assert reload(job).progress == 100
