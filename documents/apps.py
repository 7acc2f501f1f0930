from __future__ import annotations

from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    name = "documents"

    def ready(self) -> None:
        # Each app declares the PDFs of its records in its pdf_sources module.
        from django.utils.module_loading import autodiscover_modules

        autodiscover_modules("pdf_sources")
