"""The seeded choices one school is drawn from, and the sizes and names they start from.

Every random draw for school ``n`` goes through its own ``_School.rng``, seeded
with ``f"{seed}:{n}"`` alone, so the same seed gives the same rows whatever
else was generated before it. The order of the draws is part of the data: a
draw moved or added changes every row after it.
"""

from __future__ import annotations

import datetime
import random
import uuid
from dataclasses import dataclass, field
from typing import Any

from accounts.models import User
from dataset import names
from dataset.bulk import Rows
from schools.models import PhoneProviderDefault, School, SocialNetworkDefault
from schools.roles import Role

PASSWORD = "dataset-password"  # noqa: S105 - shared by every generated account, printed
DAY = datetime.timedelta(days=1)

# How many of each a school has (before the seeded variation).
PUPILS = 275
STAFF: tuple[tuple[Role, int, str], ...] = (
    (Role.HEADTEACHER, 1, "Headteacher"),
    (Role.DSL, 1, "Designated safeguarding lead"),
    (Role.ESAFETY, 2, "E-safety lead"),
    (Role.TEACHER, 10, "Class teacher"),
    (Role.SUPPORT, 6, "Teaching assistant"),
    (Role.VOLUNTEER, 1, "Reading volunteer"),
    (Role.NETWORK_MANAGER, 1, "Network manager"),
    (Role.GOVERNOR, 4, "Governor"),
    (Role.CLERK, 1, "Clerk to the governors"),
)
ACCESS_REQUESTS = 40
CONTENT_REPORTS = 15
INCIDENTS = 5
AGREEMENTS = 200
COMPLAINTS = 3
TRAINING_SESSIONS = 6
NOTIFICATIONS = 40


def slug_for(seed: int, number: int) -> str:
    return f"gen{seed}-{number:05d}"


def email_for(prefix: str, slug: str) -> str:
    return f"{prefix}@{slug}.example"


@dataclass
class _Context:
    today: datetime.date
    password: str
    networks: list[SocialNetworkDefault]
    providers: list[PhoneProviderDefault]


@dataclass
class _Built:
    school: School
    users: list[User] = field(default_factory=list)


class _School:
    """The seeded choices for one school."""

    def __init__(self, rows: Rows, context: _Context, seed: int, number: int) -> None:
        self.rows = rows
        # Seeded, for repeatable fictional data: nothing here is a secret.
        self.rng = random.Random(f"{seed}:{number}")  # noqa: S311
        self.number = number
        self.today = context.today
        self.now = datetime.datetime.combine(
            context.today, datetime.time(12, 0), tzinfo=datetime.UTC
        )
        self.context = context

    def uid(self) -> uuid.UUID:
        return uuid.UUID(int=self.rng.getrandbits(128), version=4)

    def when(self, days_ago_max: int = 330, days_ago_min: int = 1) -> datetime.datetime:
        days = self.rng.randint(days_ago_min, days_ago_max)
        return self.now - datetime.timedelta(days=days, minutes=self.rng.randint(0, 8 * 60))

    def later(self, at: datetime.datetime, max_days: int = 14) -> datetime.datetime:
        moved = at + datetime.timedelta(days=self.rng.randint(0, max_days), hours=1)
        return min(moved, self.now - datetime.timedelta(minutes=5))

    def pick(self, seq: Any) -> Any:
        return self.rng.choice(seq)

    def state(self, i: int, states: list[Any], weights: list[int]) -> Any:
        """The first records of a school take every state in turn; the rest are weighted."""
        if i < len(states):
            return states[(i + self.number) % len(states)]
        return self.rng.choices(states, weights)[0]

    def person_name(self) -> str:
        return f"{self.pick(names.FIRST_NAMES)} {self.pick(names.LAST_NAMES)}"
