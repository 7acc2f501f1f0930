from __future__ import annotations

from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save, pre_delete, pre_save


class SchoolsConfig(AppConfig):
    name = "schools"
    verbose_name = "Schools"

    def ready(self) -> None:
        from schools.records import forget_change_reason, note_change_reason

        # Work nobody asked for names itself in the history (schools.records). Connected
        # after simple-history's receivers: a reason is cleared once its history row is written.
        for before, after, uid in (
            (pre_save, post_save, "save"),
            (pre_delete, post_delete, "delete"),
        ):
            before.connect(note_change_reason, dispatch_uid=f"schools.note_change_reason.{uid}")
            after.connect(forget_change_reason, dispatch_uid=f"schools.forget_change_reason.{uid}")
