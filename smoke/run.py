"""The run itself: its steps in order, and the shut-down that follows whatever happened."""

from __future__ import annotations

import shutil
import signal
import tempfile
import threading
import traceback
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from types import FrameType

import psycopg
import redis

from smoke.client import Browser
from smoke.clock import next_school_morning
from smoke.common import SmokeFailure, check, say, wait_for
from smoke.config import (
    DIGEST_INTERVAL,
    DIGEST_TIMEOUT,
    DRAIN_TIMEOUT,
    HEADTEACHER,
    PDF_TIMEOUT,
    SCHOOL,
    SCHOOL_TZ,
    STEP_TIMEOUT,
    SWEEP_JUMP,
    TEACHER,
    Config,
    load_config,
    portal_env,
)
from smoke.databases import (
    clear_celery_queue,
    create_database,
    database_exists,
    drop_database,
    outbox_due,
)
from smoke.mail import SMTPSink, check_digest, wait_for_digest
from smoke.pages import (
    Report,
    check_security,
    check_static,
    check_two_factor_required,
    file_report,
    read_pdf,
    sign_in,
    wait_for_pdf,
)
from smoke.processes import Stack, start_stack, wait_for_log, wait_until_ready
from smoke.timings import Timings


@dataclass
class Run:
    """One run's processes, settings and clock, shared by its phases below, in order."""

    stack: Stack
    timings: Timings
    config: Config
    sink: SMTPSink
    env: dict[str, str] = field(init=False)
    browser: Browser = field(init=False)
    clock_file: Path = field(init=False)

    def __post_init__(self) -> None:
        self.env = portal_env(self.config)
        self.browser = Browser(self.config.web_port)
        self.clock_file = self.config.var_dir / "beat-clock"

    def set_up(self) -> None:
        stack, timings, config, env = self.stack, self.timings, self.config, self.env
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

    def start(self) -> tuple[datetime, int]:
        """Start the processes, clocks at the next school morning; that morning and the offset."""
        # The worker's and beat's clocks start at 10:00 on the next school day.
        morning = next_school_morning(datetime.now(SCHOOL_TZ))
        offset = int((morning - datetime.now(SCHOOL_TZ)).total_seconds())
        with self.timings.step(
            f"start gunicorn, worker, beat (their clocks at {morning:%a %d %b %H:%M} London)"
        ):
            start_stack(self.stack, self.config, self.env, self.clock_file, offset)
            wait_until_ready(self.stack, self.browser)
        return morning, offset

    def drain_outbox(self, offset: int) -> None:
        step = f"beat's clock moved {SWEEP_JUMP} s on: the sweep hands over the outbox"
        with self.timings.step(step):
            self.clock_file.write_text(f"+{offset + SWEEP_JUMP}\n")
            wait_for_log(self.stack, "beat", "Sending due task sweep-outbox", 30)
            # load_demo's jobs (PDFs, emails): drained now, they do not hold up the checks below.
            wait_for(
                "the worker to drain the outbox",
                lambda: outbox_due(self.config, offset) == 0 or None,
                DRAIN_TIMEOUT,
                every=1,
            )

    def check_pages(self) -> Report:
        timings, browser = self.timings, self.browser
        with timings.step("HTTPS redirect, HSTS, security headers"):
            login_page = check_security(browser)
        with timings.step("hashed static file from WhiteNoise"):
            say(f"  served {check_static(browser, login_page)}")
        with timings.step(f"sign in as {TEACHER}"):
            home = sign_in(browser, TEACHER)
            check(home.path == f"/{SCHOOL}/", f"Signing in led to {home.path}, not the school")
        with timings.step(f"sign in as {HEADTEACHER}: two-factor set-up required"):
            check_two_factor_required(self.config.web_port)
        with timings.step("file a content report"):
            report = file_report(browser)
            say(f"  {report.reference} at {report.path}")
        with timings.step("the worker makes its PDF"):
            pdf_path = wait_for_pdf(browser, report, timeout=PDF_TIMEOUT)
            read_pdf(browser, pdf_path, report, self.config.var_dir)
        return report

    def check_morning_digest(self, report: Report, morning: datetime, offset: int) -> None:
        with self.timings.step(
            f"beat's clock moved {DIGEST_INTERVAL + 10} s on: the morning digest"
        ):
            beat = next(s for s in self.stack.services if s.name == "beat")
            check(
                "Sending due task notification-digests" not in beat.log_text(),
                "Beat sent the digest check before its clock was moved",
            )
            self.clock_file.write_text(f"+{offset + DIGEST_INTERVAL + 10}\n")
            message = wait_for_digest(self.sink.mailbox, timeout=DIGEST_TIMEOUT)
            check_digest(message, report, morning.date())
            check(
                "Sending due task notification-digests" in beat.log_text(),
                "Beat did not send the digest check",
            )
            say(f"  {str(message['Subject']).strip()}")


def run(stack: Stack, timings: Timings, config: Config, sink: SMTPSink) -> None:
    steps = Run(stack, timings, config, sink)
    steps.set_up()
    morning, offset = steps.start()
    steps.drain_outbox(offset)
    report = steps.check_pages()
    steps.check_morning_digest(report, morning, offset)
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
