"""The demo schools' policies: each imported from its own seed document and published."""

from __future__ import annotations

from pathlib import Path

from accounts.models import User
from policies.importer import parse_policy_text
from policies.services import (
    policy_acknowledge,
    policy_current,
    policy_draft,
    policy_import_draft,
    policy_publish,
)
from schools.models import School

SEEDS = Path(__file__).resolve().parent / "seeds"


def seed_path(school: School) -> Path:
    return SEEDS / f"{school.slug}.txt"


def load_policy(school: School, people: dict[str, User]) -> None:
    """Version 1 of the school's policy, acknowledged by some of its staff."""
    if not seed_path(school).exists():
        return
    version = policy_current(school)
    if version is None and policy_draft(school) is None:
        parsed = parse_policy_text(seed_path(school).read_text(encoding="utf-8"))
        draft = policy_import_draft(school=school, parsed=parsed, by=people["head"])
        version = policy_publish(
            version=draft,
            by=people["head"],
            material_change=True,
            change_summary="Imported from the school's policy document.",
        )
    if version is None:
        return
    # Some staff have acknowledged it, some have not: the coverage page shows both.
    for prefix in ("head", "dsl", "esafety"):
        policy_acknowledge(version=version, user=people[prefix])
