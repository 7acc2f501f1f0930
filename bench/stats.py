"""Small statistics for timings, in seconds."""

from __future__ import annotations

import math
import statistics
from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Timings:
    samples: tuple[float, ...]

    @classmethod
    def of(cls, samples: Sequence[float]) -> Timings:
        if not samples:
            raise ValueError("no samples")
        return cls(tuple(samples))

    @property
    def median(self) -> float:
        return statistics.median(self.samples)

    @property
    def p95(self) -> float:
        """Nearest-rank 95th percentile: no interpolation between samples."""
        ordered = sorted(self.samples)
        return ordered[math.ceil(0.95 * len(ordered)) - 1]

    @property
    def minimum(self) -> float:
        return min(self.samples)

    @property
    def maximum(self) -> float:
        return max(self.samples)

    @property
    def count(self) -> int:
        return len(self.samples)


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f} ms"
