"""Writes to a school's set-up. Each is atomic, idempotent and records who acted."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.utils import timezone

from accounts.models import User
from schools.models import Membership, ReviewRoute, School, SchoolClass
from schools.roles import RecordKind, Role


def _save_changes(obj: Any, wanted: dict[str, Any], by: User | None) -> bool:
    changed = [field for field, value in wanted.items() if getattr(obj, field) != value]
    if not changed:
        return False
    for field in changed:
        setattr(obj, field, wanted[field])
    obj._history_user = by
    obj.full_clean()
    obj.save(update_fields=changed)
    return True


@transaction.atomic
def school_ensure(*, slug: str, by: User | None = None, **fields: Any) -> School:
    """The school with ``slug``, created or brought in line with ``fields``."""
    school = School.objects.filter(slug=slug).first()
    if school is None:
        school = School(slug=slug, **fields)
        school._history_user = by  # type: ignore[attr-defined]
        school.full_clean()
        school.save()
        return school
    _save_changes(school, fields, by)
    return school


@transaction.atomic
def membership_grant(
    *, school: School, user: User, role: Role, title: str = "", by: User | None = None
) -> Membership:
    """Give ``user`` the ``role`` in ``school`` (or update the title of the one they hold)."""
    current = (
        Membership.objects.for_school(school)
        .filter(user=user, role=role, ended_at__isnull=True)
        .first()
    )
    if current is not None:
        _save_changes(current, {"title": title}, by)
        return current
    membership = Membership(school=school, user=user, role=role, title=title)
    membership._history_user = by  # type: ignore[attr-defined]
    membership.save()
    return membership


@transaction.atomic
def membership_end(*, membership: Membership, by: User) -> None:
    """End a role; the row stays, so history shows who held it and when."""
    if membership.ended_at is None:
        _save_changes(membership, {"ended_at": timezone.now()}, by)


@transaction.atomic
def school_class_ensure(
    *, school: School, name: str, year_group: int, by: User | None = None
) -> SchoolClass:
    existing = SchoolClass.objects.for_school(school).filter(name=name).first()
    if existing is not None:
        _save_changes(existing, {"year_group": year_group, "is_active": True}, by)
        return existing
    school_class = SchoolClass(school=school, name=name, year_group=year_group)
    school_class._history_user = by  # type: ignore[attr-defined]
    school_class.save()
    return school_class


@transaction.atomic
def review_routes_set(
    *, school: School, kind: RecordKind, roles: Iterable[Role], by: User | None = None
) -> None:
    """Make exactly ``roles`` the reviewers of ``kind`` records in ``school``.

    A route is configuration, not a record of anything a person did; removing
    one is still recorded in its history with the acting user.
    """
    wanted = set(roles)
    current = {
        Role(route.role): route
        for route in ReviewRoute.objects.for_school(school).filter(kind=kind)
    }
    for role in wanted - current.keys():
        route = ReviewRoute(school=school, kind=kind, role=role)
        route._history_user = by  # type: ignore[attr-defined]
        route.save()
    for role in current.keys() - wanted:
        route = current[role]
        route._history_user = by  # type: ignore[attr-defined]
        route.delete()
