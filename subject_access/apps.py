from django.apps import AppConfig


class SubjectAccessConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "subject_access"
    verbose_name = "Subject access requests"
