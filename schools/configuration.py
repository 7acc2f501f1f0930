"""A school's configuration as one value: read it, compare two, say what changed.

PRODUCT.md §2: the two schools differ by configuration, not code. What the
headteacher sets on the settings page is a ``SchoolSettings``; the service
``school_configure`` (``schools/services.py``) writes one, and
``describe_changes`` puts the difference into words for the page shown after
saving.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from schools.models import (
    ReviewRoute,
    School,
    SocialNetwork,
    TrainingRule,
    training_rules,
)
from schools.roles import REQUIRABLE_TRAINING, Module, RecordKind, Role, TrainingKind

# The settings page offers these refresh intervals (months); None: once.
REFRESH_CHOICES: tuple[int, ...] = (6, 12, 24, 36)


@dataclass(frozen=True)
class SchoolSettings:
    modules: frozenset[str]
    reviewers: Mapping[RecordKind, frozenset[Role]]
    reminder_overdue_days: int
    training: Mapping[TrainingKind, TrainingRule]
    blocks_all_social_media: bool
    blocked: frozenset[SocialNetwork]
    filtering_provider: str
    blocking_note: str


def school_settings(school: School) -> SchoolSettings:
    """What ``school`` is set to now (three queries)."""
    reviewers: dict[RecordKind, set[Role]] = {kind: set() for kind in RecordKind}
    for kind, role in ReviewRoute.objects.for_school(school).values_list("kind", "role"):
        reviewers[RecordKind(kind)].add(Role(role))
    rules = training_rules(school)
    return SchoolSettings(
        modules=frozenset(school.enabled_modules),
        reviewers={kind: frozenset(roles) for kind, roles in reviewers.items()},
        reminder_overdue_days=school.reminder_overdue_days,
        training={kind: rules[kind] for kind in REQUIRABLE_TRAINING},
        blocks_all_social_media=school.blocks_all_social_media,
        blocked=frozenset(SocialNetwork.objects.for_school(school).filter(blocked=True)),
        filtering_provider=school.filtering_provider,
        blocking_note=school.blocking_note,
    )


def _roles(roles: Iterable[Role]) -> str:
    return ", ".join(role.label for role in Role if role in roles) or "nobody"


def _names(networks: Iterable[SocialNetwork]) -> str:
    return ", ".join(sorted(network.name for network in networks))


def _yes(value: bool) -> str:
    return "yes" if value else "no"


def describe_changes(before: SchoolSettings, after: SchoolSettings) -> list[str]:
    """Each difference between two configurations, as a sentence a headteacher reads."""
    changes: list[str] = []
    for module in Module:
        now = module in after.modules
        if (module in before.modules) != now:
            changes.append(f"{module.label}: switched {'on' if now else 'off'}.")
    for kind in RecordKind:
        was_roles = before.reviewers.get(kind, frozenset())
        now_roles = after.reviewers.get(kind, frozenset())
        if was_roles != now_roles:
            changes.append(
                f"{kind.label} are now reviewed by: {_roles(now_roles)}"
                f" (before: {_roles(was_roles)})."
            )
    if before.reminder_overdue_days != after.reminder_overdue_days:
        changes.append(
            f"Reminders mark what has waited {after.reminder_overdue_days} days as overdue"
            f" (before: {before.reminder_overdue_days})."
        )
    for training_kind, rule in after.training.items():
        was_rule = before.training.get(training_kind)
        if was_rule != rule:
            old = was_rule.describe() if was_rule else "not set"
            changes.append(f"{training_kind.label}: {rule.describe()} (before: {old}).")
    changes += _blocking_changes(before, after)
    return changes


def _blocking_changes(before: SchoolSettings, after: SchoolSettings) -> list[str]:
    changes: list[str] = []
    if before.blocks_all_social_media != after.blocks_all_social_media:
        changes.append(
            f"All social media blocked: {_yes(after.blocks_all_social_media)}"
            f" (before: {_yes(before.blocks_all_social_media)})."
        )
    if added := after.blocked - before.blocked:
        changes.append(f"Now listed as blocked: {_names(added)}.")
    if removed := before.blocked - after.blocked:
        changes.append(f"No longer listed as blocked: {_names(removed)}.")
    if before.filtering_provider != after.filtering_provider:
        changes.append(f"Filtering managed by: {after.filtering_provider or 'not stated'}.")
    if before.blocking_note != after.blocking_note:
        changes.append("The note on what is blocked was changed.")
    return changes
