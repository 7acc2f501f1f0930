"""Who needs training: staff who have not had each required kind within its interval.

Three queries whatever the number of staff and sessions: the staff, the
school's rules, and each person's latest session of each kind.
"""

from __future__ import annotations

import calendar
import datetime
from dataclasses import dataclass, field, replace

from django.db.models import Max

from accounts.models import User
from schools.access import staff_memberships
from schools.models import Membership, School, TrainingRule, training_rules
from schools.roles import TRAINED_ROLES, Role, TrainingKind
from training.models import Attendance, SessionStatus


def add_months(day: datetime.date, months: int) -> datetime.date:
    """The same day ``months`` later, or the month's last day (31 January + 1 → 28/29 February)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return day.replace(
        year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1])
    )


@dataclass(frozen=True)
class StaffMember:
    user: User
    roles: frozenset[Role]
    joined: datetime.date

    @property
    def role_labels(self) -> str:
        return ", ".join(role.label for role in Role if role in self.roles)


@dataclass(frozen=True)
class Due:
    person: StaffMember
    last: datetime.date | None  # their latest session of the kind, if any
    since: datetime.date  # when it fell due


@dataclass(frozen=True)
class KindStatus:
    kind: TrainingKind
    rule: TrainingRule
    due: list[Due] = field(default_factory=list)


def trained_staff(school: School, staff: list[Membership] | None = None) -> list[StaffMember]:
    """Everyone the policies require to be trained, by name, with when they joined
    (one query, or none given the school's ``staff_memberships``)."""
    memberships = [
        membership
        for membership in (staff_memberships(school) if staff is None else staff)
        if membership.role in TRAINED_ROLES
    ]
    people: dict[int, StaffMember] = {}
    for membership in memberships:
        role = Role(membership.role)
        known = people.get(membership.user_id)
        if known is None:
            joined = membership.started_at.astimezone(school.tz).date()
            people[membership.user_id] = StaffMember(membership.user, frozenset({role}), joined)
        else:
            people[membership.user_id] = replace(known, roles=known.roles | {role})
    return list(people.values())


def latest_sessions(school: School) -> dict[tuple[int, str], datetime.date]:
    """Each person's latest (not withdrawn) session of each kind."""
    rows = (
        Attendance.objects.for_school(school)
        .filter(session__status=SessionStatus.RECORDED)
        .values("user_id", "session__kind")
        .annotate(last=Max("session__held_on"))
    )
    return {(row["user_id"], row["session__kind"]): row["last"] for row in rows}


def _falls_due(
    rule: TrainingRule, person: StaffMember, last: datetime.date | None
) -> datetime.date | None:
    if last is None:
        return person.joined
    if rule.refresh_months is None:
        return None  # once is enough
    return add_months(last, rule.refresh_months)


def training_due(
    school: School,
    today: datetime.date,
    staff: list[StaffMember] | None = None,
    rules: dict[TrainingKind, TrainingRule] | None = None,
) -> list[KindStatus]:
    """For each kind the school requires, the staff whose training is due by ``today``.

    ``staff``: the school's ``trained_staff``, and ``rules``, its ``training_rules``,
    if the caller has read them already.
    """
    staff = trained_staff(school) if staff is None else staff
    latest = latest_sessions(school)
    statuses = []
    for kind, rule in (training_rules(school) if rules is None else rules).items():
        if not rule.required:
            continue
        status = KindStatus(kind, rule)
        for person in staff:
            last = latest.get((person.user.pk, kind))
            since = _falls_due(rule, person, last)
            if since is not None and since <= today:
                status.due.append(Due(person, last, since))
        statuses.append(status)
    return statuses


def people_due(statuses: list[KindStatus]) -> set[int]:
    return {due.person.user.pk for status in statuses for due in status.due}
