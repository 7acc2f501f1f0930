"""A private redis-server on a free loopback port, to stop, restart and pause at will.

Tests and benchmarks that need a broker outage must never touch the machine's
shared Redis: each gets its own, with no persistence, bound to 127.0.0.1::

    with PrivateRedis() as redis:
        redis.url           # redis://127.0.0.1:<port>/0
        redis.stop()        # the broker is down (connections refused)
        redis.start()       # back, on the same port, empty
        redis.pause()       # SIGSTOP: connections accepted, nothing answered
        redis.resume()      # SIGCONT
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import time
from pathlib import Path
from types import TracebackType

REDIS_SERVER = os.environ.get("PORTAL_REDIS_SERVER", "redis-server")
START_TIMEOUT = 10.0


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def redis_server_available() -> bool:
    return shutil.which(REDIS_SERVER) is not None


class PrivateRedis:
    def __init__(self, port: int | None = None, log_path: Path | None = None) -> None:
        self.port = port or free_port()
        self.log_path = log_path
        self._process: subprocess.Popen[bytes] | None = None
        self._paused = False

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        if self._process is not None and self._process.poll() is None:
            return
        command = [
            REDIS_SERVER,
            "--port", str(self.port),
            "--bind", "127.0.0.1",
            "--save", "",
            "--appendonly", "no",
            "--protected-mode", "yes",
        ]  # fmt: skip
        log = open(self.log_path, "ab") if self.log_path else subprocess.DEVNULL  # noqa: SIM115
        self._process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT)  # noqa: S603
        if log is not subprocess.DEVNULL:
            log.close()
        self._paused = False
        self._wait_until_answering()

    def stop(self) -> None:
        """Kill the server; clients get 'connection refused' until ``start()``."""
        process, self._process = self._process, None
        if process is None or process.poll() is not None:
            return
        if self._paused:
            process.send_signal(signal.SIGCONT)
            self._paused = False
        process.kill()
        process.wait(timeout=START_TIMEOUT)

    def pause(self) -> None:
        """SIGSTOP: the port still accepts connections, but nothing is answered."""
        assert self._process is not None
        self._process.send_signal(signal.SIGSTOP)
        self._paused = True

    def resume(self) -> None:
        assert self._process is not None
        self._process.send_signal(signal.SIGCONT)
        self._paused = False

    def ping(self, timeout: float = 1.0) -> bool:
        try:
            with socket.create_connection(("127.0.0.1", self.port), timeout=timeout) as sock:
                sock.settimeout(timeout)
                sock.sendall(b"PING\r\n")
                return sock.recv(16).startswith(b"+PONG")
        except OSError:
            return False

    def version(self) -> str:
        output = subprocess.run(  # noqa: S603
            [REDIS_SERVER, "--version"], capture_output=True, text=True, check=True, timeout=10
        ).stdout
        return output.split()[2].removeprefix("v=") if output else "unknown"

    def _wait_until_answering(self) -> None:
        deadline = time.monotonic() + START_TIMEOUT
        while time.monotonic() < deadline:
            assert self._process is not None
            if self._process.poll() is not None:
                raise RuntimeError(f"redis-server on port {self.port} exited at start")
            if self.ping(timeout=0.2):
                return
            time.sleep(0.05)
        raise RuntimeError(f"redis-server on port {self.port} did not answer in time")

    def __enter__(self) -> PrivateRedis:
        self.start()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()
