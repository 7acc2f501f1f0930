from __future__ import annotations

from django.apps import AppConfig


class TrainingConfig(AppConfig):
    name = "training"
    verbose_name = "Staff training"

    def ready(self) -> None:
        # The headteacher's digest line: staff overdue for training.
        from training import digest  # noqa: F401
