from django.apps import AppConfig


class GovernanceConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "governance"
    verbose_name = "Governance"

    def ready(self) -> None:
        # Connects the receiver that writes every history row into the audit trail.
        from governance.audit import trail  # noqa: F401

        # The morning digest's line for the headteacher and the clerk: complaints overdue.
        from governance.complaints import digest  # noqa: F401
