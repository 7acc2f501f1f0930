"""The policy's list pages cost the same number of queries at 5 and at 50 records."""

from __future__ import annotations

import itertools

import pytest
from django.test import Client
from django.urls import reverse

from accounts.models import User
from policies.services import (
    policy_acknowledge,
    policy_current,
    policy_draft_start,
    policy_publish,
)
from schools.roles import Role
from schools.services import membership_grant
from tests.helpers.demo import DemoSchools
from tests.helpers.querycount import assert_queries_constant

_serial = itertools.count()


@pytest.fixture
def head_user(demo_schools: DemoSchools) -> User:
    return User.objects.get(email="head@chestnuts.example")


@pytest.fixture
def head(head_user: User) -> Client:
    client = Client()
    client.force_login(head_user)
    return client


def test_versions_page_with_many_versions(
    demo_schools: DemoSchools, head: Client, head_user: User
) -> None:
    school = demo_schools["chestnuts"]
    url = reverse("policies:manage", kwargs={"school_slug": school.slug})

    def publish_versions(n: int) -> None:
        for _ in range(n):
            draft = policy_draft_start(school=school, by=head_user)
            policy_publish(
                version=draft, by=head_user, material_change=False, change_summary="Wording."
            )

    assert_queries_constant(lambda: head.get(url), publish_versions)
    assert head.get(url).content.decode().count("Read version ") == 51


def test_coverage_page_with_many_staff(demo_schools: DemoSchools, head: Client) -> None:
    school = demo_schools["chestnuts"]
    url = reverse("policies:coverage", kwargs={"school_slug": school.slug})
    version = policy_current(school)
    assert version is not None

    def add_staff(n: int) -> None:
        for i in range(n):
            n_ = next(_serial)
            person = User.objects.create_user(
                email=f"staff{n_}@querycount.test", full_name=f"Staff {n_}"
            )
            membership_grant(school=school, user=person, role=Role.TEACHER)
            if i % 2:
                membership_grant(school=school, user=person, role=Role.ESAFETY)
                policy_acknowledge(version=version, user=person)

    assert_queries_constant(lambda: head.get(url), add_staff)
    assert head.get(url).content.decode().count("Staff ") >= 50
