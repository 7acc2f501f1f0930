"""job_enqueue: a job is written with its cause, in one transaction, and runs only after commit.

In-process mode (no broker): the committed job runs right after its
transaction commits. These tests commit for real (``transaction=True``), since
what they check is what a commit and a rollback do.
"""

from __future__ import annotations

import threading
import time
from datetime import timedelta
from typing import Any

import pytest
from django.db import connection, transaction

from jobs.models import Job, JobStatus
from jobs.registry import UnknownJobKind, job_handler
from jobs.runner import JobContext
from jobs.services import job_enqueue
from schools.models import School, SchoolClass
from tests.factories import SchoolClassFactory
from tests.jobs.conftest import RUNS, jobs_of, reload

pytestmark = pytest.mark.usefixtures("eager")

RECORD = "test.outbox.record"


@job_handler(RECORD)
def record(job: Job, ctx: JobContext) -> dict[str, Any]:
    RUNS.add(job)
    # What a handler finds when it runs: its cause, committed.
    cause_id = job.payload.get("class_id")
    found = SchoolClass.objects.for_school(job.school).filter(pk=cause_id).exists()
    return {"cause_found": found}


class Boom(Exception):
    pass


def ask_for_class(school: School, name: str, key: str | None = None) -> tuple[SchoolClass, Job]:
    """A record and the job it triggers, written together (as a service does)."""
    cause = SchoolClassFactory(school=school, name=name)
    job = job_enqueue(
        school=school, kind=RECORD, key=key or f"class:{cause.pk}", payload={"class_id": cause.pk}
    )
    return cause, job


def ask_then_fail(school: School, name: str) -> None:
    """The same, in a transaction that fails after the job was asked for."""
    with transaction.atomic():
        ask_for_class(school, name)
        raise Boom


@pytest.mark.django_db(transaction=True)
def test_the_job_runs_only_after_its_transaction_commits(school, runs):
    with transaction.atomic():
        _cause, job = ask_for_class(school, "Oak")
        assert runs.of(RECORD) == []  # not while the transaction is open

    assert runs.of(RECORD) == [job.pk]
    job = reload(job)
    assert job.status == JobStatus.DONE
    assert job.result == {"cause_found": True}
    assert job.attempts == 1


@pytest.mark.django_db(transaction=True)
def test_a_rolled_back_transaction_leaves_no_job_and_runs_nothing(school, runs):
    with pytest.raises(Boom):
        ask_then_fail(school, "Oak")

    assert jobs_of(school) == []
    assert not SchoolClass.objects.for_school(school).exists()
    assert runs.calls == []


@pytest.mark.django_db(transaction=True)
def test_a_job_asked_for_in_a_rolled_back_savepoint_is_neither_saved_nor_run(school, runs):
    with transaction.atomic():
        kept = SchoolClassFactory(school=school, name="Kept")
        with pytest.raises(Boom):
            ask_then_fail(school, "Dropped")  # a savepoint, inside the outer transaction

    assert [c.pk for c in SchoolClass.objects.for_school(school)] == [kept.pk]
    assert jobs_of(school) == []
    assert runs.calls == []


@pytest.mark.django_db(transaction=True)
def test_asking_twice_with_the_same_key_gives_the_same_job_run_once(school, runs):
    with transaction.atomic():
        cause = SchoolClassFactory(school=school, name="Oak")
        first = job_enqueue(school=school, kind=RECORD, key="summary:v1", payload={"n": 1})
        second = job_enqueue(school=school, kind=RECORD, key="summary:v1", payload={"n": 2})

    assert second.pk == first.pk
    assert [job.pk for job in jobs_of(school)] == [first.pk]
    assert reload(first).payload == {"n": 1}  # the second request changed nothing
    assert runs.of(RECORD) == [first.pk]
    assert cause.pk  # the cause committed with it


@pytest.mark.django_db(transaction=True)
def test_asking_again_after_the_job_finished_returns_it_without_running_it_again(school, runs):
    with transaction.atomic():
        first = job_enqueue(school=school, kind=RECORD, key="summary:v1")
    with transaction.atomic():
        again = job_enqueue(school=school, kind=RECORD, key="summary:v1")

    assert again.pk == first.pk
    assert again.status == JobStatus.DONE
    assert runs.of(RECORD) == [first.pk]


@pytest.mark.django_db(transaction=True)
def test_the_same_key_in_two_schools_gives_two_jobs(school, other_school, runs):
    with transaction.atomic():
        ours = job_enqueue(school=school, kind=RECORD, key="summary:v1")
        theirs = job_enqueue(school=other_school, kind=RECORD, key="summary:v1")

    assert ours.pk != theirs.pk
    assert sorted(runs.of(RECORD)) == sorted([ours.pk, theirs.pk])


@pytest.mark.django_db(transaction=True)
def test_two_requests_asking_at_the_same_moment_get_one_job(school, runs):
    """The second waits on the first's uncommitted row, then gets the same job."""
    first_wrote = threading.Event()
    results: dict[str, Any] = {}

    def ask(name: str, hold: float) -> None:
        try:
            with transaction.atomic():
                results[name] = job_enqueue(school=school, kind=RECORD, key="race").pk
                if name == "first":
                    first_wrote.set()
                    time.sleep(hold)  # the transaction stays open while the second asks
        except Exception as exc:  # reported below, not lost in the thread
            results[name] = exc
        finally:
            first_wrote.set()
            connection.close()

    first = threading.Thread(target=ask, args=("first", 0.5))
    first.start()
    assert first_wrote.wait(10)
    second = threading.Thread(target=ask, args=("second", 0))
    second.start()
    first.join(15)
    second.join(15)

    assert not first.is_alive()
    assert not second.is_alive()
    assert results["first"] == results["second"], results
    assert [job.pk for job in jobs_of(school)] == [results["first"]]
    assert runs.of(RECORD) == [results["first"]]


@pytest.mark.django_db
def test_a_misspelt_kind_fails_at_once_in_the_caller_and_saves_no_job(school):
    with pytest.raises(UnknownJobKind):
        job_enqueue(school=school, kind="test.outbox.no-such-kind", key="x")
    assert jobs_of(school) == []


@pytest.mark.django_db(transaction=True)
def test_a_delayed_job_is_not_run_at_commit(school, runs):
    with transaction.atomic():
        job = job_enqueue(school=school, kind=RECORD, key="later", delay=timedelta(minutes=5))

    assert runs.calls == []
    assert reload(job).status == JobStatus.PENDING


@pytest.mark.django_db(transaction=True)
def test_the_job_keeps_who_asked_for_it_and_its_payload(school, head, runs):
    with transaction.atomic():
        job = job_enqueue(
            school=school, kind=RECORD, key="k", payload={"version": 3}, requested_by=head
        )

    job = reload(job)
    assert job.requested_by == head
    assert job.payload == {"version": 3}
    assert job.max_attempts == 5  # the kind's default
