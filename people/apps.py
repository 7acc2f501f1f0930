from __future__ import annotations

from django.apps import AppConfig


class PeopleConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "people"
    verbose_name = "People and invitations"

    def ready(self) -> None:
        from django.contrib.auth import signals

        from people.sessions import note_sign_in, note_sign_out

        signals.user_logged_in.connect(note_sign_in, dispatch_uid="people.note_sign_in")
        signals.user_logged_out.connect(note_sign_out, dispatch_uid="people.note_sign_out")
