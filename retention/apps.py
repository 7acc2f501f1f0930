from django.apps import AppConfig


class RetentionConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "retention"
    verbose_name = "Retention and disposal"

    def ready(self) -> None:
        # The headteacher's digest line: records due to be disposed of.
        from retention import digest  # noqa: F401
