from __future__ import annotations

from typing import Any

from django.utils import timezone

from accounts.models import User


def record_last_login(sender: Any, user: User, **kwargs: Any) -> None:
    """Django's last_login update, without a history row for every sign-in."""
    user.last_login = timezone.now()
    user.skip_history_when_saving = True  # type: ignore[attr-defined]
    try:
        user.save(update_fields=["last_login"])
    finally:
        del user.skip_history_when_saving  # type: ignore[attr-defined]
