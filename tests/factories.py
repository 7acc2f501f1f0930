"""factory_boy factories for the foundation's models.

Tenant-owned rows (``Membership``, ``SchoolClass``, ``ReviewRoute``) are
created with ``Model.save()`` through the default manager's ``create()``,
which never reads, so the scoped manager does not object. Never give them
``django_get_or_create``: the get would be an unscoped read and raise
``UnscopedQueryError``.

A child row always lives in its parent's school: a factory for a model that
points at another tenant-owned row takes its ``school`` from that parent
(``factory.SelfAttribute("<parent>.school")``) rather than building a new one.
"""

from __future__ import annotations

import factory
from factory.django import DjangoModelFactory, Password

from accounts.models import User
from schools.models import Membership, ReviewRoute, School, SchoolClass, YearGroup
from schools.roles import Module, RecordKind, Role

TEST_PASSWORD = "Correct-horse-battery-7"


class SchoolFactory(DjangoModelFactory):
    class Meta:
        model = School

    slug = factory.Sequence(lambda n: f"school-{n}")
    name = factory.LazyAttribute(lambda o: f"{o.slug.replace('-', ' ').title()} Primary School")
    time_zone = "Europe/London"
    enabled_modules = factory.LazyFunction(lambda: [str(module) for module in Module])
    is_active = True


class UserFactory(DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    full_name = factory.Sequence(lambda n: f"Person {n}")
    email = factory.Sequence(lambda n: f"person{n}@example.test")
    password = Password(TEST_PASSWORD)
    is_active = True


class MembershipFactory(DjangoModelFactory):
    """One role in one school. ``MembershipFactory(user=alice, school=oakfield)``."""

    class Meta:
        model = Membership

    school = factory.SubFactory(SchoolFactory)
    user = factory.SubFactory(UserFactory)
    role = Role.TEACHER
    title = ""


class SchoolClassFactory(DjangoModelFactory):
    class Meta:
        model = SchoolClass

    school = factory.SubFactory(SchoolFactory)
    name = factory.Sequence(lambda n: f"Class {n}")
    year_group = YearGroup.YEAR_3


class ReviewRouteFactory(DjangoModelFactory):
    class Meta:
        model = ReviewRoute

    school = factory.SubFactory(SchoolFactory)
    kind = RecordKind.ACCESS_REQUEST
    role = Role.HEADTEACHER


def member(school: School, *roles: Role, **user_fields: object) -> User:
    """A new person holding ``roles`` in ``school``: ``member(oakfield, Role.DSL)``."""
    user = UserFactory(**user_fields)
    for role in roles:
        MembershipFactory(school=school, user=user, role=role)
    return user
