"""What every app's services do when they write a numbered, audited record."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import models
from django.db.models import Max

from accounts.models import User
from schools.models import School


def next_number(model: type[models.Model], school: School) -> int:
    """The school's next record number. Holds the school's row locked until the commit."""
    School.objects.select_for_update().filter(pk=school.pk).first()
    latest = model._default_manager.filter(school=school).aggregate(top=Max("number"))["top"]
    return (latest or 0) + 1


def save_as(record: Any, by: User | None, fields: Iterable[str] | None = None) -> None:
    """Validate and save ``record``, its history row naming ``by``."""
    record._history_user = by
    record.full_clean(exclude=["public_id"])  # a new uuid4; checking it would read unscoped
    record.save(update_fields=list(fields) if fields is not None else None)
