"""Test set-up only: put audited rows in a state no service makes, leaving no history.

Audited models refuse ``QuerySet.update()`` and ``QuerySet.delete()``
(schools/audited.py), so the portal cannot change a record without a history
row naming who did it. A test sometimes needs what no person could do: a
request sent "ten days ago" (past ``auto_now_add``), or a PDF "still to come"
(its row not there yet). These helpers write through the model's base manager,
which production code never touches (tests/audit/test_no_bulk_writes.py scans
the apps for it). Never import them outside tests.
"""

from __future__ import annotations

from typing import Any

from django.db import models


def _rows(target: models.Model | models.QuerySet[Any]) -> models.QuerySet[Any]:
    if isinstance(target, models.Model):
        return type(target)._base_manager.filter(pk=target.pk)
    pks = list(target.values_list("pk", flat=True))
    return target.model._base_manager.filter(pk__in=pks)


def backdate(target: models.Model | models.QuerySet[Any], **values: Any) -> None:
    """Set ``values`` on a record (also on the instance) or on every row of a queryset."""
    _rows(target).update(**values)
    if isinstance(target, models.Model):
        for name, value in values.items():
            setattr(target, name, value)


def forget(target: models.Model | models.QuerySet[Any]) -> None:
    """Remove rows as if they had never been written: e.g. a PDF that is still to come."""
    _rows(target).delete()
