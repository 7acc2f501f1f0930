from __future__ import annotations

from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "notifications"
    verbose_name = "Notifications and email"

    def ready(self) -> None:
        # The digest's own provider: background jobs that failed.
        from notifications import background  # noqa: F401
