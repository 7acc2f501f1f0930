"""(e) The headteacher's dashboard with Django's connection pool, over without it.

Two gunicorn servers, alike but for their settings: ``policyportal.settings``
(psycopg's pool, ``DATABASE_POOL_MIN``/``MAX``) and ``bench.unpooled_settings``
(no pool: a new PostgreSQL connection for every request, closed at its end).
Only one runs at a time. The same page, the same clients (``bench.traffic``,
``pages.CONCURRENCY`` at once), alternating rounds; the result is the ratio of
throughputs, pooled over unpooled (above 1: the pool serves more pages a
second), with the latencies beside it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from bench import traffic
from bench.pages import CONCURRENCY, HEAD_EMAIL, PAGES, WORKERS, server_env, signed_in
from bench.submit import Gunicorn
from bench.traffic import Series
from tests.helpers.redis_server import PrivateRedis

ROUNDS = 2
LABEL, PATH = PAGES[0]  # the headteacher's dashboard
SETTINGS = {
    "pooled": "policyportal.settings",
    "unpooled": "bench.unpooled_settings",
}


@dataclass(frozen=True)
class PoolResult:
    pooled: Series
    unpooled: Series
    page: str
    path: str
    workers: int
    concurrency: int

    @property
    def throughput_ratio(self) -> float:
        return self.pooled.ratio_to(self.unpooled)

    @property
    def median_ratio(self) -> float:
        return self.pooled.timings.median / self.unpooled.timings.median


def measure(
    *, redis: PrivateRedis, database: Mapping[str, Any], requests: int = 400, seconds: float = 40
) -> PoolResult:
    rounds: dict[str, list[Series]] = {name: [] for name in SETTINGS}
    for _ in range(ROUNDS):
        for name, module in SETTINGS.items():
            rounds[name].append(
                _one_round(name, server_env(redis, database, module), requests, seconds)
            )
    return PoolResult(
        pooled=traffic.combine("pooled", rounds["pooled"]),
        unpooled=traffic.combine("unpooled", rounds["unpooled"]),
        page=LABEL,
        path=PATH,
        workers=WORKERS,
        concurrency=CONCURRENCY,
    )


def _one_round(name: str, env: dict[str, str], requests: int, seconds: float) -> Series:
    with Gunicorn(env, workers=WORKERS) as server:
        page = traffic.get(PATH, signed_in(server.base_url, HEAD_EMAIL))
        traffic.run(name, port=server.port, make=page, requests=2 * WORKERS)  # warm-up
        return traffic.run(
            name,
            port=server.port,
            make=page,
            concurrency=CONCURRENCY,
            requests=max(1, requests // ROUNDS),
            seconds=seconds / ROUNDS,
        )
