"""Write the audit trail's rows for history written before the trail existed.

The trail is written as each change is saved; this command is for a
database whose history predates it (or rows restored from a backup). It is
idempotent: history rows that already have their AuditEvent are skipped.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand
from django.db import transaction

from governance.audit.trail import audit_event_for, audited_models, record_type_key
from governance.models import AuditEvent


class Command(BaseCommand):
    help = "Add any missing rows to the audit history from django-simple-history's tables."

    def handle(self, *args: Any, **options: Any) -> None:
        total = 0
        for model in audited_models():
            key = record_type_key(model)
            done = set(
                AuditEvent.objects.filter(record_type=key).values_list("history_id", flat=True)
            )
            history = model.history.model  # type: ignore[attr-defined]
            written = 0
            for row in history.objects.order_by("history_id").iterator(chunk_size=500):
                if row.history_id in done:
                    continue
                event = audit_event_for(row.instance, row)
                if event is not None:
                    with transaction.atomic():
                        event.save()
                    written += 1
            if written:
                self.stdout.write(f"{key}: {written} change{'s' if written != 1 else ''} added")
            total += written
        self.stdout.write(f"The audit history is complete ({total} added).")
