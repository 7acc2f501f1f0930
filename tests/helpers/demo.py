"""The demo schools (PRODUCT.md §6) loaded once per test module, and the cast that uses them.

``load_demo`` takes a good fraction of a second, too slow to repeat for each of
the isolation matrix's hundreds of cases. ``demo_db`` loads it once per module
inside a transaction that is rolled back when the module ends; each test still
runs in its own savepoint (pytest-django's ``db``) nested inside it, so tests
never see one another's writes and the demo rows never outlive the module.

Use it from a conftest::

    from tests.helpers.demo import demo_db, demo_schools  # noqa: F401
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from django.core.management import call_command
from django.db import connection, transaction
from django.test import Client
from pytest_django import DjangoDbBlocker

from accounts.models import User
from schools.demo import ADMIN_EMAIL, DEMO_SCHOOLS, DemoSchool, demo_email
from schools.models import School
from schools.roles import Module, Role

SCHOOL_SLUGS: tuple[str, ...] = tuple(spec.slug for spec in DEMO_SCHOOLS)
UNKNOWN_SLUG = "no-such-school"


def spec_for(slug: str) -> DemoSchool:
    return next(spec for spec in DEMO_SCHOOLS if spec.slug == slug)


def other_slug(slug: str) -> str:
    return next(other for other in SCHOOL_SLUGS if other != slug)


def module_on(slug: str, module: Module | None) -> bool:
    return module is None or module in spec_for(slug).modules


@dataclass(frozen=True)
class Actor:
    """Who makes a request: a demo account, the platform admin, or nobody signed in."""

    label: str  # "teacher.chestnuts": usable in pytest -k, unlike "@"
    email: str | None = None
    school: str | None = None  # the one school where this account holds roles
    prefix: str = ""  # the demo account's prefix: "head", "dsl"…

    @property
    def anonymous(self) -> bool:
        return self.email is None

    def roles_in(self, slug: str) -> frozenset[Role]:
        """The roles the demo contract gives this account in school ``slug``."""
        if self.school != slug:
            return frozenset()
        person = next(p for p in spec_for(slug).people if p.prefix == self.prefix)
        return frozenset(person.roles)

    def user(self) -> User | None:
        return None if self.email is None else User.objects.get(email=self.email)

    def client(self) -> Client:
        client = Client()
        user = self.user()
        if user is not None:
            client.force_login(user)
        return client


ANONYMOUS = Actor("anonymous")
PLATFORM_ADMIN = Actor("admin", ADMIN_EMAIL)
DEMO_MEMBERS: tuple[Actor, ...] = tuple(
    Actor(
        f"{person.prefix}.{spec.slug}",
        demo_email(person.prefix, spec.slug),
        spec.slug,
        person.prefix,
    )
    for spec in DEMO_SCHOOLS
    for person in spec.people
)
# Every account the matrix tries: each demo role in each school, plus two outsiders.
ACTORS: tuple[Actor, ...] = (ANONYMOUS, PLATFORM_ADMIN, *DEMO_MEMBERS)


def demo_member(prefix: str, slug: str) -> Actor:
    return next(a for a in DEMO_MEMBERS if a.prefix == prefix and a.school == slug)


def member_with(slug: str, roles: frozenset[Role]) -> Actor | None:
    """The first demo account of ``slug`` holding one of ``roles`` (empty: anyone)."""
    for actor in DEMO_MEMBERS:
        held = actor.roles_in(slug)
        if held and (not roles or held & roles):
            return actor
    return None


@dataclass(frozen=True)
class DemoSchools:
    by_slug: dict[str, School]

    def __getitem__(self, slug: str) -> School:
        return self.by_slug[slug]


def settle_constraints() -> None:
    """Check the deferred constraints of what the module's transaction holds, once.

    Each test's teardown checks deferred constraints inside its savepoint; on
    PostgreSQL, rolling the savepoint back leaves the demo's own rows pending
    again, so without this every test re-checked all of them (~16 ms a test).
    """
    connection.check_constraints()


@pytest.fixture(scope="module")
def demo_db(django_db_setup: None, django_db_blocker: DjangoDbBlocker) -> Iterator[None]:
    """Both demo schools, loaded once for the module and rolled back after it."""
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        call_command("load_demo", verbosity=0)
        settle_constraints()
    try:
        yield
    finally:
        with django_db_blocker.unblock():
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


@pytest.fixture
def demo_schools(demo_db: None, db: None) -> DemoSchools:
    """The demo schools by slug, for a test running in its own savepoint."""
    return DemoSchools(
        {school.slug: school for school in School.objects.filter(slug__in=SCHOOL_SLUGS)}
    )


@pytest.fixture(name="demo")
def demo_once(demo_db: None, db: None) -> dict[str, School]:
    """``tests/conftest.py``'s ``demo``, loaded once for the module instead of per test.

    For a module whose tests only read the demo or change it inside their own
    savepoint (none transactional): ``from tests.helpers.demo import demo_db, demo_once``.
    """
    return {school.slug: school for school in School.objects.filter(slug__in=SCHOOL_SLUGS)}
