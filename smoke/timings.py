"""The run's steps as they happen (logged) and their timings (summed up at the end)."""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager

from smoke.common import say


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
