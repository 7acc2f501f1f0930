from django.apps import AppConfig


class SubjectAccessConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "subject_access"
    verbose_name = "Subject access requests"

    def ready(self) -> None:
        # The morning digest's lines for the headteacher: requests overdue or due soon.
        from subject_access import digest  # noqa: F401
