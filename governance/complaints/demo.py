"""Demo complaints for both schools (filled in by the complaints work)."""

from __future__ import annotations

from accounts.models import User
from schools.models import School


def load_complaints(school: School, people: dict[str, User]) -> None:
    """Nothing yet."""
