"""Each list page's p95 on the 3,000-school dataset over its p95 on the 50-school one.

    .venv/bin/python -m bench.scale \\
      --dataset-url postgres://postgres@127.0.0.1:5432/pp_dataset \\
      --small-url postgres://postgres@127.0.0.1:5432/pp_dataset50

The same school is measured in both: ``gen1-00001`` is drawn from its own
seeded generator, so it holds the same rows whichever size the dataset is;
only the other schools' rows differ. Each list page (``bench.explain``'s
list) is requested in process with Django's test client as the headteacher,
in rounds that alternate between the two databases, so that a change in the
machine's load falls on both. Each round warms up with two requests and then
times ``per_round`` more. Everything a request writes is rolled back.

Target (issue 11): for every list page, p95 at 3,000 schools / p95 at 50
schools ≤ 1.2.
"""

from __future__ import annotations

import argparse
import gc
import logging
import os
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from bench import explain
from bench.stats import Timings, ms

if TYPE_CHECKING:
    from django.test import Client

TARGET_RATIO = 1.2
WARM_UP = 2


@dataclass(frozen=True)
class PageScale:
    page: str
    small: Timings
    large: Timings

    @property
    def ratio(self) -> float:
        return self.large.p95 / self.small.p95

    @property
    def ok(self) -> bool:
        return self.ratio <= TARGET_RATIO


@dataclass(frozen=True)
class ScaleResult:
    small_database: str
    large_database: str
    small_schools: int
    large_schools: int
    slug: str
    rounds: int
    pages: tuple[PageScale, ...]

    @property
    def ok(self) -> bool:
        return all(page.ok for page in self.pages)


def _school_count() -> int:
    from schools.models import School

    return School.objects.count()


def time_page(url: str, page: explain.ListPage, slug: str, requests: int) -> list[float]:
    """``requests`` timed GETs of ``page`` on the current database, after a warm-up."""
    samples: list[float] = []
    with explain.rolled_back():
        where = explain.school(slug)
        client = explain.signed_in(page.prefix, where)
        path = explain.page_url(page.name, where)
        for _ in range(WARM_UP):
            client.get(path)
        # A collection pause lands on whichever request is unlucky: collect
        # before the round, not during it.
        gc.collect()
        gc.disable()
        try:
            samples += _timed(client, path, url, page.name, requests)
        finally:
            gc.enable()
    return samples


def _timed(client: Client, path: str, url: str, name: str, requests: int) -> list[float]:
    samples = []
    for _ in range(requests):
        started = time.perf_counter()
        response = client.get(path)
        samples.append(time.perf_counter() - started)
        if response.status_code != 200:
            raise RuntimeError(f"{name} answered {response.status_code} on {url}")
    return samples


def measure_page(
    page: explain.ListPage, small_url: str, large_url: str, slug: str, rounds: int, per_round: int
) -> PageScale:
    small: list[float] = []
    large: list[float] = []
    for _ in range(rounds):
        for url, samples in ((small_url, small), (large_url, large)):
            explain.use_database(url)
            samples += time_page(url, page, slug, per_round)
    return PageScale(page.name, Timings.of(small), Timings.of(large))


def measure(
    dataset_url: str,
    small_url: str,
    *,
    slug: str = explain.SLUG,
    rounds: int = 10,
    per_round: int = 10,
    only: Sequence[str] = (),
) -> ScaleResult:
    counts = {}
    for url in (small_url, dataset_url):
        explain.use_database(url)
        explain.analyse_if_needed()  # plans made without statistics would be guesses
        counts[url] = _school_count()
    pages = [p for p in explain.list_pages() if not only or p.name in only]
    return ScaleResult(
        small_database=explain.database_name(small_url),
        large_database=explain.database_name(dataset_url),
        small_schools=counts[small_url],
        large_schools=counts[dataset_url],
        slug=slug,
        rounds=rounds,
        pages=tuple(
            measure_page(page, small_url, dataset_url, slug, rounds, per_round) for page in pages
        ),
    )


def markdown(result: ScaleResult, letter: str = "e") -> str:
    met = "met" if result.ok else "**not met**"
    small, large = f"{result.small_schools:,}", f"{result.large_schools:,}"
    samples = result.pages[0].small.count if result.pages else 0
    rounds, per_round = result.rounds, samples // max(result.rounds, 1)
    lines = [
        f"## ({letter}) List pages at {large} schools against {small}\n",
        f"School `{result.slug}` (the same rows in both datasets), each page as its "
        f"headteacher, {samples} timed requests per page and dataset.\n",
        f"| page | p95 at {small} | p95 at {large} | ratio | median at {small} "
        f"| median at {large} |",
        "| --- | --- | --- | --- | --- | --- |",
    ]
    for page in result.pages:
        ratio = f"{page.ratio:.2f}" if page.ok else f"**{page.ratio:.2f}**"
        lines.append(
            f"| `{page.page}` | {ms(page.small.p95)} | {ms(page.large.p95)} | {ratio} "
            f"| {ms(page.small.median)} | {ms(page.large.median)} |"
        )
    worst = max((page.ratio for page in result.pages), default=0.0)
    failing = sum(not page.ok for page in result.pages)
    lines += [
        "",
        f"Target: every ratio ≤ {TARGET_RATIO} — {met} (worst {worst:.2f}; "
        f"{len(result.pages) - failing} of {len(result.pages)} pages within it).",
        "",
        f"How: `bench/scale.py` requests each list page in process with Django's test "
        f"client (`{result.small_database}` and `{result.large_database}`, in {rounds} "
        f"alternating rounds of {WARM_UP} warm-up requests and {per_round} timed ones, "
        "with the garbage collector paused while timing, inside rolled-back "
        "transactions); p95 is nearest-rank (`bench/stats.py`).",
        "",
    ]
    return "\n".join(lines)


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--dataset-url", default=os.environ.get("DATABASE_URL", ""))
    parser.add_argument("--small-url", required=True, help="postgres:// URL of the 50 schools")
    parser.add_argument("--slug", default=explain.SLUG)
    parser.add_argument("--rounds", type=int, default=10)
    parser.add_argument("--per-round", type=int, default=10)
    parser.add_argument("--page", action="append", default=[], help="only this page (repeatable)")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    for url in (args.dataset_url, args.small_url):
        if not url.startswith(("postgres://", "postgresql://")):
            print("--dataset-url and --small-url must be postgres:// URLs", file=sys.stderr)
            return 2
    explain.setup_django(args.dataset_url)
    logging.getLogger("policyportal.access").setLevel(logging.WARNING)  # a line per request
    result = measure(
        args.dataset_url,
        args.small_url,
        slug=args.slug,
        rounds=args.rounds,
        per_round=args.per_round,
        only=args.page,
    )
    print(markdown(result))
    return 0 if result.ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
