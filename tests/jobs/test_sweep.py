"""The sweep hands over what the dispatcher could not, and jobs whose worker vanished.

In-process mode: the sweep runs what it hands over at once, so a test sees
the outcome as soon as ``sweep()`` returns. Time passing is simulated by
moving the job's timestamps back (``let_time_pass``).
"""

from __future__ import annotations

import contextlib
from datetime import timedelta

import pytest

from jobs.models import Job, JobStatus
from jobs.registry import job_handler
from jobs.runner import LEASE, JobContext, run_job_now
from jobs.services import job_enqueue
from jobs.sweep import GRACE, sweep
from schools.models import School
from tests.jobs.conftest import RUNS, let_time_pass, make_due, reload

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("eager")]

RECORD = "test.sweep.record"
VANISHES_ONCE = "test.sweep.vanishes-once"  # its worker dies during the first attempt
ALWAYS_VANISHES = "test.sweep.always-vanishes"  # kills its worker every time (a poison job)
FAILS = "test.sweep.fails"

hook_calls: list[int] = []


class WorkerDied(BaseException):
    """What the job sees when its worker process is killed: nothing after this runs."""


@job_handler(RECORD)
def record(job: Job, ctx: JobContext) -> None:
    RUNS.add(job)


@job_handler(VANISHES_ONCE)
def vanishes_once(job: Job, ctx: JobContext) -> None:
    RUNS.add(job)
    if job.attempts == 1:
        raise WorkerDied


def poison_failed(job: Job, message: str) -> None:
    hook_calls.append(job.pk)


@job_handler(ALWAYS_VANISHES, on_failure=poison_failed, max_attempts=2)
def always_vanishes(job: Job, ctx: JobContext) -> None:
    RUNS.add(job)
    raise WorkerDied


@job_handler(FAILS, max_attempts=2)
def fails(job: Job, ctx: JobContext) -> None:
    RUNS.add(job)
    raise ValueError("no")


@pytest.fixture(autouse=True)
def _clear_hook_calls() -> None:
    hook_calls.clear()


def lost_hand_over(school: School, kind: str = RECORD, key: str = "k") -> Job:
    """A committed job whose hand-over never happened (the broker was down, say).

    The test's transaction never commits, so the on-commit hand-over never
    runs: exactly what the sweep is for.
    """
    return job_enqueue(school=school, kind=kind, key=key)


def test_a_pending_job_is_left_to_the_dispatcher_for_the_grace_period(school, runs):
    job = lost_hand_over(school)

    assert sweep() == 0
    assert runs.calls == []

    let_time_pass(job, available_at=GRACE + timedelta(seconds=1))
    assert sweep() == 1
    assert runs.of(RECORD) == [job.pk]
    assert reload(job).status == JobStatus.DONE


def test_the_sweep_serves_every_school(school, other_school, runs):
    ours, theirs = lost_hand_over(school), lost_hand_over(other_school)
    for job in (ours, theirs):
        let_time_pass(job, available_at=GRACE + timedelta(seconds=1))

    assert sweep() == 2
    assert sorted(runs.of(RECORD)) == sorted([ours.pk, theirs.pk])


def test_a_job_whose_worker_vanished_is_taken_up_again_once_its_lease_expires(school, runs):
    job = lost_hand_over(school, VANISHES_ONCE)
    with pytest.raises(WorkerDied):
        run_job_now(school.pk, job.pk)
    assert reload(job).status == JobStatus.RUNNING

    assert sweep() == 0  # the lease still holds: the worker may just be slow
    assert runs.of(VANISHES_ONCE) == [job.pk]

    let_time_pass(job, lease_until=LEASE)
    assert sweep() == 1
    job = reload(job)
    assert job.status == JobStatus.DONE
    assert job.attempts == 2
    assert runs.of(VANISHES_ONCE) == [job.pk, job.pk]


def test_a_job_that_kills_its_worker_every_time_fails_after_max_attempts(school, runs):
    job = lost_hand_over(school, ALWAYS_VANISHES)
    with pytest.raises(WorkerDied):
        run_job_now(school.pk, job.pk)
    let_time_pass(job, lease_until=LEASE)
    with pytest.raises(WorkerDied):
        sweep()  # the second and last attempt
    let_time_pass(job, lease_until=LEASE)

    with contextlib.suppress(WorkerDied):  # (it does run a third time: asserted below)
        sweep()  # no attempts left: the job must fail instead of running a third time

    assert runs.of(ALWAYS_VANISHES) == [job.pk, job.pk]
    job = reload(job)
    assert job.status == JobStatus.FAILED
    assert hook_calls == [job.pk]


def test_a_job_waiting_out_its_back_off_is_not_swept_early(school, runs):
    job = lost_hand_over(school, FAILS)
    run_job_now(school.pk, job.pk)  # fails: due again in 15 s
    assert reload(job).status == JobStatus.PENDING

    let_time_pass(job, available_at=timedelta(seconds=10))
    assert sweep() == 0

    let_time_pass(job, available_at=timedelta(seconds=6) + GRACE)
    assert sweep() == 1
    assert reload(job).status == JobStatus.FAILED  # its second and last attempt
    assert runs.of(FAILS) == [job.pk, job.pk]


def test_finished_jobs_are_never_swept(school, runs):
    done, failed = lost_hand_over(school, RECORD, "a"), lost_hand_over(school, FAILS, "b")
    run_job_now(school.pk, done.pk)
    for _ in range(2):
        make_due(failed)
        run_job_now(school.pk, failed.pk)
    for job in (done, failed):
        let_time_pass(job, available_at=timedelta(hours=1))
    runs.clear()

    assert sweep() == 0
    assert runs.calls == []


def test_a_delayed_job_is_swept_once_its_delay_is_over(school, runs):
    job = job_enqueue(school=school, kind=RECORD, key="later", delay=timedelta(minutes=5))

    let_time_pass(job, available_at=timedelta(minutes=5))
    assert sweep() == 0  # due, but the sweep gives every due job GRACE more

    let_time_pass(job, available_at=GRACE)
    assert sweep() == 1
    assert runs.of(RECORD) == [job.pk]
