"""Where a person goes after signing in (accounts:after-login, accounts:choose-school, root)."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from schools.roles import Role
from tests.factories import MembershipFactory, SchoolFactory, UserFactory, member

WELCOME_URL = reverse("accounts:after-login")
PICKER_URL = reverse("accounts:choose-school")
NO_SCHOOL = "Your account is not part of any school yet."


def test_one_school_goes_straight_to_it(teacher, client_for):
    response = client_for(teacher).get(WELCOME_URL)

    assert response.status_code == 302
    assert response["Location"] == "/oakfield/"


def test_several_roles_in_one_school_still_go_straight_to_it(school, client_for):
    person = member(school, Role.TEACHER, Role.DSL)

    response = client_for(person).get(WELCOME_URL)

    assert response["Location"] == "/oakfield/"


def test_several_schools_get_the_picker_listing_exactly_theirs(
    school, other_school, teacher, client_for
):
    MembershipFactory(school=other_school, user=teacher, role=Role.GOVERNOR)
    SchoolFactory(slug="elmwood", name="Elmwood Primary School")

    response = client_for(teacher).get(WELCOME_URL, follow=True)

    assert response.redirect_chain == [(PICKER_URL, 302)]
    assert "Choose the one you want to work in now." in response.text
    assert [s.slug for s in response.context["schools"]] == ["oakfield", "riverside"]
    assert 'href="/oakfield/"' in response.text
    assert 'href="/riverside/"' in response.text
    assert "Elmwood" not in response.text


def test_no_school_sees_the_not_part_of_any_school_page(school, teacher, client_for):
    stranger = UserFactory()

    response = client_for(stranger).get(WELCOME_URL, follow=True)

    assert response.redirect_chain == [(PICKER_URL, 302)]
    assert NO_SCHOOL in response.text
    assert "Oakfield" not in response.text
    assert "Go to platform administration" not in response.text


def test_ended_role_no_longer_counts_as_a_school(teacher, client_for):
    membership = teacher.memberships.get()
    membership.ended_at = timezone.now()
    membership.save()

    response = client_for(teacher).get(WELCOME_URL, follow=True)

    assert NO_SCHOOL in response.text


def test_deactivated_school_is_not_offered(school, other_school, teacher, client_for):
    MembershipFactory(school=other_school, user=teacher, role=Role.TEACHER)
    other_school.is_active = False
    other_school.save()

    response = client_for(teacher).get(WELCOME_URL)

    assert response["Location"] == "/oakfield/"


def test_platform_administrator_without_a_school_is_offered_the_admin(db, client_for):
    admin = UserFactory(is_staff=True, is_superuser=True)

    response = client_for(admin).get(PICKER_URL)

    assert NO_SCHOOL in response.text
    assert 'href="/admin/"' in response.text


@pytest.mark.django_db
def test_picker_and_welcome_need_sign_in(client):
    assert client.get(PICKER_URL)["Location"] == f"/accounts/login/?next={PICKER_URL}"
    assert client.get(WELCOME_URL)["Location"] == f"/accounts/login/?next={WELCOME_URL}"


@pytest.mark.django_db
def test_site_root_sends_visitors_to_sign_in(client):
    response = client.get("/")

    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/"


def test_site_root_sends_a_signed_in_person_to_their_school(teacher, client_for):
    response = client_for(teacher).get("/")

    assert response["Location"] == "/oakfield/"


def test_the_picker_leads_to_the_persons_two_factor_sign_in(teacher, client_for):
    page = client_for(teacher).get(PICKER_URL).content.decode()

    assert f'<a href="{reverse("twofactor:manage")}">Two-factor sign-in</a>' in page
    # One school: the page does not claim there are several.
    assert "You work with more than one school" not in page
