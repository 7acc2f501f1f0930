"""Audited rows change one at a time, through code that says who changed them.

django-simple-history writes a history row (who, when, what) from the
model's save and delete signals. ``QuerySet.update()``, ``bulk_create()``,
``bulk_update()`` and a queryset's ``delete()`` send no such signal, so a
change made that way would be missing from the audit history. The querysets
of audited models refuse them: a record is saved (or, rarely, deleted) as an
instance, through its service, with ``_history_user`` set.

``Model.save()`` and ``instance.delete()`` are unaffected: Django saves
through the base manager's ``_update`` and deletes through its collector,
neither of which passes these methods.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, TypeVar

from django.db import models
from simple_history.models import registered_models

if TYPE_CHECKING:
    from collections.abc import Iterable

_M = TypeVar("_M", bound=models.Model)


class AuditedWriteRefused(TypeError):
    """A bulk write was asked of an audited model: its history would miss it."""


def is_audited(model: type[models.Model]) -> bool:
    """Whether django-simple-history keeps the history of ``model``'s rows."""
    return registered_models.get(model._meta.db_table) is model


class AuditedWritesMixin:
    """Refuses the queryset writes that bypass the history of an audited model.

    Mixed into every queryset class an audited model's manager hands out; a
    model that simple-history does not audit (jobs, notifications) is let through.
    """

    def _refuse_if_audited(self, operation: str) -> None:
        model: type[models.Model] = self.model  # type: ignore[attr-defined]
        if is_audited(model):
            name = model.__name__
            raise AuditedWriteRefused(
                f"{name} is audited: {operation} would change rows without a history row "
                f"naming who did it. Save each {name} through its service instead "
                "(schools.records.save_as)."
            )

    def update(self, **kwargs: Any) -> int:
        self._refuse_if_audited("QuerySet.update()")
        return super().update(**kwargs)  # type: ignore[misc,no-any-return]

    def delete(self) -> tuple[int, dict[str, int]]:
        self._refuse_if_audited("QuerySet.delete()")
        return super().delete()  # type: ignore[misc,no-any-return]

    def bulk_create(self, objs: Iterable[Any], *args: Any, **kwargs: Any) -> list[Any]:
        self._refuse_if_audited("bulk_create()")
        return super().bulk_create(objs, *args, **kwargs)  # type: ignore[misc,no-any-return]

    def bulk_update(self, objs: Iterable[Any], fields: Any, *args: Any, **kwargs: Any) -> int:
        self._refuse_if_audited("bulk_update()")
        return super().bulk_update(objs, fields, *args, **kwargs)  # type: ignore[misc,no-any-return]


class AuditedQuerySet(AuditedWritesMixin, models.QuerySet[_M]):
    """The queryset of an audited model that belongs to no school (School, User, defaults)."""


class AuditedManager(models.Manager[_M]):
    """Default manager of an audited model that belongs to no school."""

    def get_queryset(self) -> AuditedQuerySet[_M]:
        return AuditedQuerySet(self.model, using=self._db, hints=self._hints)  # type: ignore[attr-defined]
