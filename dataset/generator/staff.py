"""A school's people and set-up: staff and governors, settings, classes and the roster.

Each account has a membership in its role; the headteacher is recorded as
setting up the school's review routes, copies of the platform's social
networks and mobile providers, the generic incident checklists, one class per
year group and the children on roll.
"""

from __future__ import annotations

import datetime

from accounts.models import User
from agreements.models import Child
from dataset import names
from dataset.generator.history import _by
from dataset.generator.seeded import PUPILS, STAFF, _Built, _School, email_for
from incidents.checklists import GENERIC_STEPS, _rows
from schools.models import (
    Membership,
    PhoneProvider,
    ReviewRoute,
    School,
    SchoolClass,
    SocialNetwork,
    YearGroup,
)
from schools.roles import RecordKind, Role


def _people(
    s: _School, school: School, slug: str, founded: datetime.datetime, built: _Built
) -> dict[Role, list[User]]:
    staff: dict[Role, list[User]] = {}
    for role, count, title in STAFF:
        for i in range(1, count + 1):
            prefix = {Role.HEADTEACHER: "head", Role.NETWORK_MANAGER: "network"}.get(
                role, str(role)
            )
            user = User(
                public_id=s.uid(),
                email=email_for(prefix if count == 1 else f"{prefix}{i}", slug),
                full_name=s.person_name(),
                password=s.context.password,
                date_joined=founded,
            )
            s.rows.add(user, at=founded, by=None)
            built.users.append(user)
            staff.setdefault(role, []).append(user)
            label = f"{title}, {YearGroup(i % 7).label}" if role == Role.TEACHER else title
            membership = Membership(school=school, user=user, role=role, title=label)
            membership.started_at = founded
            s.rows.add(membership, at=founded, by=None)
    return staff


def _configuration(s: _School, school: School, head: User, at: datetime.datetime) -> None:
    reviewer = Role.HEADTEACHER if s.number % 2 else Role.ESAFETY
    routes = {
        RecordKind.ACCESS_REQUEST: (reviewer,),
        RecordKind.CONTENT_REPORT: (reviewer,),
        RecordKind.INCIDENT: (Role.HEADTEACHER, Role.DSL),
        RecordKind.COMPLAINT: (Role.GOVERNOR,),
    }
    for kind, roles in routes.items():
        for role in roles:
            s.rows.add(ReviewRoute(school=school, kind=kind, role=role), at=at, by=_by(head))
    for default in s.context.networks:
        copy = SocialNetwork(
            public_id=s.uid(),
            school=school,
            default=default,
            blocked=school.blocks_all_social_media or s.rng.random() < 0.3,
            **{name: getattr(default, name) for name in SocialNetwork.COPIED_FIELDS},
        )
        s.rows.add(copy, at=at, by=_by(head))
    for provider_default in s.context.providers:
        provider = PhoneProvider(
            public_id=s.uid(),
            school=school,
            default=provider_default,
            **{name: getattr(provider_default, name) for name in PhoneProvider.COPIED_FIELDS},
        )
        s.rows.add(provider, at=at, by=_by(head))
    for step in _rows(school, GENERIC_STEPS):
        step.public_id = s.uid()
        s.rows.add(step, at=at, by=_by(head))


def _classes(s: _School, school: School, head: User, at: datetime.datetime) -> list[SchoolClass]:
    trees = s.rng.sample(names.CLASS_TREES, len(YearGroup))
    classes = []
    for tree, year_group in zip(trees, YearGroup, strict=True):
        school_class = SchoolClass(
            public_id=s.uid(),
            school=school,
            name=f"{tree} ({year_group.label})",
            year_group=year_group.value,
        )
        classes.append(s.rows.add(school_class, at=at, by=_by(head)))
    return classes


def _roster(
    s: _School, school: School, classes: list[SchoolClass], head: User, at: datetime.datetime
) -> list[Child]:
    pupils = PUPILS + s.rng.randint(-20, 20)
    children = []
    for i in range(pupils):
        school_class = classes[i * len(classes) // pupils]
        born = datetime.date(s.today.year - 5 - school_class.year_group, 9, 1) + datetime.timedelta(
            days=s.rng.randint(0, 364)
        )
        child = Child(
            public_id=s.uid(),
            school=school,
            first_name=s.pick(names.FIRST_NAMES),
            last_name=s.pick(names.LAST_NAMES),
            school_class=school_class,
            date_of_birth=born,
            reference=f"P{s.number:05d}{i:04d}",
            on_roll=s.rng.random() > 0.02,
        )
        children.append(s.rows.add(child, at=at, by=_by(head)))
    return children


def _reviewer(staff: dict[Role, list[User]], s: _School) -> User:
    return staff[Role.HEADTEACHER][0] if s.number % 2 else staff[Role.ESAFETY][0]
