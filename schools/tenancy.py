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

from schools.audited import AuditedWritesMixin

if TYPE_CHECKING:
    from schools.models import School

_M = TypeVar("_M", bound=models.Model)

SCHOOL_LOOKUPS = frozenset({"school", "school_id", "school__id", "school__pk", "school__in"})


class UnscopedQueryError(RuntimeError):
    """A tenant-owned table was queried without naming a school."""


class TenantQuerySet(AuditedWritesMixin, models.QuerySet[_M]):
    """Scoped to one school; refuses bulk writes to audited models (schools.audited)."""

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
        qs._combined_scope = self._combined_scope
        return qs  # type: ignore[no-any-return]

    # Combining querysets: the result is scoped only if the rows it can add
    # come from scoped querysets. Django builds the result from the left-hand
    # side, which would otherwise lend its scope to an unscoped right-hand side.
    _combined_scope: bool | None = None

    def _with_scope(self, scoped: bool) -> Self:
        self._combined_scope = scoped
        return self

    def __or__(self, other: Any) -> Self:
        return super().__or__(other)._with_scope(_is_scoped(self) and _is_scoped(other))

    def __xor__(self, other: Any) -> Self:
        combined = super().__xor__(other)  # type: ignore[misc]
        return combined._with_scope(_is_scoped(self) and _is_scoped(other))  # type: ignore[no-any-return]

    def __and__(self, other: Any) -> Self:
        return super().__and__(other)._with_scope(_is_scoped(self) or _is_scoped(other))

    def union(self, *other_qs: Any, all: bool = False) -> Self:
        scoped = _is_scoped(self) and all_scoped(other_qs)
        return super().union(*other_qs, all=all)._with_scope(scoped)

    def intersection(self, *other_qs: Any) -> Self:
        scoped = _is_scoped(self) or any(_is_scoped(qs) for qs in other_qs)
        return super().intersection(*other_qs)._with_scope(scoped)

    def difference(self, *other_qs: Any) -> Self:
        return super().difference(*other_qs)._with_scope(_is_scoped(self))

    def _require_school(self) -> None:
        if _is_scoped(self):
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


def _is_scoped(queryset: Any) -> bool:
    if not isinstance(queryset, TenantQuerySet):
        return True  # not tenant-owned rows
    if queryset._combined_scope is not None:
        return queryset._combined_scope
    hints: dict[str, Any] = queryset._hints  # type: ignore[attr-defined]
    return queryset._school_scoped or hints.get("instance") is not None


def all_scoped(querysets: Any) -> bool:
    return all(_is_scoped(qs) for qs in querysets)


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
