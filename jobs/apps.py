from __future__ import annotations

from django.apps import AppConfig


class JobsConfig(AppConfig):
    name = "jobs"
    verbose_name = "Background jobs"

    def ready(self) -> None:
        # Each app registers its job handlers in its tasks module.
        from django.utils.module_loading import autodiscover_modules

        autodiscover_modules("tasks")
