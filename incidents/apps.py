from __future__ import annotations

from django.apps import AppConfig


class IncidentsConfig(AppConfig):
    name = "incidents"

    def ready(self) -> None:
        # The morning digest's lines for those who handle incidents.
        from incidents import digest  # noqa: F401
