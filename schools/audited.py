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

``AuditedHistory`` is the ``HistoricalRecords`` every audited model declares:
simple-history's, but writing each history row together with its audit event
(``governance.audit.trail.write_history``), on PostgreSQL in one statement.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, TypeVar

from django.db import models
from django.utils import timezone
from simple_history.models import HistoricalRecords, registered_models
from simple_history.signals import post_create_historical_record, pre_create_historical_record

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


# Each model declaring ``AuditedHistory`` -> its history model.
HISTORY_MODELS: dict[type[models.Model], type[models.Model]] = {}


class AuditedHistory(HistoricalRecords):
    """``HistoricalRecords`` whose history row and audit event are written together.

    simple-history saves the history row through the ORM and sends
    ``post_create_historical_record``, on which the audit event used to be
    saved: two statements, each compiled afresh, and a new history manager
    class built to find the history model. Here the history model is kept
    when it is made, and ``write_history`` writes both rows, on PostgreSQL as
    one ``INSERT … RETURNING`` feeding the other. Both signals are still sent,
    with the row already written when ``post_create_historical_record`` is.
    """

    def create_history_model(self, model: type[models.Model], inherited: bool) -> Any:
        history_model = super().create_history_model(model, inherited)
        HISTORY_MODELS[model] = history_model
        return history_model

    def create_historical_record(
        self, instance: models.Model, history_type: str, using: str | None = None
    ) -> None:
        from governance.audit.trail import write_history  # governance's models import ours

        using = using if self.use_base_model_db else None
        history_date = getattr(instance, "_history_date", timezone.now())
        history_user = self.get_history_user(instance)
        reason = self.get_change_reason_for_object(instance, history_type, using)
        history_model = HISTORY_MODELS.get(type(instance))
        if history_model is None:  # not the model itself (a proxy): simple-history's way
            history_model = getattr(instance, self.manager_name).model
        attrs = {
            field.attname: getattr(instance, field.attname)
            for field in self.fields_included(instance)
        }
        if getattr(history_model, "history_relation", None) is not None:
            attrs["history_relation"] = instance
        history_instance = history_model(
            history_date=history_date,
            history_type=history_type,
            history_user=history_user,
            history_change_reason=reason,
            **attrs,
        )
        signal = {
            "sender": history_model,
            "instance": instance,
            "history_date": history_date,
            "history_user": history_user,
            "history_change_reason": reason,
            "history_instance": history_instance,
            "using": using,
        }
        pre_create_historical_record.send(**signal)
        write_history(instance, history_instance, using=using)
        self.create_historical_record_m2ms(history_instance, instance)
        post_create_historical_record.send(**signal)
