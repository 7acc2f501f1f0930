"""Who must set up two-factor sign-in, and where: those who see incidents and evidence."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from schools.models import School
from schools.roles import Role
from tests.factories import member
from twofactor.services import school_two_factor_require
from twofactor.session import VERIFIED

from .helpers import enrol, verified_client

SETUP = reverse("twofactor:setup")


def home(school: School) -> str:
    return reverse("schools:home", kwargs={"school_slug": school.slug})


def requiring(school: School, head) -> School:
    school_two_factor_require(school=school, required=True, by=head)
    return School.objects.get(pk=school.pk)


@pytest.mark.parametrize("who", ["dsl", "head"])
def test_at_a_school_requiring_it_the_dsl_and_the_head_are_sent_to_set_up(
    who, school, head, dsl, client_for
) -> None:
    requiring(school, head)
    person = {"dsl": dsl, "head": head}[who]
    client = client_for(person)

    response = client.get(home(school))

    assert response.status_code == 302
    assert response["Location"] == f"{SETUP}?next={home(school)}"
    page = client.get(response["Location"])
    assert "requires two-factor sign-in for your role" in page.content.decode()


def test_the_e_safety_team_is_sent_to_set_up_too(school, head, client_for) -> None:
    requiring(school, head)
    esafety = member(school, Role.ESAFETY)

    assert client_for(esafety).get(home(school))["Location"].startswith(SETUP)


@pytest.mark.parametrize("who", ["teacher", "governor"])
def test_a_teacher_and_a_governor_are_not(who, school, head, teacher, governor, client_for) -> None:
    requiring(school, head)
    person = {"teacher": teacher, "governor": governor}[who]

    assert client_for(person).get(home(school)).status_code == 200


def test_with_the_portal_setting_the_same_without_the_school_flag(
    settings, school, head, dsl, teacher, governor, client_for
) -> None:
    settings.PORTAL_TWO_FACTOR_REQUIRED = True
    assert not school.requires_two_factor

    for person in (head, dsl):
        assert client_for(person).get(home(school))["Location"].startswith(SETUP)
    for person in (teacher, governor):
        assert client_for(person).get(home(school)).status_code == 200


def test_not_required_in_the_demo_configuration(demo, client_for) -> None:
    from django.conf import settings

    from accounts.models import User

    assert settings.PORTAL_TWO_FACTOR_REQUIRED is False
    assert not any(school.requires_two_factor for school in demo.values())
    dsl = User.objects.get(email="dsl@chestnuts.example")

    assert client_for(dsl).get(home(demo["chestnuts"])).status_code == 200


def test_once_set_up_and_verified_the_school_opens(school, head, dsl, client_for) -> None:
    requiring(school, head)
    enrol(dsl)

    assert verified_client(dsl).get(home(school)).status_code == 200


def test_pages_outside_the_school_still_work(school, head, dsl, client_for) -> None:
    requiring(school, head)
    client = client_for(dsl)

    assert client.get(reverse("accounts:choose-school")).status_code == 200
    assert client.get(reverse("twofactor:manage")).status_code == 200
    assert client.get(SETUP).status_code == 200
    assert client.post(reverse("accounts:logout")).status_code == 302


def test_only_the_requiring_school_sends_them_to_set_up(
    school, other_school, head, client_for
) -> None:
    requiring(school, head)
    from schools.services import membership_grant

    membership_grant(school=other_school, user=head, role=Role.DSL)
    client = client_for(head)

    assert client.get(home(other_school)).status_code == 200
    assert client.get(home(school))["Location"].startswith(SETUP)


def test_a_background_poll_gets_403_not_a_redirect(school, head, dsl, client_for) -> None:
    import uuid

    requiring(school, head)
    poll = reverse("jobs:status", kwargs={"school_slug": school.slug, "job_id": uuid.uuid4()})

    assert client_for(dsl).get(poll).status_code == 403


def test_a_kiosk_browser_is_exempt(school, head, dsl, client_for) -> None:
    from agreements.kiosk import KIOSK_ID

    requiring(school, head)
    client = client_for(dsl)
    session = client.session
    session[KIOSK_ID] = "00000000-0000-0000-0000-000000000000"
    session.save()

    response = client.get(home(school))

    assert not response.get("Location", "").startswith(SETUP)


def test_the_published_policy_stays_public(school, head, dsl, client_for) -> None:
    requiring(school, head)
    client = client_for(dsl)
    public = reverse("policies:policy", kwargs={"school_slug": school.slug})

    response = client.get(public)

    assert not response.get("Location", "").startswith(SETUP)


def test_a_new_sign_in_must_verify_again(school, head, dsl) -> None:
    requiring(school, head)
    enrol(dsl)
    client = Client()
    client.force_login(dsl)

    assert VERIFIED not in client.session
    assert client.get(home(school))["Location"].startswith(reverse("twofactor:verify"))
