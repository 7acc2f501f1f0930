"""(c) Submission latency with Redis paused, over latency with Redis healthy.

A real HTTP POST, against gunicorn on loopback with ``DATABASE_URL`` and
``REDIS_URL`` pointing at the benchmark's own PostgreSQL database and Redis:
the headteacher of a demo school asks for the school's summary PDF
(``documents:school-summary-request``), which commits a ``documents.render``
job and redirects. Before each submission the school gains a class, so the
summary's content is new and every POST commits a new job (asking again for
unchanged content returns the job already asked for, and would hand nothing
to the broker). No worker runs: the jobs wait in Redis, and no PDF rendering
competes with the web process for the CPU.

Redis is paused with SIGSTOP: connections are accepted and never answered,
the worst case for a client without timeouts.
"""

from __future__ import annotations

import http.client
import http.cookiejar
import os
import signal
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.urls import NoReverseMatch, reverse

from bench.stats import Timings
from jobs.models import Job
from schools.models import School, SchoolClass, YearGroup
from tests.helpers.redis_server import PrivateRedis, free_port
from tests.helpers.worker import postgres_url

GUNICORN = str(Path(sys.executable).with_name("gunicorn"))
URL_NAME = "documents:school-summary-request"
SCHOOL_SLUG = "chestnuts"
HEAD_EMAIL = "head@chestnuts.example"
DEMO_PASSWORD = "portal-demo"  # noqa: S105 (the demo accounts' published password)
REQUEST_TIMEOUT = 60.0  # a submission that takes longer is a hang, reported as such
START_TIMEOUT = 30.0
ROUNDS = 5
# Submissions are spaced out (the pause is not timed), so each paused round
# lasts several seconds: long enough for the web process's dispatcher thread
# to block on the paused broker, time out and back off while requests arrive.
SPACING = 0.6


@dataclass(frozen=True)
class SubmitResult:
    healthy: Timings
    paused: Timings
    jobs_committed_healthy: int
    jobs_committed_paused: int
    workers: int
    # The web processes' "Broker unavailable" warnings: the dispatcher thread
    # really did block on the paused broker and give up, meanwhile.
    dispatcher_gave_up: int

    @property
    def ratio(self) -> float:
        return self.paused.median / self.healthy.median


def view_available() -> str | None:
    try:
        reverse(URL_NAME, kwargs={"school_slug": SCHOOL_SLUG})
    except NoReverseMatch:
        return f"the URL {URL_NAME} does not exist yet"
    return None


class NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: object, **kwargs: object) -> None:
        return None


class Browser:
    """A signed-in visitor: cookies kept, redirects not followed, bounded waits."""

    def __init__(self, base_url: str) -> None:
        self.base_url = base_url
        self.cookies = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.cookies), NoRedirects()
        )

    def request(self, path: str, data: dict[str, str] | None = None) -> tuple[int, str]:
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        req = urllib.request.Request(self.base_url + path, data=body)  # noqa: S310 (loopback)
        try:
            with self.opener.open(req, timeout=REQUEST_TIMEOUT) as response:
                return response.status, response.headers.get("Location") or ""
        except urllib.error.HTTPError as error:  # 3xx and 4xx land here without redirects
            return error.code, error.headers.get("Location") or ""

    def csrf(self) -> str:
        return next(cookie.value or "" for cookie in self.cookies if cookie.name == "csrftoken")

    def sign_in(self, email: str, password: str) -> None:
        self.request("/accounts/login/")
        status, _ = self.request(
            "/accounts/login/",
            {"csrfmiddlewaretoken": self.csrf(), "username": email, "password": password},
        )
        if status != 302:
            raise RuntimeError(f"signing in as {email} answered {status}")

    def post(self, path: str) -> int:
        status, _ = self.request(path, {"csrfmiddlewaretoken": self.csrf()})
        return status


class Gunicorn:
    """gunicorn serving the portal on a free loopback port, as the Dockerfile runs it."""

    def __init__(self, env: dict[str, str], workers: int = 2) -> None:
        self.port = free_port()
        self.env = env
        self.workers = workers
        self.log_path = Path(tempfile.mkstemp(prefix="bench-gunicorn-", suffix=".log")[1])
        self._process: subprocess.Popen[bytes] | None = None

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def log_text(self) -> str:
        return self.log_path.read_text(errors="replace")

    def __enter__(self) -> Gunicorn:
        command = [
            GUNICORN, "policyportal.wsgi:application",
            "--bind", f"127.0.0.1:{self.port}",
            "--workers", str(self.workers),
            "--timeout", "120",
            "--no-control-socket",
        ]  # fmt: skip
        with self.log_path.open("ab") as log:
            self._process = subprocess.Popen(  # noqa: S603
                command,
                cwd=settings.BASE_DIR,
                env=self.env,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            if self._process.poll() is not None:
                raise RuntimeError(f"gunicorn exited: {self.log_path.read_text()[-2000:]}")
            try:
                with urllib.request.urlopen(self.base_url + "/healthz", timeout=2) as response:  # noqa: S310
                    if response.status == 200:
                        return self
            except (OSError, http.client.HTTPException):
                time.sleep(0.2)
        self.__exit__()
        raise RuntimeError("gunicorn did not answer /healthz in time")

    def __exit__(self, *exc: object) -> None:
        process, self._process = self._process, None
        self.log_path.unlink(missing_ok=True)
        if process is None:
            return
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=15)


def measure(
    *, school: School, redis: PrivateRedis, database: Mapping[str, Any], count: int = 30
) -> SubmitResult:
    env = {
        **os.environ,
        "DATABASE_URL": postgres_url(database),
        "REDIS_URL": redis.url,
        "DJANGO_SETTINGS_MODULE": "policyportal.settings",
    }
    env.pop("DJANGO_DEBUG", None)
    path = reverse(URL_NAME, kwargs={"school_slug": school.slug})
    run = uuid.uuid4().hex[:6]
    workers = 2
    with Gunicorn(env, workers=workers) as server:
        browser = Browser(server.base_url)
        browser.sign_in(HEAD_EMAIL, DEMO_PASSWORD)
        submit = _submitter(browser, school, path, run)
        for n in range(2 * workers):  # warm up every gunicorn worker
            submit(f"warm-up {n}")
        # Alternating rounds, so that a change in the machine's other load
        # during the run weighs on both series alike.
        healthy: list[float] = []
        paused: list[float] = []
        healthy_jobs = paused_jobs = 0
        for round_ in range(ROUNDS):
            size = count // ROUNDS + (1 if round_ < count % ROUNDS else 0)
            samples, jobs = _series(submit, school, f"healthy {round_}", size)
            healthy += samples
            healthy_jobs += jobs
            redis.pause()
            try:
                samples, jobs = _series(submit, school, f"paused {round_}", size)
            finally:
                redis.resume()
            paused += samples
            paused_jobs += jobs
        gave_up = server.log_text().count("Broker unavailable")
    return SubmitResult(
        Timings.of(healthy), Timings.of(paused), healthy_jobs, paused_jobs, workers, gave_up
    )


def _submitter(browser: Browser, school: School, path: str, run: str) -> Callable[[str], float]:
    def submit(label: str) -> float:
        # New content for the summary: a class added since the last request.
        SchoolClass.objects.create(
            school=school, name=f"Bench {run} {label}"[:60], year_group=YearGroup.YEAR_2
        )
        time.sleep(SPACING)
        started = time.perf_counter()
        status = browser.post(path)
        elapsed = time.perf_counter() - started
        if status != 302:
            raise RuntimeError(f"the submission {label!r} answered {status}, not a redirect")
        return elapsed

    return submit


def _series(
    submit: Callable[[str], float], school: School, label: str, count: int
) -> tuple[list[float], int]:
    before = Job.objects.for_school(school).count()
    samples = [submit(f"{label} {n}") for n in range(count)]
    return samples, Job.objects.for_school(school).count() - before
