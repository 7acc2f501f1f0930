"""Hand committed jobs to the broker without making anyone wait for it.

With Redis as broker (``REDIS_URL``) a single background thread per process
publishes job ids; the web request that committed the job has already
returned. If the broker is down or stops answering, the thread gives up after
its bounded socket timeouts, stops trying for a short while, and the
periodic sweep hands the jobs over again once the broker is back. The thread
never touches the database.

With no broker (the embedded default) jobs run in-process, right after the
transaction that asked for them commits.
"""

from __future__ import annotations

import logging
import queue
import threading
import time

from django.conf import settings

logger = logging.getLogger(__name__)

# After a failed publish, leave the next ones to the sweep for this long, so a
# broker outage does not pile up seconds-long timeouts in the thread.
BACKOFF_SECONDS = 10.0

JobRef = tuple[int, int]  # (school_id, job_id)


class Dispatcher:
    def __init__(self) -> None:
        self._queue: queue.Queue[JobRef] = queue.Queue()
        self._lock = threading.Lock()
        self._thread: threading.Thread | None = None
        self._paused_until = 0.0

    def submit(self, refs: list[JobRef]) -> None:
        with self._lock:
            if self._thread is None or not self._thread.is_alive():
                self._thread = threading.Thread(
                    target=self._run, name="job-dispatcher", daemon=True
                )
                self._thread.start()
        for ref in refs:
            self._queue.put(ref)

    def flush(self, timeout: float = 10.0) -> bool:
        """Wait until everything submitted was tried; True if it all was."""
        deadline = time.monotonic() + timeout
        while self._queue.unfinished_tasks:
            if time.monotonic() > deadline:
                return False
            time.sleep(0.01)
        return True

    def _run(self) -> None:
        while True:
            ref = self._queue.get()
            try:
                if time.monotonic() >= self._paused_until and not publish(ref):
                    self._paused_until = time.monotonic() + BACKOFF_SECONDS
            finally:
                self._queue.task_done()


def publish(ref: JobRef) -> bool:
    """Send one job to the broker. False (and a log line) if the broker failed."""
    from jobs.tasks import run_job

    try:
        run_job.apply_async(args=ref, retry=False)
    except Exception:  # any broker failure: the sweep will hand it over again
        logger.warning("Broker unavailable; job %s left for the sweep", ref[1], exc_info=True)
        return False
    return True


dispatcher = Dispatcher()


def hand_over(refs: list[JobRef]) -> None:
    if settings.CELERY_TASK_ALWAYS_EAGER:
        from jobs.runner import run_job_now

        for school_id, job_id in refs:
            run_job_now(school_id, job_id)
        return
    dispatcher.submit(refs)
