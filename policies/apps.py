from __future__ import annotations

from django.apps import AppConfig


class PoliciesConfig(AppConfig):
    name = "policies"
    verbose_name = "Policies"

    def ready(self) -> None:
        # The policy's items in the headteacher's morning digest.
        from policies import digest  # noqa: F401
