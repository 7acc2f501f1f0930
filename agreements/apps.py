from __future__ import annotations

from django.apps import AppConfig


class AgreementsConfig(AppConfig):
    name = "agreements"
    verbose_name = "Home-school agreements"

    def ready(self) -> None:
        # The signed agreement's PDF, and the morning digest's lines.
        from agreements import digest, pdf_sources  # noqa: F401
