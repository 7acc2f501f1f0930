"""Field builders the incident log's models share."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models

from schools.validators import validate_text

USER_MODEL = settings.AUTH_USER_MODEL


def by_field(name: str, *, null: bool = True) -> Any:
    """Who made one move of a record (empty until it is made, unless ``null`` is false)."""
    return models.ForeignKey(
        USER_MODEL,
        null=null,
        blank=null,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=name,
    )


def text_field(name: str, *, blank: bool = False, max_length: int = 4000) -> models.TextField:  # type: ignore[type-arg]
    return models.TextField(name, max_length=max_length, blank=blank, validators=[validate_text])
