"""The moved clock: libfaketime puts the worker and beat on the next school morning,
and beat's clock is moved on through a file while it runs.
"""

from __future__ import annotations

import glob
from datetime import date, datetime, timedelta
from pathlib import Path

from smoke.common import check
from smoke.config import LIBFAKETIME, SCHOOL_TZ


def libfaketime() -> str:
    found = sorted(glob.glob(LIBFAKETIME))
    check(
        bool(found),
        "libfaketime is missing: install the Debian package faketime (scripts/install-system-deps)",
    )
    return found[0]


def next_school_morning(now: datetime) -> datetime:
    """10:00 school time on the next weekday after today: digests are due then."""
    day: date = now.astimezone(SCHOOL_TZ).date() + timedelta(days=1)
    while day.weekday() >= 5:
        day += timedelta(days=1)
    return datetime(day.year, day.month, day.day, 10, 0, tzinfo=SCHOOL_TZ)


def faked_env(env: dict[str, str], library: str, offset: int) -> dict[str, str]:
    """``env`` with the clock ``offset`` seconds ahead (monotonic clock shifted alike)."""
    return {**env, "LD_PRELOAD": library, "FAKETIME": f"+{offset}"}


def movable_env(env: dict[str, str], library: str, clock_file: Path) -> dict[str, str]:
    """``env`` whose clock offset is read from ``clock_file`` at every call, so it can move."""
    return {
        **env,
        "LD_PRELOAD": library,
        "FAKETIME_TIMESTAMP_FILE": str(clock_file),
        "FAKETIME_NO_CACHE": "1",
    }
