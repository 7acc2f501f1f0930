from __future__ import annotations

from django.apps import AppConfig


class FormsAppConfig(AppConfig):
    name = "forms_app"
