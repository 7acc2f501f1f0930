from django.apps import AppConfig


class DatasetConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "dataset"
    verbose_name = "Synthetic datasets for benchmarks"
