"""make bench's load generator (bench/traffic.py) counts what it sends and stops on time."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from bench import traffic


class Answers(BaseHTTPRequestHandler):
    """200 for /ok, 500 for anything else; /slow takes a quarter of a second."""

    def do_GET(self) -> None:
        if self.path == "/slow":
            time.sleep(0.25)
        self.send_response(200 if self.path in ("/ok", "/slow") else 500)
        self.send_header("Content-Length", "0")
        self.send_header("Connection", "close")
        self.end_headers()

    def log_message(self, *args: object) -> None:  # quiet
        pass


@pytest.fixture
def port() -> Iterator[int]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), Answers)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server.server_address[1]
    server.shutdown()
    server.server_close()


def test_sends_exactly_the_requests_asked_for(port: int) -> None:
    series = traffic.run("ok", port=port, make=traffic.get("/ok"), concurrency=4, requests=37)

    assert series.requests == 37
    assert series.errors == 0
    assert series.timings.count == 37
    assert series.per_second > 0


def test_counts_an_unexpected_status_as_an_error(port: int) -> None:
    series = traffic.run("bad", port=port, make=traffic.get("/missing"), requests=5)

    assert series.errors == 5
    assert series.first_error == "GET /missing answered 500"


def test_stops_when_its_time_is_up(port: int) -> None:
    started = time.monotonic()
    series = traffic.run(
        "slow", port=port, make=traffic.get("/slow"), concurrency=2, requests=1000, seconds=1
    )

    assert time.monotonic() - started < 5
    assert 2 <= series.requests < 20


def test_rounds_combine_into_one_series(port: int) -> None:
    parts = [traffic.run("ok", port=port, make=traffic.get("/ok"), requests=n) for n in (3, 4)]

    combined = traffic.combine("ok", parts)

    assert combined.requests == 7
    assert combined.seconds == pytest.approx(sum(p.seconds for p in parts))
    assert combined.timings.count == 7
