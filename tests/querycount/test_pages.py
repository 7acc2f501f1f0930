"""Pages whose data can grow cost the same number of queries at 5 and at 50 records."""

from __future__ import annotations

import itertools

import pytest
from django.test import Client
from django.urls import reverse

from accounts.models import User
from schools.models import School, SchoolClass, YearGroup
from schools.roles import Module, Role
from schools.services import membership_grant, school_class_ensure, school_ensure
from tests.helpers.demo import DemoSchools
from tests.helpers.querycount import assert_queries_constant

_serial = itertools.count()


def new_person(label: str) -> User:
    n = next(_serial)
    return User.objects.create_user(email=f"{label}{n}@querycount.test", full_name=f"{label} {n}")


def new_school() -> School:
    n = next(_serial)
    return school_ensure(
        slug=f"querycount-{n}", name=f"Query Count {n} Primary", enabled_modules=list(Module)
    )


@pytest.fixture
def head(demo_schools: DemoSchools) -> Client:
    client = Client()
    client.force_login(User.objects.get(email="head@chestnuts.example"))
    return client


def test_school_home_with_a_growing_e_safety_team(demo_schools: DemoSchools, head: Client) -> None:
    school = demo_schools["chestnuts"]
    url = reverse("schools:home", kwargs={"school_slug": school.slug})

    def add_team_members(n: int) -> None:
        for _ in range(n):
            membership_grant(school=school, user=new_person("E-safety"), role=Role.ESAFETY)

    assert_queries_constant(lambda: head.get(url), add_team_members)
    assert head.get(url).content.decode().count("<li>E-safety ") == 50


def test_school_home_with_many_classes(demo_schools: DemoSchools, head: Client) -> None:
    school = demo_schools["chestnuts"]
    url = reverse("schools:home", kwargs={"school_slug": school.slug})

    def add_classes(n: int) -> None:
        for _ in range(n):
            name = f"Class {next(_serial)}"
            school_class_ensure(school=school, name=name, year_group=YearGroup.YEAR_3)

    assert_queries_constant(lambda: head.get(url), add_classes)
    assert SchoolClass.objects.for_school(school).count() == 50 + len(YearGroup)


def test_school_home_for_someone_in_many_schools(demo_schools: DemoSchools) -> None:
    person = new_person("Trust officer")
    membership_grant(school=demo_schools["chestnuts"], user=person, role=Role.GOVERNOR)
    client = Client()
    client.force_login(person)
    url = reverse("schools:home", kwargs={"school_slug": "chestnuts"})

    def join_schools(n: int) -> None:
        for _ in range(n):
            membership_grant(school=new_school(), user=person, role=Role.GOVERNOR)

    assert_queries_constant(lambda: client.get(url), join_schools)


def test_school_picker_for_someone_in_many_schools(db: None) -> None:
    person = new_person("Network manager")
    client = Client()
    client.force_login(person)
    url = reverse("accounts:choose-school")

    def join_schools(n: int) -> None:
        for _ in range(n):
            membership_grant(school=new_school(), user=person, role=Role.NETWORK_MANAGER)

    assert_queries_constant(lambda: client.get(url), join_schools)
    assert client.get(url).content.decode().count("Query Count ") == 50
