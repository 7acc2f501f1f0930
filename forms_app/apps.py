from __future__ import annotations

from django.apps import AppConfig


class FormsAppConfig(AppConfig):
    name = "forms_app"
    verbose_name = "Access requests, content reports and the filtering register"

    def ready(self) -> None:
        # The morning digest's lines for reviewers and the network manager.
        from forms_app import digest  # noqa: F401
