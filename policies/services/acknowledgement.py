"""Staff acknowledge the policy in force; after a material change, again.

Acknowledging any version since the last material change is enough: a
correction published without one does not send everyone back to read it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db import transaction

from accounts.models import User
from policies.models import PolicyAcknowledgement, PolicyVersion, VersionStatus
from policies.services.reading import PolicyError, policy_current
from schools.access import roles_of, staff_memberships
from schools.models import Membership, School
from schools.roles import STAFF_ROLES, Role


def material_versions(school: School) -> Any:
    """The published versions that changed the policy materially, newest first."""
    return (
        PolicyVersion.objects.for_school(school)
        .filter(status=VersionStatus.PUBLISHED, material_change=True)
        .order_by("-number")
    )


def version_to_acknowledge(
    school: School, found: list[PolicyVersion] | None = None
) -> PolicyVersion | None:
    """The earliest version staff must have acknowledged: the last material change.

    ``found``: ``material_versions``' rows, if read already.
    """
    if found is None:
        return material_versions(school).first()  # type: ignore[no-any-return]
    return found[0] if found else None


@dataclass(frozen=True)
class StaffAcknowledgement:
    user: User
    roles: tuple[str, ...]  # the person's staff roles here, as words
    latest_number: int | None  # the newest version they acknowledged
    acknowledged_at: datetime | None  # when they acknowledged it
    up_to_date: bool


def acknowledgement_coverage(school: School) -> list[StaffAcknowledgement]:
    """Every member of staff, and whether they have acknowledged the policy in force.

    Three queries, however many staff and acknowledgements there are.
    """
    return staff_acknowledgement(school, version_to_acknowledge(school))


def staff_acknowledgement(
    school: School,
    required: PolicyVersion | None,
    staff: list[Membership] | None = None,
) -> list[StaffAcknowledgement]:
    """``acknowledgement_coverage`` for a caller that has read ``version_to_acknowledge``
    already: two queries, or one given the school's ``staff_memberships``."""
    needed = required.number if required is not None else None
    people: dict[User, set[Role]] = {}
    for membership in staff_memberships(school) if staff is None else staff:
        people.setdefault(membership.user, set()).add(Role(membership.role))
    latest: dict[int, tuple[int, datetime]] = {}
    acks = PolicyAcknowledgement.objects.for_school(school).values_list(
        "user_id", "version__number", "acknowledged_at"
    )
    for user_id, number, when in acks:
        # Only published versions are acknowledged, so each has a number.
        if number is not None and (user_id not in latest or number > latest[user_id][0]):
            latest[user_id] = (number, when)
    rows = []
    for user, roles in people.items():
        newest = latest.get(user.pk)
        rows.append(
            StaffAcknowledgement(
                user=user,
                roles=tuple(role.label for role in Role if role in roles),
                latest_number=newest[0] if newest else None,
                acknowledged_at=newest[1] if newest else None,
                up_to_date=needed is not None and newest is not None and newest[0] >= needed,
            )
        )
    return rows


@dataclass(frozen=True)
class AcknowledgementStatus:
    """Where one member of staff stands with the policy in force."""

    current: PolicyVersion | None  # the version in force
    required: PolicyVersion | None  # the last material change, which they must have read
    latest: PolicyAcknowledgement | None  # their newest acknowledgement

    @property
    def up_to_date(self) -> bool:
        if self.required is None or self.latest is None:
            return False
        return (self.latest.version.number or 0) >= (self.required.number or 0)

    @property
    def again(self) -> bool:
        """They acknowledged an earlier version, and a material change came since."""
        return self.latest is not None and self.required is not None and not self.up_to_date


def acknowledgement_status(school: School, user: User) -> AcknowledgementStatus:
    latest = (
        PolicyAcknowledgement.objects.for_school(school)
        .filter(user=user)
        .select_related("version")
        .order_by("-version__number")
        .first()
    )
    return AcknowledgementStatus(
        current=policy_current(school), required=version_to_acknowledge(school), latest=latest
    )


@transaction.atomic
def policy_acknowledge(*, version: PolicyVersion, user: User) -> PolicyAcknowledgement:
    """``user`` has read ``version``, which must be the one in force. Once per version."""
    school = version.school
    if not version.is_published:
        raise PolicyError("Only a published policy can be acknowledged.")
    current = policy_current(school)
    if current is None or current.pk != version.pk:
        newer = current.number if current is not None else "?"
        raise PolicyError(
            f"Version {version.number} is no longer in force: read version {newer} "
            "and acknowledge that."
        )
    if not roles_of(user, school) & STAFF_ROLES:
        raise PolicyError("Only the school's staff acknowledge its policy.")
    existing = (
        PolicyAcknowledgement.objects.for_school(school).filter(version=version, user=user).first()
    )
    if existing is not None:
        return existing
    ack = PolicyAcknowledgement(school=school, version=version, user=user)
    ack._history_user = user  # type: ignore[attr-defined]
    ack.save()
    return ack
