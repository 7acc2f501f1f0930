"""A small load generator: threads sending HTTP requests to gunicorn on loopback.

Each of ``concurrency`` threads sends one request at a time, waits for the
answer, then sends the next, until ``requests`` have been sent between them
or ``seconds`` have passed. A request opens its own connection: gunicorn's
sync workers answer one request per connection and close it, as they do
behind the production proxy. A thread costs the generator far less CPU than
a request costs the server (no rendering, no database), and every series,
``/healthz`` included, is sent the same way, so ratios between series are
not skewed by the generator.
"""

from __future__ import annotations

import http.client
import threading
import time
import urllib.parse
from collections.abc import Callable
from dataclasses import dataclass

from bench.stats import Timings
from bench.submit import REQUEST_TIMEOUT, Browser


@dataclass(frozen=True)
class Request:
    method: str
    path: str
    headers: dict[str, str]
    body: bytes | None = None


@dataclass(frozen=True)
class Series:
    """What ``concurrency`` clients measured sending one kind of request."""

    name: str
    requests: int
    errors: int
    seconds: float
    timings: Timings
    first_error: str = ""

    @property
    def per_second(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0

    def ratio_to(self, other: Series) -> float:
        return self.per_second / other.per_second if other.per_second else 0.0


def combine(name: str, parts: list[Series]) -> Series:
    """Several rounds of one series as one: requests and time added up."""
    return Series(
        name=name,
        requests=sum(p.requests for p in parts),
        errors=sum(p.errors for p in parts),
        seconds=sum(p.seconds for p in parts),
        timings=Timings.of([t for p in parts for t in p.timings.samples]),
        first_error=next((p.first_error for p in parts if p.first_error), ""),
    )


def cookie_header(browser: Browser) -> str:
    """The signed-in browser's cookies, for requests sent without it."""
    return "; ".join(f"{c.name}={c.value}" for c in browser.cookies)


def get(path: str, browser: Browser | None = None) -> Callable[[], Request]:
    headers = {"Cookie": cookie_header(browser)} if browser is not None else {}
    request = Request("GET", path, headers)
    return lambda: request


def form_post(path: str, browser: Browser, fields: Callable[[], dict[str, str]]) -> Request:
    """A POST of the fields ``fields()`` gives, with the browser's cookies and CSRF token."""
    body = urllib.parse.urlencode({"csrfmiddlewaretoken": browser.csrf(), **fields()}).encode()
    headers = {
        "Cookie": cookie_header(browser),
        "Content-Type": "application/x-www-form-urlencoded",
        # Django's CSRF check wants a same-origin Referer only over HTTPS; sent anyway.
        "Referer": browser.base_url + path,
    }
    return Request("POST", path, headers, body)


def send(port: int, request: Request) -> int:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=REQUEST_TIMEOUT)
    try:
        connection.request(request.method, request.path, request.body, request.headers)
        response = connection.getresponse()
        response.read()
        return response.status
    finally:
        connection.close()


def run(
    name: str,
    *,
    port: int,
    make: Callable[[], Request],
    expect: int = 200,
    concurrency: int = 8,
    requests: int = 300,
    seconds: float = 30.0,
) -> Series:
    """``requests`` requests (fewer if ``seconds`` run out) from ``concurrency`` threads."""
    lock = threading.Lock()
    sent = 0
    samples: list[float] = []
    errors: list[str] = []
    deadline = time.monotonic() + seconds

    def client() -> None:
        nonlocal sent
        while time.monotonic() < deadline:
            with lock:
                if sent >= requests:
                    return
                sent += 1
            request = make()
            started = time.perf_counter()
            try:
                status = send(port, request)
            except (OSError, http.client.HTTPException) as error:
                status, detail = 0, repr(error)
            else:
                detail = f"{request.method} {request.path} answered {status}"
            elapsed = time.perf_counter() - started
            with lock:
                samples.append(elapsed)
                if status != expect:
                    errors.append(detail)

    threads = [threading.Thread(target=client, daemon=True) for _ in range(concurrency)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=seconds + 2 * REQUEST_TIMEOUT)
    elapsed = time.perf_counter() - started
    return Series(
        name=name,
        requests=len(samples),
        errors=len(errors),
        seconds=elapsed,
        timings=Timings.of(samples),
        first_error=errors[0] if errors else "",
    )
