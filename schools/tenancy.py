"""The tenancy boundary: every tenant-owned row is reached through a school.

A ``TenantModel`` has a non-null ``school`` foreign key and a default manager
whose querysets refuse to run until they are scoped to one school, so a
forgotten filter fails loudly instead of returning every school's rows.

A queryset counts as scoped when it was
- narrowed with ``for_school(school)``, or filtered on ``school``/``school_id``
  (Django's own unique checks filter that way, since every unique constraint
  includes the school);
- reached from an object already fetched inside a school, through a related
  manager (``incident.people.all()``) or a prefetch;
- explicitly released with ``unscoped(reason)`` — platform admin and
  migrations only, and every caller says why.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any, Self, TypeVar

from django.db import models

if TYPE_CHECKING:
    from schools.models import School

_M = TypeVar("_M", bound=models.Model)

SCHOOL_LOOKUPS = frozenset({"school", "school_id", "school__id", "school__pk", "school__in"})


class UnscopedQueryError(RuntimeError):
    """A tenant-owned table was queried without naming a school."""


class TenantQuerySet(models.QuerySet[_M]):
    _school_scoped: bool = False

    def for_school(self, school: School) -> Self:
        qs = self.filter(school=school)
        qs._school_scoped = True
        return qs

    def unscoped(self, reason: str) -> Self:
        """Every school's rows. Say why: only the platform admin needs this."""
        if not reason.strip():
            raise ValueError("unscoped() needs a reason.")
        qs = self.all()
        qs._school_scoped = True
        return qs

    def filter(self, *args: Any, **kwargs: Any) -> Self:
        qs = super().filter(*args, **kwargs)
        if SCHOOL_LOOKUPS.intersection(kwargs):
            qs._school_scoped = True
        return qs

    def _clone(self) -> Self:
        qs = super()._clone()  # type: ignore[misc]
        qs._school_scoped = self._school_scoped
        return qs  # type: ignore[no-any-return]

    def _require_school(self) -> None:
        hints: dict[str, Any] = self._hints  # type: ignore[attr-defined]
        if self._school_scoped or hints.get("instance") is not None:
            return
        raise UnscopedQueryError(
            f"{self.model.__name__} rows belong to a school: use "
            f"{self.model.__name__}.objects.for_school(school) or an access helper."
        )

    # Every way a queryset reaches the database passes one of these.
    def _fetch_all(self) -> None:
        if self._result_cache is None:
            self._require_school()
        super()._fetch_all()

    def iterator(self, chunk_size: int | None = None) -> Iterator[_M]:
        self._require_school()
        return super().iterator(chunk_size=chunk_size)

    def count(self) -> int:
        if self._result_cache is None:
            self._require_school()
        return super().count()

    def exists(self) -> bool:
        if self._result_cache is None:
            self._require_school()
        return super().exists()

    def aggregate(self, *args: Any, **kwargs: Any) -> dict[str, Any]:
        self._require_school()
        return super().aggregate(*args, **kwargs)

    def update(self, **kwargs: Any) -> int:
        self._require_school()
        return super().update(**kwargs)

    def delete(self) -> tuple[int, dict[str, int]]:
        self._require_school()
        return super().delete()


class TenantManager(models.Manager[_M]):
    """Default manager of tenant-owned models; querysets need a school."""

    def get_queryset(self) -> TenantQuerySet[_M]:
        return TenantQuerySet(self.model, using=self._db, hints=self._hints)  # type: ignore[attr-defined]

    def for_school(self, school: School) -> TenantQuerySet[_M]:
        return self.get_queryset().for_school(school)

    def unscoped(self, reason: str) -> TenantQuerySet[_M]:
        return self.get_queryset().unscoped(reason)


class TenantModel(models.Model):
    """Abstract base: a row that belongs to exactly one school."""

    school = models.ForeignKey("schools.School", on_delete=models.PROTECT, related_name="+")

    objects: TenantManager[Any] = TenantManager()

    class Meta:
        abstract = True
