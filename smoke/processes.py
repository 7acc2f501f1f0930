"""Starting and stopping the run's processes: gunicorn, the Celery worker and beat,
and the manage.py commands, each in its own process group with its own log file.
"""

from __future__ import annotations

import os
import signal
import subprocess
import time
from contextlib import suppress
from dataclasses import dataclass
from pathlib import Path

from smoke.client import Browser
from smoke.clock import faked_env, libfaketime, movable_env
from smoke.common import SmokeFailure, check, wait_for
from smoke.config import BIN, HOST, PYTHON, ROOT, Config


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
