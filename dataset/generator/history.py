"""What each generated record's history rows need: who acted, and the fields as they were.

A record that moved on (a decided request, a closed incident) is written with
a ``dataset.bulk.Change``: its created state comes from ``_before`` and the
person from ``_by``; dataset.bulk turns both into history and audit rows.
"""

from __future__ import annotations

from typing import Any

from django.db import models

from accounts.models import User


def _by(user: User | None) -> User | None:
    """Who did it: the id is read when the rows are written, after the users'."""
    return user


def _before(obj: models.Model, names_: list[str], **initial: Any) -> dict[str, Any]:
    """The given fields as they were when ``obj`` was created: empty, unless ``initial`` says."""
    out = {}
    for name in names_:
        f: Any = obj._meta.get_field(name)
        out[f.attname] = None if f.null else f.get_default()
    out.update(initial)
    return out
