"""The outbox against a real Redis and a real Celery worker process.

Once per module (about two seconds): a private ``redis-server`` on a free
loopback port, which these tests stop, restart and pause (SIGSTOP/SIGCONT)
without touching the machine's shared Redis; and ``celery -A policyportal
worker --include tests.jobs.handlers`` as a subprocess, with ``REDIS_URL``
pointing at that Redis and the test database as its database (SQLite: the
test database file; PostgreSQL: ``test_<name>``). Tests commit for real
(``transaction=True``) since the worker only sees committed rows.

In this process the Celery app publishes to the private Redis too, and
``CELERY_TASK_ALWAYS_EAGER`` is off, as in a web process with ``REDIS_URL``.
Time is moved on by backdating a job's timestamps; the sweep is sent to the
worker as beat sends it (``jobs.sweep``).

"Exactly once" is what a user would see: the handler (``tests/jobs/handlers``)
adds a row every time it runs, and each test counts the rows once the queue
is drained.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from typing import Any

import pytest
import redis as redis_py
from django.conf import settings
from django.db import transaction

from jobs import dispatch
from jobs.models import Job, JobStatus
from jobs.services import job_enqueue
from jobs.sweep import GRACE, sweep
from jobs.tasks import sweep_jobs
from schools.models import School, SchoolClass
from tests.factories import SchoolClassFactory
from tests.helpers.redis_server import PrivateRedis, redis_server_available
from tests.helpers.worker import CeleryWorker, publishing_to, worker_env
from tests.jobs.conftest import let_time_pass, reload
from tests.jobs.handlers import WRITE_EFFECT, effects

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(not redis_server_available(), reason="redis-server is not installed"),
]

# Hang guards, not performance targets: bench/run.py measures the real numbers.
SUBMIT_HANG_GUARD = 5.0
FINISH_TIMEOUT = 20.0
DRAINED_FOR = 0.3


@pytest.fixture(scope="module")
def redis_server() -> Iterator[PrivateRedis]:
    with PrivateRedis() as server:
        yield server


@pytest.fixture(scope="module")
def worker(redis_server: PrivateRedis, django_db_setup: None) -> Iterator[CeleryWorker]:
    # After django_db_setup, DATABASES names the test database.
    env = worker_env(redis_url=redis_server.url, database=settings.DATABASES["default"])
    with CeleryWorker(env, include=["tests.jobs.handlers"], name="jobs-tests") as started:
        yield started


@pytest.fixture
def broker(
    redis_server: PrivateRedis, worker: CeleryWorker, settings: Any, monkeypatch: Any
) -> Iterator[PrivateRedis]:
    """A healthy Redis, a running worker, and this process publishing to them."""
    redis_server.start()  # if a previous test left it stopped
    redis_server.resume()  # or paused
    if not worker.alive:
        worker.start()
    settings.CELERY_TASK_ALWAYS_EAGER = False
    # A dispatcher of this test's own: no back-off left over from another test.
    monkeypatch.setattr(dispatch, "dispatcher", dispatch.Dispatcher())
    with publishing_to(redis_server.url):
        yield redis_server
        dispatch.dispatcher.flush(timeout=15)


def wait_for(condition: Callable[[], bool], timeout: float, interval: float = 0.05) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(interval)
    return condition()


def wait_until_finished(job: Job, worker: CeleryWorker) -> Job:
    finished = wait_for(lambda: reload(job).is_finished, FINISH_TIMEOUT)
    assert finished, f"job {job.pk} not finished: {reload(job)}\nworker log:\n{worker.log_tail()}"
    return reload(job)


def wait_until_drained(server: PrivateRedis) -> None:
    """Every message delivered and acknowledged: no run of any job is still to come.

    A message is briefly in neither list while the worker moves it from the
    queue to its unacknowledged set, so the queue must stay empty a moment.
    """
    client = redis_py.Redis.from_url(server.url, socket_timeout=3)

    def empty() -> bool:
        return client.llen("celery") == 0 and client.hlen("unacked") == 0

    def stays_empty() -> bool:
        if not empty():
            return False
        time.sleep(DRAINED_FOR)
        return empty()

    try:
        drained = wait_for(stays_empty, FINISH_TIMEOUT)
    finally:
        client.close()
    assert drained, "the worker left messages in the queue"


def ask_for_work(school: School, key: str) -> tuple[float, Job]:
    """A record and its job in one transaction, as a service does; and how long it took."""
    started = time.monotonic()
    with transaction.atomic():
        SchoolClassFactory(school=school, name=f"cause:{key}")
        job = job_enqueue(school=school, kind=WRITE_EFFECT, key=key)
    return time.monotonic() - started, job


def assert_saved(school: School, job: Job, key: str) -> None:
    """The job row and the record it was written with are both committed."""
    assert reload(job).status == JobStatus.PENDING
    assert SchoolClass.objects.for_school(school).filter(name=f"cause:{key}").exists()


def run_the_sweep(job: Job) -> None:
    """As if the grace period had passed and beat had sent the periodic sweep."""
    let_time_pass(job, available_at=GRACE)
    sweep_jobs.apply_async()


def test_a_job_goes_through_the_broker_and_the_worker_completes_it(broker, worker, school):
    log_before = len(worker.log_text())

    _, job = ask_for_work(school, "via-broker")

    job = wait_until_finished(job, worker)
    wait_until_drained(broker)
    assert job.status == JobStatus.DONE
    assert job.result == {"wrote": "via-broker"}
    assert effects(school, "via-broker") == 1
    assert "Task jobs.run[" in worker.log_text()[log_before:]  # the worker ran it


def test_with_redis_stopped_the_record_is_saved_and_the_job_completes_once_later(
    broker, worker, school
):
    broker.stop()

    took, job = ask_for_work(school, "redis-stopped")

    assert took < SUBMIT_HANG_GUARD
    assert_saved(school, job, "redis-stopped")
    assert dispatch.dispatcher.flush(timeout=15)  # it tried, failed, and left it to the sweep
    assert reload(job).status == JobStatus.PENDING

    broker.start()
    # The worker rode out the outage and reconnects by itself.
    assert worker.alive, worker.log_tail()
    run_the_sweep(job)

    job = wait_until_finished(job, worker)
    wait_until_drained(broker)
    assert job.status == JobStatus.DONE
    assert effects(school, "redis-stopped") == 1


def test_with_redis_paused_the_submission_does_not_wait_and_the_job_completes_once_later(
    broker, worker, school
):
    # A web process that has published before holds a live connection: with
    # Redis paused, its next publish is written to the socket, then times out.
    _, warm_up = ask_for_work(school, "warm-up")
    wait_until_finished(warm_up, worker)
    # The worker acknowledges a message just after the job row says it is
    # done; wait for that, or the pause below catches the acknowledgement too.
    wait_until_drained(broker)

    broker.pause()
    try:
        took, job = ask_for_work(school, "redis-paused")
        assert_saved(school, job, "redis-paused")
        # Meanwhile the dispatcher thread waits on the paused broker, within its timeouts.
        dispatcher_gave_up = dispatch.dispatcher.flush(timeout=30)
    finally:
        broker.resume()

    assert took < SUBMIT_HANG_GUARD
    assert dispatcher_gave_up
    assert worker.alive, worker.log_tail()
    # The sweep, run here at once, finds the job still pending while the
    # timed-out publish, which reached Redis after all, is being delivered.
    let_time_pass(job, available_at=GRACE)
    sweep()

    job = wait_until_finished(job, worker)
    wait_until_drained(broker)
    assert job.status == JobStatus.DONE
    # The publish that timed out may still have reached Redis after SIGCONT,
    # and the sweep sent the job again: two messages, one run.
    assert effects(school, "redis-paused") == 1


def test_the_worker_keeps_running_through_a_redis_restart(broker, worker, school):
    broker.stop()
    # Long enough for the worker to notice the lost connection.
    time.sleep(3)
    broker.start()

    assert worker.alive, f"the worker exited ({worker.returncode}):\n{worker.log_tail(5)}"
    _, job = ask_for_work(school, "after-restart")
    assert wait_until_finished(job, worker).status == JobStatus.DONE
