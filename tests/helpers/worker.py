"""A real ``celery -A policyportal worker`` in a subprocess, for tests and benchmarks.

The worker gets the environment of this process with its broker and database
replaced, so it reads and writes exactly what the test (or benchmark) sees::

    env = worker_env(redis_url=redis.url, database=settings.DATABASES["default"])
    with CeleryWorker(env, include=["tests.jobs.handlers"]) as worker:
        ...
        worker.alive  # False once the worker has shut itself down

Its log (stdout and stderr) goes to a temporary file, removed when the worker
is stopped by ``with``; the error quotes its end when the worker fails to
start, and a test can quote it too (``worker.log_tail()``).
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager, suppress
from pathlib import Path
from types import TracebackType
from typing import Any
from urllib.parse import quote, urlsplit, urlunsplit

import kombu.pools
from django.conf import settings

BASE_DIR = Path(settings.BASE_DIR)
CELERY = str(Path(sys.executable).with_name("celery"))
START_TIMEOUT = 30.0
STOP_TIMEOUT = 15.0


def worker_env(*, redis_url: str, database: Mapping[str, Any]) -> dict[str, str]:
    """This process's environment, pointed at ``redis_url`` and the database ``database``.

    ``database`` is a ``settings.DATABASES`` entry *as the tests use it*: inside
    a test its ``NAME`` is the test database (a file under ``PORTAL_VAR_DIR``
    for SQLite, ``test_<name>`` for PostgreSQL).
    """
    env = {**os.environ, "REDIS_URL": redis_url, "DJANGO_SETTINGS_MODULE": "policyportal.settings"}
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(BASE_DIR), env.get("PYTHONPATH")]))
    if database["ENGINE"] == "django.db.backends.sqlite3":
        env.pop("DATABASE_URL", None)
        env["SQLITE_PATH"] = str(database["NAME"])
    else:
        env["DATABASE_URL"] = postgres_url(database)
    return env


def postgres_url(database: Mapping[str, Any]) -> str:
    """A URL for the database ``database`` names, on the server DATABASE_URL names.

    Built from this process's DATABASE_URL when there is one, so its options
    (``?sslmode=…``) carry over; only the database name changes.
    """
    name = quote(str(database["NAME"]), safe="")
    configured = os.environ.get("DATABASE_URL", "")
    if configured:
        return urlunsplit(urlsplit(configured)._replace(path=f"/{name}"))
    user = quote(str(database.get("USER") or ""), safe="")
    password = quote(str(database.get("PASSWORD") or ""), safe="")
    credentials = f"{user}:{password}@" if password else (f"{user}@" if user else "")
    host = database.get("HOST") or "127.0.0.1"
    port = database.get("PORT") or 5432
    return f"postgres://{credentials}{host}:{port}/{name}"


class WorkerError(RuntimeError):
    pass


class CeleryWorker:
    def __init__(
        self,
        env: Mapping[str, str],
        *,
        concurrency: int = 1,
        include: Sequence[str] = (),
        name: str = "portal-test",
        loglevel: str = "INFO",
        extra_args: Sequence[str] = (),
    ) -> None:
        self.env = dict(env)
        self.concurrency = concurrency
        self.include = list(include)
        self.name = name
        self.loglevel = loglevel
        self.extra_args = list(extra_args)
        self.log_path = Path(tempfile.mkstemp(prefix=f"{name}-", suffix=".log")[1])
        self._process: subprocess.Popen[bytes] | None = None

    def command(self) -> list[str]:
        command = [
            CELERY, "-A", "policyportal", "worker",
            f"--loglevel={self.loglevel}",
            f"--concurrency={self.concurrency}",
            f"--hostname={self.name}@%h",
            # Gossip, mingle and heartbeats only serve clusters of workers
            # talking to each other; without them the worker starts faster.
            "--without-gossip", "--without-mingle", "--without-heartbeat",
        ]  # fmt: skip
        if self.include:
            command += ["--include", ",".join(self.include)]
        return command + self.extra_args

    def start(self) -> None:
        if self.alive:
            return
        start_offset = len(self.log_text())
        with self.log_path.open("ab") as log:
            log.write(f"--- starting: {' '.join(self.command())}\n".encode())
            log.flush()
            # A session of its own: stop() can end the worker's pool children with it.
            self._process = subprocess.Popen(  # noqa: S603
                self.command(),
                cwd=BASE_DIR,
                env=self.env,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        self._wait_until_ready(start_offset)

    @property
    def alive(self) -> bool:
        return self._process is not None and self._process.poll() is None

    @property
    def returncode(self) -> int | None:
        return None if self._process is None else self._process.poll()

    def stop(self) -> None:
        process, self._process = self._process, None
        if process is None:
            return
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)  # warm shutdown
            with suppress(subprocess.TimeoutExpired):
                process.wait(timeout=STOP_TIMEOUT)
        with suppress(ProcessLookupError):
            # The pool children of *this* worker only: its own process group.
            os.killpg(process.pid, signal.SIGKILL)
        with suppress(subprocess.TimeoutExpired):
            process.wait(timeout=STOP_TIMEOUT)

    def restart(self) -> None:
        self.stop()
        self.start()

    def log_text(self) -> str:
        try:
            return self.log_path.read_text(errors="replace")
        except FileNotFoundError:
            return ""

    def log_tail(self, lines: int = 40) -> str:
        return "\n".join(self.log_text().splitlines()[-lines:])

    def _wait_until_ready(self, start_offset: int) -> None:
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            if not self.alive:
                raise WorkerError(f"the Celery worker exited at start:\n{self.log_tail()}")
            if " ready." in self.log_text()[start_offset:]:
                return
            time.sleep(0.1)
        self.stop()
        raise WorkerError(
            f"the Celery worker was not ready in {START_TIMEOUT} s:\n{self.log_tail()}"
        )

    def __enter__(self) -> CeleryWorker:
        self.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()
        self.log_path.unlink(missing_ok=True)


@contextmanager
def publishing_to(broker_url: str) -> Iterator[Any]:
    """This process's Celery app publishes to ``broker_url`` (not in-process) until exit.

    The app's connection and producer pools are dropped on the way in and out,
    so no connection to the previous broker is reused.
    """
    from policyportal.celery import app

    saved = {name: app.conf[name] for name in ("broker_url", "task_always_eager")}
    app.conf.update(broker_url=broker_url, task_always_eager=False)
    _drop_pools(app)
    try:
        yield app
    finally:
        _drop_pools(app)
        app.conf.update(saved)


def _drop_pools(app: Any) -> None:
    # kombu keeps producer and connection pools per broker URL, process-wide.
    kombu.pools.reset()
    pool = app._pool
    if pool is not None:
        pool.force_close_all()
    app._pool = None
    amqp = app.__dict__.get("amqp")  # a cached property: only if already built
    if amqp is not None:
        amqp._producer_pool = None
