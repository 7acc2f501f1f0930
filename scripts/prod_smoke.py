"""Production smoke test: the portal's production stack end to end, without Docker.

Run by ``scripts/prod-smoke`` (``make smoke``). With production settings it
creates a scratch PostgreSQL database beside the one ``DATABASE_URL`` names,
migrates it and loads the demo schools, collects the static files, then starts
gunicorn, a Celery worker and Celery beat as separate processes on 127.0.0.1.
As an outside client over plain HTTP it checks the security headers and a
hashed static file, signs in as the demo teacher, files a content report,
waits for the worker's PDF of it and reads the PDF back. Then it moves beat's
clock past the digest check's interval and waits for the headteacher's morning
digest to reach a small SMTP sink run here. Every process is stopped and the
scratch database dropped at the end, whatever happened.

Environment: ``DATABASE_URL`` (required, postgres:// on this machine; only its
server is used, never that database), ``SMOKE_REDIS_URL`` (default: the
``REDIS_URL`` server, or 127.0.0.1:6379, database 14).
"""

from __future__ import annotations

import glob
import html
import os
import re
import secrets
import shutil
import signal
import socket
import socketserver
import subprocess
import sys
import tempfile
import threading
import time
import traceback
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from email import message_from_bytes, policy
from email.message import EmailMessage
from http.client import HTTPConnection, HTTPMessage
from http.cookies import SimpleCookie
from pathlib import Path
from types import FrameType
from typing import TypeVar
from urllib.parse import urlencode, urlsplit, urlunsplit
from zoneinfo import ZoneInfo

import psycopg
import redis
from psycopg import sql

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
BIN = Path(PYTHON).parent
HOST = "127.0.0.1"
SCHOOL = "chestnuts"
TEACHER = f"teacher@{SCHOOL}.example"
HEADTEACHER = f"head@{SCHOOL}.example"
DEMO_PASSWORD = "portal-demo"  # noqa: S105 - the published demo password (PRODUCT.md §6)
SCHOOL_TZ = ZoneInfo("Europe/London")
# The digest check runs every 300 s in CELERY_BEAT_SCHEDULE: beat's clock jumps past that.
DIGEST_INTERVAL = 300
DEFAULT_REDIS_DB = 14
# Set-up commands: seconds on a free machine, several times that on a busy one.
STEP_TIMEOUT = 240.0
# load_demo leaves about 110 jobs (PDFs, emails) in the outbox for the first sweep.
DRAIN_TIMEOUT = 180.0
PDF_TIMEOUT = 40.0
DIGEST_TIMEOUT = 40.0
# Beat's first move: past the outbox sweep's 30 s, short of the digest check's 300 s.
SWEEP_JUMP = 35
# Settings a developer's shell may carry that would make this run something else
# than production's defaults (only what the run sets itself is passed on).
CLEARED_PREFIXES = ("DJANGO_", "PORTAL_", "EMAIL_", "DATABASE_", "REDIS_", "CELERY_", "PDF_RENDER_")
CLEARED_NAMES = ("PRIVATE_STORAGE_ROOT", "SQLITE_PATH", "DEFAULT_FROM_EMAIL", "LOG_LEVEL")
LIBFAKETIME = "/usr/lib/*/faketime/libfaketimeMT.so.1"

T = TypeVar("T")


class SmokeFailure(RuntimeError):
    """A check failed: the message says what an operator would have seen."""


def say(message: str) -> None:
    print(f"[smoke {time.strftime('%H:%M:%S')}] {message}", flush=True)


def check(condition: bool, message: str) -> None:
    if not condition:
        raise SmokeFailure(message)


def wait_for(what: str, probe: Callable[[], T | None], timeout: float, every: float = 0.5) -> T:
    """Call ``probe`` until it returns something; fail after ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while True:
        result = probe()
        if result is not None:
            return result
        if time.monotonic() > deadline:
            raise SmokeFailure(f"Timed out after {timeout:.0f} s waiting for {what}")
        time.sleep(every)


# --- Configuration ------------------------------------------------------------------


@dataclass(frozen=True)
class Config:
    server_url: str  # DATABASE_URL: its server hosts the scratch database
    scratch_name: str
    redis_url: str
    var_dir: Path
    web_port: int
    smtp_port: int
    secret_key: str = field(repr=False)

    @property
    def scratch_url(self) -> str:
        return with_path(self.server_url, self.scratch_name)

    @property
    def maintenance_url(self) -> str:
        # CREATE/DROP DATABASE from the server's own database, never the named one.
        return with_path(self.server_url, "postgres")

    @property
    def origin(self) -> str:
        return f"https://{HOST}:{self.web_port}"


def with_path(url: str, database: str) -> str:
    parts = urlsplit(url)
    return urlunsplit((parts.scheme, parts.netloc, f"/{database}", parts.query, ""))


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        port: int = sock.getsockname()[1]
        return port


def load_config(var_dir: Path, smtp_port: int) -> Config:
    url = os.environ.get("DATABASE_URL", "")
    parts = urlsplit(url)
    check(
        parts.scheme in {"postgres", "postgresql"} and parts.path.strip("/") != "",
        "DATABASE_URL must name a PostgreSQL database, e.g. "
        "postgres://postgres@127.0.0.1:5432/policyportal_ci",
    )
    check(
        parts.hostname in {"127.0.0.1", "localhost", "::1"},
        "DATABASE_URL must be on this machine (127.0.0.1)",
    )
    return Config(
        server_url=url,
        scratch_name=parts.path.strip("/") + "_smoke",
        redis_url=smoke_redis_url(),
        var_dir=var_dir,
        web_port=free_port(),
        smtp_port=smtp_port,
        secret_key=secrets.token_urlsafe(50),
    )


def smoke_redis_url() -> str:
    """The run's own Redis database: never the one the test suite uses."""
    if os.environ.get("SMOKE_REDIS_URL"):
        return os.environ["SMOKE_REDIS_URL"]
    parts = urlsplit(os.environ.get("REDIS_URL") or f"redis://{HOST}:6379/0")
    return urlunsplit((parts.scheme, parts.netloc, f"/{DEFAULT_REDIS_DB}", "", ""))


def portal_env(config: Config) -> dict[str, str]:
    """Production settings (policyportal/settings.py) for every process of the run."""
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(CLEARED_PREFIXES) and key not in CLEARED_NAMES
    }
    env.update(
        DJANGO_SETTINGS_MODULE="policyportal.settings",
        DJANGO_ENV="production",
        DJANGO_SECRET_KEY=config.secret_key,
        DJANGO_ALLOWED_HOSTS=HOST,
        PORTAL_VAR_DIR=str(config.var_dir),
        PORTAL_BASE_URL=config.origin,
        DATABASE_URL=config.scratch_url,
        REDIS_URL=config.redis_url,
        # Production sends by SMTP once EMAIL_HOST is set: to the sink below, in clear.
        EMAIL_HOST=HOST,
        EMAIL_PORT=str(config.smtp_port),
        EMAIL_USE_TLS="false",
        PYTHONUNBUFFERED="1",
    )
    return env


# --- The moved clock (libfaketime) ------------------------------------------------------


def libfaketime() -> str:
    found = sorted(glob.glob(LIBFAKETIME))
    check(
        bool(found),
        "libfaketime is missing: install the Debian package faketime (scripts/install-system-deps)",
    )
    return found[0]


def next_school_morning(now: datetime) -> datetime:
    """10:00 school time on the next weekday after today: digests are due then."""
    day: date = now.astimezone(SCHOOL_TZ).date() + timedelta(days=1)
    while day.weekday() >= 5:
        day += timedelta(days=1)
    return datetime(day.year, day.month, day.day, 10, 0, tzinfo=SCHOOL_TZ)


def faked_env(env: dict[str, str], library: str, offset: int) -> dict[str, str]:
    """``env`` with the clock ``offset`` seconds ahead (monotonic clock shifted alike)."""
    return {**env, "LD_PRELOAD": library, "FAKETIME": f"+{offset}"}


def movable_env(env: dict[str, str], library: str, clock_file: Path) -> dict[str, str]:
    """``env`` whose clock offset is read from ``clock_file`` at every call, so it can move."""
    return {
        **env,
        "LD_PRELOAD": library,
        "FAKETIME_TIMESTAMP_FILE": str(clock_file),
        "FAKETIME_NO_CACHE": "1",
    }


# --- Scratch database -------------------------------------------------------------------


def drop_database(config: Config) -> None:
    with psycopg.connect(config.maintenance_url, autocommit=True, connect_timeout=5) as conn:
        # FORCE ends connections a killed process may have left behind.
        conn.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(
                sql.Identifier(config.scratch_name)
            )
        )


def create_database(config: Config) -> None:
    drop_database(config)  # a previous run that was killed outright may have left it
    with psycopg.connect(config.maintenance_url, autocommit=True, connect_timeout=5) as conn:
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(config.scratch_name)))


def database_exists(config: Config) -> bool:
    with psycopg.connect(config.maintenance_url, autocommit=True, connect_timeout=5) as conn:
        row = conn.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [config.scratch_name]
        ).fetchone()
    return row is not None


def outbox_due(config: Config, offset: int) -> int:
    """Jobs the worker (its clock ``offset`` s ahead) still has to run."""
    with psycopg.connect(config.scratch_url, autocommit=True, connect_timeout=5) as conn:
        row = conn.execute(
            "SELECT count(*) FROM jobs_job WHERE status = 'running'"
            " OR (status = 'pending' AND available_at <= now() + make_interval(secs => %s))",
            [offset],
        ).fetchone()
    assert row is not None
    return int(row[0])


# --- Redis --------------------------------------------------------------------------------


def clear_celery_queue(redis_url: str) -> int:
    """Remove Celery's queue from the run's own Redis database; how many keys went.

    A run stopped mid-way leaves messages naming job ids, which the next run's
    fresh database reuses: its worker would start on them first. Only Celery's
    own keys go (the default queue and the unacknowledged messages); nothing
    else in that database, nor any other database, is touched.
    """
    client = redis.Redis.from_url(redis_url, socket_timeout=5, socket_connect_timeout=5)
    try:
        return int(client.delete("celery", "unacked", "unacked_index", "unacked_mutex"))
    finally:
        client.close()


# --- Processes --------------------------------------------------------------------------


@dataclass
class Service:
    name: str
    process: subprocess.Popen[bytes]
    log: Path

    def log_text(self) -> str:
        return self.log.read_text(errors="replace") if self.log.exists() else ""

    def tail(self, lines: int = 40) -> str:
        return "\n".join(self.log_text().splitlines()[-lines:])


def group_members(pgid: int) -> list[int]:
    """Live (not zombie) processes in process group ``pgid``, from /proc."""
    members = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            text = stat.read_text()
        except OSError:
            continue  # ended while we looked
        # Fields after the command name, which is in brackets and may hold spaces.
        fields = text[text.rindex(")") + 2 :].split()
        if fields[0] != "Z" and int(fields[2]) == pgid:
            members.append(int(stat.parent.name))
    return members


class Stack:
    """The processes of the run: each in its own process group, logging to a file."""

    def __init__(self, log_dir: Path) -> None:
        self.log_dir = log_dir
        self.services: list[Service] = []  # meant to run until the end
        self.commands: list[Service] = []  # meant to finish (manage.py commands)

    def start(self, name: str, argv: list[str], env: dict[str, str]) -> Service:
        service = self._spawn(name, argv, env)
        self.services.append(service)
        return service

    def command(self, name: str, args: list[str], env: dict[str, str]) -> Service:
        """Start ``manage.py args``; ``finish`` waits for it."""
        service = self._spawn(name, [PYTHON, "manage.py", *args], env)
        self.commands.append(service)
        return service

    def _spawn(self, name: str, argv: list[str], env: dict[str, str]) -> Service:
        log = self.log_dir / f"{name}.log"
        with log.open("wb") as out:
            process = subprocess.Popen(  # noqa: S603 - our own commands
                argv,
                cwd=ROOT,
                env=env,
                stdin=subprocess.DEVNULL,
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,  # its own group: stopped with its children
            )
        return Service(name, process, log)

    def finish(self, service: Service, timeout: float) -> str:
        """Wait for a command; its output, or a failure naming it."""
        try:
            code = service.process.wait(timeout)
        except subprocess.TimeoutExpired:
            raise SmokeFailure(f"{service.name} took over {timeout:.0f} s") from None
        check(code == 0, f"{service.name} failed (exit {code})")
        return service.log_text()

    def manage(self, name: str, args: list[str], env: dict[str, str], timeout: float) -> str:
        return self.finish(self.command(name, args, env), timeout)

    def assert_running(self) -> None:
        for service in self.services:
            code = service.process.poll()
            check(code is None, f"{service.name} stopped unexpectedly (exit {code})")

    def stop_one(self, service: Service, grace: float = 20.0) -> list[str]:
        """SIGTERM, then SIGKILL to the whole group after ``grace`` s; what went wrong."""
        problems = []
        pgid = service.process.pid
        if service.process.poll() is None:
            with suppress(ProcessLookupError):  # it may end between the two calls
                os.kill(pgid, signal.SIGTERM)
        deadline = time.monotonic() + grace
        while group_members(pgid) and time.monotonic() < deadline:
            time.sleep(0.2)
        if group_members(pgid):
            problems.append(f"{service.name} did not stop within {grace:.0f} s: killed")
            with suppress(ProcessLookupError):
                os.killpg(pgid, signal.SIGKILL)
            time.sleep(0.5)
        try:
            service.process.wait(5)
        except subprocess.TimeoutExpired:
            problems.append(f"{service.name} ({pgid}) could not be reaped")
        left = group_members(pgid)
        if left:
            problems.append(f"{service.name} left processes behind: {left}")
        return problems

    def stop_all(self) -> list[str]:
        problems = []
        # Beat first (no new work), then the worker (finishes its task), then the web;
        # and any command still running after a failure.
        for service in [*reversed(self.services), *self.commands]:
            problems.extend(self.stop_one(service))
        return problems

    def print_tails(self) -> None:
        for service in [*self.commands, *self.services]:
            print(f"----- last lines of {service.name} ({service.log}) -----", flush=True)
            print(service.tail() or "(empty)", flush=True)


# --- A minimal SMTP sink ----------------------------------------------------------------


class Mailbox:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._messages: list[EmailMessage] = []

    def add(self, raw: bytes) -> None:
        message = message_from_bytes(raw, policy=policy.default)
        assert isinstance(message, EmailMessage)
        with self._lock:
            self._messages.append(message)

    def messages(self) -> list[EmailMessage]:
        with self._lock:
            return list(self._messages)


class SMTPHandler(socketserver.StreamRequestHandler):
    """Just enough SMTP (RFC 5321) for Django's SMTP backend without TLS or login."""

    server: SMTPSink

    def reply(self, line: str) -> None:
        self.wfile.write(line.encode() + b"\r\n")

    def handle(self) -> None:
        self.reply("220 smoke-sink ESMTP")
        while line := self.rfile.readline(65536):
            verb = line.decode(errors="replace").strip().split(" ", 1)[0].upper()
            if verb == "EHLO":
                self.reply("250-smoke-sink")
                self.reply("250 8BITMIME")
            elif verb == "DATA":
                self.reply("354 End data with <CR><LF>.<CR><LF>")
                self.server.mailbox.add(self.read_data())
                self.reply("250 OK: queued")
            elif verb == "QUIT":
                self.reply("221 Bye")
                return
            elif verb in {"HELO", "MAIL", "RCPT", "RSET", "NOOP"}:
                self.reply("250 OK")
            else:
                self.reply("502 Command not implemented")

    def read_data(self) -> bytes:
        lines = []
        while (line := self.rfile.readline(1 << 20)) not in (b".\r\n", b".\n", b""):
            lines.append(line[1:] if line.startswith(b"..") else line)  # dot-unstuffing
        return b"".join(lines)


class SMTPSink(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self) -> None:
        super().__init__((HOST, 0), SMTPHandler)
        self.mailbox = Mailbox()

    @property
    def port(self) -> int:
        port: int = self.server_address[1]
        return port


def body_text(message: EmailMessage, kind: str) -> str:
    part = message.get_body(preferencelist=(kind,))
    check(part is not None, f"Email {message['Subject']!r} has no {kind} part")
    assert isinstance(part, EmailMessage)
    return str(part.get_content())


# --- An outside HTTP client -------------------------------------------------------------


@dataclass(frozen=True)
class Response:
    status: int
    headers: HTTPMessage
    body: bytes
    path: str

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", errors="replace")

    def header(self, name: str) -> str:
        return self.headers.get(name) or ""


class Browser:
    """A client speaking plain HTTP to gunicorn as a TLS-terminating proxy would.

    Production trusts ``X-Forwarded-Proto: https`` (SECURE_PROXY_SSL_HEADER,
    DJANGO_BEHIND_PROXY on by default), so each request carries it: the portal
    then treats the request as HTTPS, sets its Secure cookies and does not
    redirect to https://. The cookies are kept here by hand, because a
    standard cookie jar would not send Secure cookies over plain HTTP.
    """

    def __init__(self, port: int) -> None:
        self.port = port
        self.cookies: dict[str, str] = {}
        self.cookie_flags: dict[str, set[str]] = {}

    def request(
        self,
        method: str,
        path: str,
        form: dict[str, str | list[str]] | None = None,
        behind_proxy: bool = True,
        headers: dict[str, str] | None = None,
    ) -> Response:
        sent = dict(headers or {})
        if behind_proxy:
            sent["X-Forwarded-Proto"] = "https"
        if self.cookies:
            sent["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if form is not None:
            body = urlencode(form, doseq=True).encode()
            sent["Content-Type"] = "application/x-www-form-urlencoded"
            # Django's CSRF check compares the origin with the host, as for a browser.
            sent["Origin"] = f"https://{HOST}:{self.port}"
            sent["Referer"] = f"https://{HOST}:{self.port}{path}"
        conn = HTTPConnection(HOST, self.port, timeout=20)
        try:
            conn.request(method, path, body=body, headers=sent)
            raw = conn.getresponse()
            response = Response(raw.status, raw.headers, raw.read(), path)
        finally:
            conn.close()
        self.keep_cookies(response.headers)
        return response

    def keep_cookies(self, headers: HTTPMessage) -> None:
        for header in headers.get_all("Set-Cookie") or []:
            cookie: SimpleCookie = SimpleCookie()
            cookie.load(header)
            for name, morsel in cookie.items():
                if morsel["max-age"] == "0":
                    self.cookies.pop(name, None)
                    continue
                self.cookies[name] = morsel.value
                self.cookie_flags[name] = {
                    flag for flag in ("secure", "httponly") if morsel[flag]
                } | {f"samesite={morsel['samesite'].lower()}"}

    def get(self, path: str, **kwargs: bool) -> Response:
        return self.request("GET", path, **kwargs)  # type: ignore[arg-type]

    def follow(self, response: Response, limit: int = 5) -> Response:
        """Follow same-site redirects, as a browser would."""
        for _ in range(limit):
            if response.status not in (301, 302, 303):
                return response
            location = urlsplit(response.header("Location"))
            check(
                location.netloc in ("", f"{HOST}:{self.port}"),
                f"{response.path} redirected off the site to {response.header('Location')}",
            )
            response = self.get(location.path + (f"?{location.query}" if location.query else ""))
        raise SmokeFailure(f"Too many redirects from {response.path}")


def csrf_token(page: Response) -> str:
    match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text)
    check(match is not None, f"No CSRF token in the form at {page.path}")
    assert match is not None
    return match.group(1)


# --- The checks ---------------------------------------------------------------------------


class Timings:
    def __init__(self) -> None:
        self.started = time.monotonic()
        self.steps: list[tuple[str, float]] = []

    @contextmanager
    def step(self, name: str) -> Iterator[None]:
        say(f"{name} ...")
        begun = time.monotonic()
        try:
            yield
        except BaseException:
            say(f"{name}: FAILED after {time.monotonic() - begun:.1f} s")
            raise
        took = time.monotonic() - begun
        self.steps.append((name, took))
        say(f"{name}: ok ({took:.1f} s)")

    def summary(self) -> str:
        rows = [f"  {took:5.1f} s  {name}" for name, took in self.steps]
        total = time.monotonic() - self.started
        return "\n".join(["Production smoke test timings:", *rows, f"  {total:5.1f} s  in all"])


def check_security(browser: Browser) -> Response:
    plain = browser.get("/accounts/login/", behind_proxy=False)
    check(
        plain.status == 301 and plain.header("Location").startswith("https://"),
        f"Plain HTTP was not redirected to HTTPS (status {plain.status})",
    )
    page = browser.get("/accounts/login/")
    check(page.status == 200, f"The sign-in page answered {page.status}")
    hsts = page.header("Strict-Transport-Security")
    check("max-age=31536000" in hsts and "preload" in hsts, f"HSTS header is {hsts!r}")
    csp = page.header("Content-Security-Policy")
    check("default-src 'self'" in csp, f"Content-Security-Policy is {csp!r}")
    check(page.header("X-Frame-Options") == "DENY", "X-Frame-Options is not DENY")
    flags = browser.cookie_flags.get("csrftoken", set())
    check({"secure", "samesite=lax"} <= flags, f"The CSRF cookie's flags are {sorted(flags)}")
    return page


def check_static(browser: Browser, page: Response) -> str:
    found = re.findall(r'(?:href|src)="(/static/[^"]+\.(?:css|js))"', page.text)
    check(bool(found), "The sign-in page links no static CSS or JavaScript")
    path = html.unescape(str(found[0]))
    check(
        re.search(r"\.[0-9a-f]{12}\.(css|js)$", path) is not None,
        f"{path} is not a hashed (manifest) name: collectstatic's manifest is not in use",
    )
    response = browser.get(path)
    check(response.status == 200, f"{path} answered {response.status}")
    wanted = "text/css" if path.endswith(".css") else "javascript"
    check(
        wanted in response.header("Content-Type"),
        f"{path} came as {response.header('Content-Type')!r}",
    )
    cache = response.header("Cache-Control")
    match = re.search(r"max-age=(\d+)", cache)
    check(
        match is not None and int(match.group(1)) >= 365 * 24 * 3600 and "immutable" in cache,
        f"{path} is not cached for long: Cache-Control {cache!r}",
    )
    zipped = browser.request("GET", path, headers={"Accept-Encoding": "gzip"})
    check(
        zipped.header("Content-Encoding") == "gzip",
        f"{path} was not served compressed (CompressedManifestStaticFilesStorage)",
    )
    return path


def sign_in(browser: Browser, email: str) -> Response:
    form = browser.get("/accounts/login/")
    response = browser.request(
        "POST",
        "/accounts/login/",
        {"csrfmiddlewaretoken": csrf_token(form), "username": email, "password": DEMO_PASSWORD},
    )
    check(response.status == 302, f"Signing in as {email} answered {response.status}")
    flags = browser.cookie_flags.get("sessionid", set())
    check(
        {"secure", "httponly", "samesite=lax"} <= flags,
        f"The session cookie's flags are {sorted(flags)}",
    )
    return browser.follow(response)


def check_two_factor_required(port: int) -> None:
    """PORTAL_TWO_FACTOR_REQUIRED is on in production: the headteacher must set it up first."""
    page = sign_in(Browser(port), HEADTEACHER)
    check(
        page.status == 200 and page.path.startswith("/two-factor/set-up/"),
        f"The headteacher reached {page.path} without setting up two-factor sign-in",
    )


@dataclass(frozen=True)
class Report:
    path: str
    reference: str
    url: str
    child: str


def file_report(browser: Browser) -> Report:
    add = f"/{SCHOOL}/content-reports/new/"
    form = browser.get(add)
    check(form.status == 200, f"The content report form answered {form.status}")
    token = secrets.token_hex(4)
    url = f"https://smoke-{token}.example.org/games"
    # A name a teacher might type although the form asks them not to: it may be in
    # the record and its PDF, never in an email.
    child = f"Poppy Smoke{token}"
    response = browser.request(
        "POST",
        add,
        {
            "csrfmiddlewaretoken": csrf_token(form),
            "urls": url,
            "site_content": "An online games site with betting",
            "categories": ["gambling"],
            "nature": f"{child} found a betting game during wet play.",
            "safeguarding": "no",
        },
    )
    check(response.status == 302, f"Filing the report answered {response.status}")
    page = browser.follow(response)
    check(page.status == 200, f"The report's page answered {page.status}")
    match = re.search(r"\bCR-\d+\b", page.text)
    check(match is not None, "The report's page shows no CR- reference")
    assert match is not None
    return Report(page.path, match.group(0), url, child)


def wait_for_pdf(browser: Browser, report: Report, timeout: float) -> str:
    def link() -> str | None:
        page = browser.get(report.path)
        check(page.status == 200, f"The report's page answered {page.status}")
        found = re.search(r'href="(/[^"]+/download/)">Download the PDF copy', page.text)
        return str(found.group(1)) if found else None

    return wait_for("the worker to make the report's PDF", link, timeout)


def read_pdf(browser: Browser, path: str, report: Report, work_dir: Path) -> None:
    response = browser.get(path)
    check(response.status == 200, f"The PDF download answered {response.status}")
    check(
        response.header("Content-Type") == "application/pdf",
        f"The PDF came as {response.header('Content-Type')!r}",
    )
    check(response.body.startswith(b"%PDF-"), "The download is not a PDF")
    pdf = work_dir / "report.pdf"
    pdf.write_bytes(response.body)
    text = subprocess.run(  # noqa: S603 - poppler-utils' pdftotext, on PATH
        ["pdftotext", "-layout", str(pdf), "-"],  # noqa: S607
        capture_output=True,
        check=True,
        timeout=30,
        text=True,
    ).stdout
    for wanted in (report.reference, report.url):
        check(wanted in text, f"The PDF does not contain {wanted!r}")


DIGEST_SUBJECT = re.compile(
    r"\d+ things? awaits? you( \(\d+ overdue\))? — Chestnuts Primary School"
)


def wait_for_digest(mailbox: Mailbox, timeout: float) -> EmailMessage:
    def digest() -> EmailMessage | None:
        for message in mailbox.messages():
            if HEADTEACHER in str(message["To"]) and "await" in str(message["Subject"]):
                return message
        return None

    try:
        return wait_for(f"the morning digest to reach {HEADTEACHER}", digest, timeout)
    except SmokeFailure as error:
        received = [f"{m['To']}: {m['Subject']}" for m in mailbox.messages()]
        raise SmokeFailure(f"{error}; the sink received: {received or 'nothing'}") from None


def check_digest(message: EmailMessage, report: Report, day: date) -> None:
    # A long encoded subject is folded onto its own line: the parsed value keeps the fold's space.
    subject = str(message["Subject"]).strip()
    check(DIGEST_SUBJECT.fullmatch(subject) is not None, f"Unexpected digest subject {subject!r}")
    text = body_text(message, "plain")
    check(
        f"on {day.strftime('%A')} {day.day} {day.strftime('%B %Y')}" in text,
        "The digest is not for the faked school day",
    )
    check(
        re.search(r"\d+ content reports? awaits? action", text) is not None,
        "The digest does not count the content report",
    )
    # PRODUCT.md: a digest never names a child and gives no details, only counts and links.
    both = text + body_text(message, "html")
    for secret in (report.child, report.url, "betting"):
        check(secret not in both, f"The digest leaks {secret!r}")


# --- The run ------------------------------------------------------------------------------


def start_stack(
    stack: Stack, config: Config, env: dict[str, str], clock_file: Path, offset: int
) -> None:
    library = libfaketime()
    # As the production image starts it (Dockerfile), with its address and 2 workers.
    stack.start(
        "gunicorn",
        [
            str(BIN / "gunicorn"),
            "policyportal.wsgi:application",
            "--config=python:policyportal.gunicorn_config",
            # gunicorn's control socket defaults to one path per user (~/.gunicorn):
            # the run's own keeps it from meeting another gunicorn on the machine.
            f"--control-socket={config.var_dir / 'gunicorn.ctl'}",
        ],
        {**env, "GUNICORN_BIND": f"{HOST}:{config.web_port}", "WEB_CONCURRENCY": "2"},
    )
    celery = [str(BIN / "celery"), "-A", "policyportal"]
    stack.start(
        "worker",
        [*celery, "worker", "--loglevel=INFO", "--concurrency=2", f"--hostname=smoke@{HOST}"],
        faked_env(env, library, offset),
    )
    clock_file.write_text(f"+{offset}\n")
    stack.start(
        "beat",
        [
            *celery,
            "beat",
            "--loglevel=DEBUG",
            f"--schedule={config.var_dir / 'celerybeat-schedule'}",
            # Look at the schedule every second, so a moved clock is noticed at once.
            "--max-interval=1",
        ],
        movable_env(env, library, clock_file),
    )


def wait_until_ready(stack: Stack, browser: Browser) -> None:
    def healthy() -> bool | None:
        stack.assert_running()
        try:
            response = browser.get("/healthz", behind_proxy=False)
        except OSError:
            return None
        return True if response.status == 200 and response.text == "ok\n" else None

    wait_for("gunicorn's /healthz", healthy, 30)
    wait_for_log(stack, "worker", " ready.", 30)
    wait_for_log(stack, "beat", "beat: Ticking with max interval", 30)


def wait_for_log(stack: Stack, name: str, marker: str, timeout: float) -> None:
    service = next(s for s in stack.services if s.name == name)

    def logged() -> bool | None:
        stack.assert_running()
        return True if marker in service.log_text() else None

    wait_for(f"{marker!r} in the {name}'s log", logged, timeout)


def run(stack: Stack, timings: Timings, config: Config, sink: SMTPSink) -> None:
    env = portal_env(config)
    browser = Browser(config.web_port)
    clock_file = config.var_dir / "beat-clock"
    with timings.step(f"scratch database {config.scratch_name}, Celery's queue emptied"):
        create_database(config)
        clear_celery_queue(config.redis_url)
    # collectstatic (compressing every file, CPU-bound) needs no database: it runs
    # beside migrate and load_demo.
    collect = stack.command("collectstatic", ["collectstatic", "--noinput"], env)
    with timings.step("migrate (production settings)"):
        stack.manage("migrate", ["migrate", "--noinput"], env, timeout=STEP_TIMEOUT)
    with timings.step("load_demo"):
        out = stack.manage("load_demo", ["load_demo"], env, timeout=STEP_TIMEOUT)
        check("Demo schools ready" in out, "load_demo did not report the demo schools")
    with timings.step("collectstatic (started beside migrate)"):
        stack.finish(collect, timeout=STEP_TIMEOUT)
        check(
            (config.var_dir / "static" / "staticfiles.json").exists(),
            "collectstatic wrote no manifest",
        )
    # The worker's and beat's clocks start at 10:00 on the next school day.
    morning = next_school_morning(datetime.now(SCHOOL_TZ))
    offset = int((morning - datetime.now(SCHOOL_TZ)).total_seconds())
    with timings.step(
        f"start gunicorn, worker, beat (their clocks at {morning:%a %d %b %H:%M} London)"
    ):
        start_stack(stack, config, env, clock_file, offset)
        wait_until_ready(stack, browser)
    with timings.step(f"beat's clock moved {SWEEP_JUMP} s on: the sweep hands over the outbox"):
        clock_file.write_text(f"+{offset + SWEEP_JUMP}\n")
        wait_for_log(stack, "beat", "Sending due task sweep-outbox", 30)
        # load_demo's jobs (PDFs, emails): drained now, they do not hold up the checks below.
        wait_for(
            "the worker to drain the outbox",
            lambda: outbox_due(config, offset) == 0 or None,
            DRAIN_TIMEOUT,
            every=1,
        )
    with timings.step("HTTPS redirect, HSTS, security headers"):
        login_page = check_security(browser)
    with timings.step("hashed static file from WhiteNoise"):
        say(f"  served {check_static(browser, login_page)}")
    with timings.step(f"sign in as {TEACHER}"):
        home = sign_in(browser, TEACHER)
        check(home.path == f"/{SCHOOL}/", f"Signing in led to {home.path}, not the school")
    with timings.step(f"sign in as {HEADTEACHER}: two-factor set-up required"):
        check_two_factor_required(config.web_port)
    with timings.step("file a content report"):
        report = file_report(browser)
        say(f"  {report.reference} at {report.path}")
    with timings.step("the worker makes its PDF"):
        pdf_path = wait_for_pdf(browser, report, timeout=PDF_TIMEOUT)
        read_pdf(browser, pdf_path, report, config.var_dir)
    with timings.step(f"beat's clock moved {DIGEST_INTERVAL + 10} s on: the morning digest"):
        beat = next(s for s in stack.services if s.name == "beat")
        check(
            "Sending due task notification-digests" not in beat.log_text(),
            "Beat sent the digest check before its clock was moved",
        )
        clock_file.write_text(f"+{offset + DIGEST_INTERVAL + 10}\n")
        message = wait_for_digest(sink.mailbox, timeout=DIGEST_TIMEOUT)
        check_digest(message, report, morning.date())
        check(
            "Sending due task notification-digests" in beat.log_text(),
            "Beat did not send the digest check",
        )
        say(f"  {str(message['Subject']).strip()}")
    stack.assert_running()


def stop_on_sigterm() -> None:
    def handler(signum: int, frame: FrameType | None) -> None:
        raise KeyboardInterrupt(f"signal {signum}")

    signal.signal(signal.SIGTERM, handler)


def main() -> int:
    stop_on_sigterm()
    timings = Timings()
    failure: str | None = None
    var_dir = Path(tempfile.mkdtemp(prefix="portal-smoke-"))
    stack = Stack(var_dir)
    sink = SMTPSink()
    threading.Thread(target=sink.serve_forever, name="smtp-sink", daemon=True).start()
    config: Config | None = None
    try:
        config = load_config(var_dir, sink.port)
        say(f"scratch files in {var_dir}; Redis {config.redis_url}; SMTP sink on port {sink.port}")
        run(stack, timings, config, sink)
    except SmokeFailure as error:
        failure = str(error)
    except KeyboardInterrupt:
        failure = "interrupted"
    except Exception:
        failure = traceback.format_exc()
    finally:
        failure = shut_down(stack, timings, config, failure)
        sink.shutdown()
        sink.server_close()
    if failure:
        stack.print_tails()
        say(f"FAILED: {failure}")
        return 1
    say("removing " + str(var_dir))
    shutil.rmtree(var_dir, ignore_errors=True)
    print(timings.summary(), flush=True)
    say("PASSED")
    return 0


def shut_down(
    stack: Stack, timings: Timings, config: Config | None, failure: str | None
) -> str | None:
    """Stop every process and drop the scratch database; the run's failure, if any."""
    problems = []
    with timings.step("stop every process (SIGTERM, SIGKILL after 20 s)"):
        problems.extend(stack.stop_all())
    if config is not None:
        with timings.step(f"drop {config.scratch_name}, empty Celery's queue"):
            try:
                clear_celery_queue(config.redis_url)  # beat's last sends, unconsumed
            except redis.RedisError as error:
                problems.append(f"Could not empty Celery's queue: {error}")
            try:
                drop_database(config)
                if database_exists(config):
                    problems.append(f"{config.scratch_name} is still there")
            except psycopg.Error as error:
                problems.append(f"Could not drop {config.scratch_name}: {error}")
    for problem in problems:
        say(f"  {problem}")
    if failure is None and problems:
        return "; ".join(problems)
    return failure


if __name__ == "__main__":
    sys.exit(main())
