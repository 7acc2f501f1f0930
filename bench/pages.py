"""(d) Pages and the kiosk under load, as a share of ``/healthz``'s throughput.

gunicorn (``WORKERS`` sync workers) on loopback with PostgreSQL and Redis;
``CONCURRENCY`` clients (``bench.traffic``) each send one request at a time.
The same server, at the same concurrency, answers ``/healthz`` (one
``SELECT 1``, no session, no template): its throughput is the ceiling a page
is compared with, which makes the ratio mostly independent of how fast, or
how busy, the machine is. Series alternate in rounds, so a change in the
machine's other load weighs on all of them alike.

The pages are read by Chestnuts' headteacher, signed in once. The kiosk is
started by a teacher (as at a parents' evening); every submission is a
family's signature with a fresh idempotency key, answered with a redirect to
the thank-you page. It commits an agreement, its history and audit rows, and
the agreement's PDF job, which waits in Redis (no worker runs here).
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from bench import family, traffic
from bench.submit import DEMO_PASSWORD, REQUEST_TIMEOUT, Browser, Gunicorn
from bench.traffic import Request, Series
from tests.helpers.redis_server import PrivateRedis
from tests.helpers.worker import postgres_url

WORKERS = 4
CONCURRENCY = 8
ROUNDS = 2
SCHOOL = "chestnuts"
HEAD_EMAIL = f"head@{SCHOOL}.example"
KIOSK_STAFF_EMAIL = f"teacher@{SCHOOL}.example"
# (label, path) of the pages measured, all as the headteacher.
PAGES = (
    ("headteacher's dashboard", f"/{SCHOOL}/"),
    ("reviewer's queue (access requests)", f"/{SCHOOL}/access-requests/queue/"),
    ("incident list", f"/{SCHOOL}/incidents/"),
    ("audit timeline", f"/{SCHOOL}/governance/history/"),
)
KIOSK = "kiosk submission"
HEALTHZ = "/healthz"

LIST_RATIO_TARGET = 0.15
LIST_P95_TARGET = 0.060
KIOSK_RATIO_TARGET = 0.10


@dataclass(frozen=True)
class PagesResult:
    healthz: Series
    pages: tuple[Series, ...]
    kiosk: Series
    paths: dict[str, str]
    workers: int
    concurrency: int

    def ratio(self, series: Series) -> float:
        return series.ratio_to(self.healthz)


def server_env(
    redis: PrivateRedis, database: Mapping[str, Any], settings_module: str = "policyportal.settings"
) -> dict[str, str]:
    """The environment gunicorn runs with: the benchmark's database and Redis, not DEBUG."""
    env = {
        **os.environ,
        "DATABASE_URL": postgres_url(database),
        "REDIS_URL": redis.url,
        "DJANGO_SETTINGS_MODULE": settings_module,
    }
    env.pop("DJANGO_DEBUG", None)
    return env


def signed_in(base_url: str, email: str) -> Browser:
    browser = Browser(base_url)
    browser.sign_in(email, DEMO_PASSWORD)
    return browser


def read(browser: Browser, path: str) -> str:
    """The page's HTML, as the signed-in browser sees it."""
    with browser.opener.open(browser.base_url + path, timeout=REQUEST_TIMEOUT) as response:
        return str(response.read().decode())


def kiosk_signatures(browser: Browser) -> Callable[[], Request]:
    """Start a kiosk in ``browser``; a maker of families' signatures for it."""
    status, kiosk_path = browser.request(
        f"/{SCHOOL}/kiosk/start/",
        {
            "csrfmiddlewaretoken": browser.csrf(),
            "event": "Parents' evening (benchmark)",
            "hours": "4",
        },
    )
    if status != 302:
        raise RuntimeError(f"starting a kiosk answered {status}")
    form = family.kiosk_form(read(browser, kiosk_path))
    if form is None:
        raise RuntimeError("the kiosk page has no agreement version or class to sign for")
    return lambda: traffic.form_post(kiosk_path, browser, lambda: family.signature(*form))


def measure(
    *,
    redis: PrivateRedis,
    database: Mapping[str, Any],
    requests: int = 300,
    seconds: float = 30.0,
) -> PagesResult:
    """Each series gets ``requests`` requests in all (over ``ROUNDS`` rounds), or ``seconds``."""
    with Gunicorn(server_env(redis, database), workers=WORKERS) as server:
        head = signed_in(server.base_url, HEAD_EMAIL)
        signature = kiosk_signatures(signed_in(server.base_url, KIOSK_STAFF_EMAIL))
        makers: list[tuple[str, Callable[[], Request], int]] = [
            (HEALTHZ, traffic.get(HEALTHZ), 200),
            *((label, traffic.get(path, head), 200) for label, path in PAGES),
            (KIOSK, signature, 302),
        ]
        rounds = run_rounds(server.port, makers, requests, seconds)
    series = {name: traffic.combine(name, parts) for name, parts in rounds.items()}
    return PagesResult(
        healthz=series[HEALTHZ],
        pages=tuple(series[label] for label, _ in PAGES),
        kiosk=series[KIOSK],
        paths={**dict(PAGES), KIOSK: f"/{SCHOOL}/kiosk/<kiosk>/ (POST)", HEALTHZ: HEALTHZ},
        workers=WORKERS,
        concurrency=CONCURRENCY,
    )


def run_rounds(
    port: int,
    makers: list[tuple[str, Callable[[], Request], int]],
    requests: int,
    seconds: float,
) -> dict[str, list[Series]]:
    """Every series once per round, after a warm-up of each (every worker's first request)."""
    for name, make, expect in makers:
        traffic.run(name, port=port, make=make, expect=expect, requests=2 * WORKERS, seconds=30)
    rounds: dict[str, list[Series]] = {name: [] for name, _, _ in makers}
    for _ in range(ROUNDS):
        for name, make, expect in makers:
            rounds[name].append(
                traffic.run(
                    name,
                    port=port,
                    make=make,
                    expect=expect,
                    concurrency=CONCURRENCY,
                    requests=max(1, requests // ROUNDS),
                    seconds=seconds / ROUNDS,
                )
            )
    return rounds
