"""Shared fixtures: a fixed cast in two test schools, signed-in clients, the demo.

Oakfield is the school under test; Riverside is the other school. The cast:

| fixture    | who                  | roles                                  |
| ---------- | -------------------- | -------------------------------------- |
| `head`     | Helen Hughes         | headteacher at Oakfield                |
| `dsl`      | Dan Douglas          | designated safeguarding lead, Oakfield |
| `teacher`  | Tara Thompson        | teacher at Oakfield                    |
| `governor` | Gina Gould           | governor at Oakfield                   |
| `outsider` | Oscar Osei           | teacher at Riverside only              |

Everyone's password is ``factories.TEST_PASSWORD``.
"""

from __future__ import annotations

import re
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client
from django.test.utils import override_settings

from accounts.mail import account_mail
from accounts.models import User
from schools.models import School
from schools.roles import Role
from tests.factories import SchoolFactory, member

FAST_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
DEMO_SLUGS = ("chestnuts", "norris-bank")


@pytest.fixture(autouse=True, scope="session")
def _fast_password_hasher(django_test_environment: None) -> Iterator[None]:
    """The default hasher costs ~0.25 s a check; tests are fast however pytest is run.

    Session-wide (not the per-test ``settings`` fixture) so that session-scoped
    set-up done by other test folders hashes quickly too.

    WhiteNoise also looks each static file up when it is asked for, instead of
    indexing all of them when the middleware is built: every test ``Client``
    builds the middleware again, and the index cost ~35 ms each time (most of
    the isolation matrix's time). Static files are still served by WhiteNoise.
    """
    with override_settings(PASSWORD_HASHERS=FAST_HASHERS, WHITENOISE_AUTOREFRESH=True):
        yield


@pytest.fixture(autouse=True)
def _fresh_throttles_and_mail(settings: Any) -> Iterator[None]:
    """Each test starts with no failed sign-ins counted (accounts/throttle.py) and leaves
    no reset email still on its way into the next test's outbox.

    The counts get a namespace of the test's own rather than an emptied cache: on the
    production stack the test processes share one Redis, and emptying it under another
    process's test would lose that test's counts (or a kiosk's wrong passwords).
    """
    settings.LOGIN_THROTTLE_NAMESPACE = uuid.uuid4().hex
    yield
    account_mail.flush()


@pytest.fixture
def school(db: None) -> School:
    return SchoolFactory(slug="oakfield", name="Oakfield Primary School")


@pytest.fixture
def other_school(db: None) -> School:
    return SchoolFactory(slug="riverside", name="Riverside Primary School")


@pytest.fixture
def head(school: School) -> User:
    return member(school, Role.HEADTEACHER, full_name="Helen Hughes", email="head@oakfield.test")


@pytest.fixture
def dsl(school: School) -> User:
    return member(school, Role.DSL, full_name="Dan Douglas", email="dsl@oakfield.test")


@pytest.fixture
def teacher(school: School) -> User:
    return member(school, Role.TEACHER, full_name="Tara Thompson", email="teacher@oakfield.test")


@pytest.fixture
def governor(school: School) -> User:
    return member(school, Role.GOVERNOR, full_name="Gina Gould", email="governor@oakfield.test")


@pytest.fixture
def outsider(other_school: School) -> User:
    return member(
        other_school, Role.TEACHER, full_name="Oscar Osei", email="teacher@riverside.test"
    )


@pytest.fixture
def client_for(db: None) -> Callable[[User], Client]:
    """``client_for(user)``: a test client already signed in as ``user``."""

    def make(user: User) -> Client:
        client = Client()
        client.force_login(user)
        return client

    return make


@pytest.fixture
def demo(db: None) -> dict[str, School]:
    """Both demo schools of PRODUCT.md §6, by slug."""
    call_command("load_demo", verbosity=0)
    return {school.slug: school for school in School.objects.filter(slug__in=DEMO_SLUGS)}


_CSRF_TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="[^"]*"')


@pytest.fixture
def comparable_body() -> Callable[[bytes], str]:
    """A page's HTML with its per-response CSRF tokens blanked, to compare two pages."""

    def clean(content: bytes) -> str:
        return _CSRF_TOKEN.sub('name="csrfmiddlewaretoken" value=""', content.decode())

    return clean


@pytest.fixture
def private_storage(settings: Any, tmp_path: Path) -> Path:
    """Files the test writes go to its own temporary directory, not the portal's."""
    root = tmp_path / "private"
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": root, "base_url": None},
        },
    }
    return root
