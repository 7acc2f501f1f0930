"""``manage.py load_demo``: the demo contract of PRODUCT.md §6."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from django.db import models
from django.test import Client
from django.urls import reverse

from accounts.models import User
from schools.demo import DEMO_PASSWORD
from schools.models import Membership, ReviewRoute, School, SchoolClass
from schools.roles import Module, Role
from tests.helpers.demo import demo_db, demo_once  # noqa: F401 - the demo, once per module

PREFIXES = ("head", "dsl", "esafety", "teacher", "support", "network", "governor")
DEMO_ACCOUNTS = [
    (f"{prefix}@{slug}.example", slug)
    for slug in ("chestnuts", "norris-bank")
    for prefix in PREFIXES
]
CLASS_NAMES = ["Reception", "Year 1", "Year 2", "Year 3", "Year 4", "Year 5", "Year 6"]
TENANT_MODELS: list[type[models.Model]] = [Membership, SchoolClass, ReviewRoute]
ALL_MODELS: list[type[models.Model]] = [User, School, *TENANT_MODELS]


def sign_in(email: str, password: str):
    client = Client()
    response = client.post(
        reverse("accounts:login"), {"username": email, "password": password}, follow=True
    )
    return client, response


def roles_at(email: str, school: School) -> set[str]:
    user = User.objects.get(email=email)
    return {m.role for m in user.memberships.filter(school=school, ended_at__isnull=True)}


def row_counts() -> dict[str, int]:
    counts = {}
    for model in ALL_MODELS:
        manager = model._default_manager
        rows = (
            manager.unscoped("test: counting every school's rows")
            if model in TENANT_MODELS
            else manager.all()
        )
        counts[model.__name__] = rows.count()
        history = model.history.model  # type: ignore[attr-defined]
        counts[history.__name__] = history.objects.count()
    return counts


def test_creates_both_schools(demo):
    assert sorted(demo) == ["chestnuts", "norris-bank"]
    assert demo["chestnuts"].name == "Chestnuts Primary School"
    assert demo["norris-bank"].name == "Norris Bank Primary School"
    assert all(school.is_active for school in demo.values())


@pytest.mark.parametrize(("email", "slug"), DEMO_ACCOUNTS)
def test_every_demo_account_signs_in_and_lands_in_its_school(demo, email, slug):
    _, response = sign_in(email, DEMO_PASSWORD)

    assert response.redirect_chain[-1] == (f"/{slug}/", 302)
    assert response.status_code == 200
    assert demo[slug].name in response.text


def test_platform_administrator_is_a_superuser_who_reaches_the_admin(demo):
    admin = User.objects.get(email="admin@portal.example")
    assert admin.is_superuser
    assert admin.is_staff
    assert not admin.memberships.exists()

    client, response = sign_in("admin@portal.example", DEMO_PASSWORD)

    assert "Go to platform administration" in response.text
    assert client.get("/admin/").status_code == 200


def test_school_staff_cannot_reach_the_admin(demo):
    client, _ = sign_in("head@chestnuts.example", DEMO_PASSWORD)

    response = client.get("/admin/")

    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


def test_norris_bank_head_is_also_on_the_esafety_team(demo):
    assert roles_at("head@norris-bank.example", demo["norris-bank"]) == {
        Role.HEADTEACHER,
        Role.ESAFETY,
    }
    assert roles_at("head@chestnuts.example", demo["chestnuts"]) == {Role.HEADTEACHER}


def test_each_demo_person_belongs_to_their_own_school_only(demo):
    for email, slug in DEMO_ACCOUNTS:
        user = User.objects.get(email=email)
        assert {m.school.slug for m in user.memberships.all()} == {slug}, email


@pytest.mark.parametrize("slug", ["chestnuts", "norris-bank"])
def test_both_schools_have_classes_reception_to_year_6(demo, slug):
    classes = SchoolClass.objects.for_school(demo[slug]).order_by("year_group")

    assert [c.name for c in classes] == CLASS_NAMES
    assert [c.year_group for c in classes] == list(range(7))


def test_agreements_are_on_at_chestnuts_and_off_at_norris_bank(demo):
    assert demo["chestnuts"].has_module(Module.AGREEMENTS)
    assert not demo["norris-bank"].has_module(Module.AGREEMENTS)


def test_home_pages_show_each_schools_own_arrangements(demo):
    chestnuts, _ = sign_in("head@chestnuts.example", DEMO_PASSWORD)
    norris_bank, _ = sign_in("head@norris-bank.example", DEMO_PASSWORD)

    chestnuts_home = chestnuts.get("/chestnuts/").text
    norris_bank_home = norris_bank.get("/norris-bank/").text

    assert "<dd>The headteacher</dd>" in chestnuts_home
    assert "<dd>The governing body</dd>" in norris_bank_home
    assert "Ella Ellis (Curriculum team – Computing)" in norris_bank_home
    assert "Hannah Holt (Headteacher)" in norris_bank_home


def test_running_it_again_changes_nothing(demo):
    before = row_counts()
    assert all(before.values()), before

    call_command("load_demo", verbosity=0)

    assert row_counts() == before


def test_running_it_again_keeps_a_changed_password(demo):
    head = User.objects.get(email="head@chestnuts.example")
    head.set_password("Chosen-by-harriet-2024")
    head.save()

    call_command("load_demo", verbosity=0)

    client, _ = sign_in("head@chestnuts.example", "Chosen-by-harriet-2024")
    assert "_auth_user_id" in client.session
    _, response = sign_in("head@chestnuts.example", DEMO_PASSWORD)
    assert "do not match an account" in response.text


def test_it_tells_you_the_accounts_and_password(db):
    out = StringIO()

    call_command("load_demo", stdout=out)

    assert "Demo schools ready: Chestnuts Primary School, Norris Bank Primary School" in (
        out.getvalue()
    )
    assert "'portal-demo'" in out.getvalue()
    assert "head@norris-bank.example" in out.getvalue()
