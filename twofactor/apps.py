from django.apps import AppConfig


class TwoFactorConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "twofactor"
    verbose_name = "Two-factor sign-in"

    def ready(self) -> None:
        from django.contrib.auth import signals

        from twofactor.signals import require_code_at_sign_in

        signals.user_logged_in.connect(
            require_code_at_sign_in, dispatch_uid="twofactor.require_code_at_sign_in"
        )
