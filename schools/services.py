"""Writes to a school's set-up. Each is atomic, idempotent and records who acted."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from accounts.models import User
from schools.configuration import SchoolSettings, describe_changes, school_settings
from schools.models import (
    TRAINING_DEFAULTS,
    Membership,
    PhoneProvider,
    PhoneProviderDefault,
    ReviewRoute,
    School,
    SchoolClass,
    SocialNetwork,
    SocialNetworkDefault,
    TrainingRequirement,
    TrainingRule,
)
from schools.reference_defaults import PHONE_PROVIDERS, SOCIAL_NETWORKS
from schools.roles import Module, RecordKind, Role, TrainingKind


def _save_changes(obj: Any, wanted: dict[str, Any], by: User | None) -> bool:
    changed = [field for field, value in wanted.items() if getattr(obj, field) != value]
    if not changed:
        return False
    for field in changed:
        setattr(obj, field, wanted[field])
    obj._history_user = by
    # The public id never changes here, and checking it would be an unscoped read.
    obj.full_clean(exclude=["public_id"])
    obj.save(update_fields=changed)
    return True


@transaction.atomic
def school_ensure(*, slug: str, by: User | None = None, **fields: Any) -> School:
    """The school with ``slug``, created (with its reference lists) or brought in line."""
    school = School.objects.filter(slug=slug).first()
    if school is None:
        school = School(slug=slug, **fields)
        school._history_user = by  # type: ignore[attr-defined]
        school.full_clean()
        school.save()
        # A new school starts with its own copy of the platform's reference lists.
        reference_lists_copy(school=school, by=by)
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
    school.forget_review_routes()


@transaction.atomic
def training_requirement_set(
    *, school: School, kind: TrainingKind, rule: TrainingRule, by: User | None = None
) -> None:
    """Make ``rule`` how often staff of ``school`` need ``kind`` training.

    No row is written while the school keeps the platform's default.
    """
    current = TrainingRequirement.objects.for_school(school).filter(kind=kind).first()
    wanted = {"required": rule.required, "refresh_months": rule.refresh_months}
    if current is not None:
        _save_changes(current, wanted, by)
    elif rule != TRAINING_DEFAULTS[kind]:
        requirement = TrainingRequirement(school=school, kind=kind, **wanted)
        requirement._history_user = by  # type: ignore[attr-defined]
        requirement.full_clean()
        requirement.save()


@transaction.atomic
def blocked_networks_set(
    *, school: School, blocked: Iterable[SocialNetwork], by: User | None = None
) -> None:
    """Mark exactly ``blocked`` among the school's social networks as blocked by its filter."""
    wanted = {network.pk for network in blocked}
    for network in SocialNetwork.objects.for_school(school):
        _save_changes(network, {"blocked": network.pk in wanted}, by)


def _check_settings(school: School, wanted: SchoolSettings) -> None:
    errors: dict[str, str] = {}
    if unknown := wanted.modules - set(Module.values):
        errors["modules"] = f"Unknown part of the portal: {', '.join(sorted(unknown))}."
    for kind in RecordKind:
        if not wanted.reviewers.get(kind):
            errors[f"reviewers_{kind}"] = (
                f"Choose at least one role to review {kind.label.lower()}."
            )
    for training_kind, rule in wanted.training.items():
        months = rule.refresh_months
        if months is not None and not 1 <= months <= 60:
            errors[f"training_{training_kind}"] = "Choose an interval between 1 and 60 months."
    if any(network.school_id != school.pk for network in wanted.blocked):
        errors["blocked_networks"] = "Choose from the school's own list of social networks."
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def school_configure(*, school: School, wanted: SchoolSettings, by: User) -> list[str]:
    """Set the school's configuration to ``wanted``; returns what changed, in words.

    Invalid settings raise ``ValidationError`` keyed by the settings page's
    field names, and nothing is saved.
    """
    _check_settings(school, wanted)
    before = school_settings(school)
    fields = {
        "enabled_modules": [module for module in Module.values if module in wanted.modules],
        "reminder_overdue_days": wanted.reminder_overdue_days,
        "blocks_all_social_media": wanted.blocks_all_social_media,
        "filtering_provider": wanted.filtering_provider,
        "blocking_note": wanted.blocking_note,
    }
    if set(school.enabled_modules) == wanted.modules:
        del fields["enabled_modules"]  # the same modules, perhaps listed in another order
    _save_changes(school, fields, by)
    for kind, roles in wanted.reviewers.items():
        review_routes_set(school=school, kind=kind, roles=roles, by=by)
    for training_kind, rule in wanted.training.items():
        training_requirement_set(school=school, kind=training_kind, rule=rule, by=by)
    blocked_networks_set(school=school, blocked=wanted.blocked, by=by)
    return describe_changes(before, wanted)


# --- Reference lists (Appendices 4 and 5) ---------------------------------

ReferenceDefault = SocialNetworkDefault | PhoneProviderDefault
ReferenceEntry = SocialNetwork | PhoneProvider
COPIES: dict[type[ReferenceDefault], type[ReferenceEntry]] = {
    SocialNetworkDefault: SocialNetwork,
    PhoneProviderDefault: PhoneProvider,
}


@transaction.atomic
def reference_defaults_ensure(*, by: User | None = None) -> int:
    """Create the platform's default entries that do not exist yet; how many were created.

    An entry that exists is left as the platform administrator keeps it.
    """
    created = 0
    lists: list[tuple[type[ReferenceDefault], list[dict[str, Any]]]] = [
        (SocialNetworkDefault, SOCIAL_NETWORKS),
        (PhoneProviderDefault, PHONE_PROVIDERS),
    ]
    for model, entries in lists:
        existing = set(model.objects.values_list("key", flat=True))
        for order, entry in enumerate(entries, start=1):
            if entry["key"] not in existing:
                default = model(order=order * 10, **entry)
                default._history_user = by  # type: ignore[union-attr]
                default.full_clean()
                default.save()
                created += 1
    return created


def _copy_of(school: School, default: ReferenceDefault, by: User | None) -> ReferenceEntry:
    model: type[Any] = COPIES[type(default)]
    entry: ReferenceEntry = model(
        school=school,
        default=default,
        **{name: getattr(default, name) for name in model.COPIED_FIELDS},
    )
    entry._history_user = by  # type: ignore[union-attr]
    entry.save()
    return entry


@transaction.atomic
def reference_lists_copy(*, school: School, by: User | None = None) -> int:
    """Give ``school`` its own copy of each platform entry it has none of; how many."""
    copied = 0
    for default_model, model in COPIES.items():
        have = model.objects.for_school(school).values_list("default_id", flat=True)
        for default in default_model.objects.exclude(pk__in=list(have)).order_by("order"):
            _copy_of(school, default, by)
            copied += 1
    return copied


def _differs_from_default(entry: ReferenceEntry, values: dict[str, Any]) -> bool:
    return any(values[name] != getattr(entry.default, name) for name in entry.COPIED_FIELDS)


@transaction.atomic
def reference_entry_update(*, entry: ReferenceEntry, by: User, hidden: bool, **values: Any) -> bool:
    """The headteacher's version of one entry; whether anything changed.

    An entry that differs from the platform's is marked customised, so the
    platform's later updates leave it alone until it is reset.
    """
    if unknown := set(values) - set(entry.COPIED_FIELDS):
        raise ValueError(f"Not fields of {type(entry).__name__}: {sorted(unknown)}")
    wanted = {name: getattr(entry, name) for name in entry.COPIED_FIELDS} | values
    wanted |= {"hidden": hidden, "customised": _differs_from_default(entry, wanted)}
    return _save_changes(entry, wanted, by)


@transaction.atomic
def reference_entry_reset(*, entry: ReferenceEntry, by: User | None) -> bool:
    """Make one of the school's entries the platform's again; whether anything changed."""
    wanted = {name: getattr(entry.default, name) for name in entry.COPIED_FIELDS}
    return _save_changes(entry, {**wanted, "customised": False}, by)


@transaction.atomic
def reference_default_publish(*, default: ReferenceDefault, by: User | None) -> int:
    """Pass the platform administrator's saved ``default`` on to every school.

    Copies a school has not adjusted follow it; an active school without a copy
    gets one. Returns how many schools' lists changed.
    """
    model: type[Any] = COPIES[type(default)]
    # unscoped: the platform's own list reaches every school that follows it.
    copies = model.objects.unscoped("platform default published").filter(default=default)
    changed = sum(
        reference_entry_reset(entry=entry, by=by) for entry in copies.filter(customised=False)
    )
    missing = School.objects.filter(is_active=True).exclude(
        pk__in=list(copies.values_list("school_id", flat=True))
    )
    for school in missing:
        _copy_of(school, default, by)
        changed += 1
    return changed
