"""Signing in by email and password (accounts:login)."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from tests.factories import TEST_PASSWORD

LOGIN_URL = reverse("accounts:login")
NO_MATCH = "That email address and password do not match an account."


def sign_in(client: Client, email: str, password: str, **extra: str):
    return client.post(LOGIN_URL, {"username": email, "password": password, **extra}, follow=True)


def signed_in(client: Client) -> bool:
    return "_auth_user_id" in client.session


@pytest.mark.django_db
def test_login_page_asks_for_email_and_password(client):
    response = client.get(LOGIN_URL)

    assert response.status_code == 200
    assert "Sign in with the email address your school gave the portal." in response.text
    assert 'type="email"' in response.text
    assert 'autocomplete="current-password"' in response.text


@pytest.mark.parametrize(
    "typed", ["teacher@oakfield.test", "Teacher@Oakfield.TEST", "  TEACHER@oakfield.test "]
)
def test_correct_email_in_any_case_lands_in_their_school(client, teacher, typed):
    response = sign_in(client, typed, TEST_PASSWORD)

    assert response.redirect_chain[-1] == ("/oakfield/", 302)
    assert response.status_code == 200
    assert "Oakfield Primary School" in response.text
    assert "Welcome, Tara." in response.text


def test_wrong_password_reads_the_same_as_unknown_email(client, teacher):
    wrong_password = sign_in(client, "teacher@oakfield.test", "not-the-password")
    unknown_email = sign_in(client, "nobody@oakfield.test", TEST_PASSWORD)

    assert wrong_password.status_code == unknown_email.status_code == 200
    assert NO_MATCH in wrong_password.text
    assert NO_MATCH in unknown_email.text
    assert wrong_password.context["form"].errors == unknown_email.context["form"].errors
    assert not signed_in(client)


def test_inactive_account_reads_the_same_as_unknown_email(client, teacher):
    teacher.is_active = False
    teacher.save()

    inactive = sign_in(client, "teacher@oakfield.test", TEST_PASSWORD)
    unknown_email = sign_in(client, "nobody@oakfield.test", TEST_PASSWORD)

    assert inactive.status_code == unknown_email.status_code == 200
    assert NO_MATCH in inactive.text
    assert inactive.context["form"].errors == unknown_email.context["form"].errors
    assert not signed_in(client)


def test_failed_sign_in_keeps_the_typed_email(client, teacher):
    response = sign_in(client, "teacher@oakfield.test", "not-the-password")

    assert 'value="teacher@oakfield.test"' in response.text


def test_signed_in_person_opening_login_page_goes_to_their_school(teacher, client_for):
    response = client_for(teacher).get(LOGIN_URL, follow=True)

    assert response.redirect_chain[-1] == ("/oakfield/", 302)


def test_safe_next_is_honoured(client, teacher):
    response = sign_in(client, "teacher@oakfield.test", TEST_PASSWORD, next="/accounts/schools/")

    assert response.redirect_chain == [("/accounts/schools/", 302)]
    assert "Your schools" in response.text


@pytest.mark.parametrize(
    "evil_next",
    [
        "https://evil.example/",
        "//evil.example/",
        "http://evil.example/oakfield/",
        "/\\evil.example/",
        "javascript:alert(1)",
    ],
)
def test_external_next_is_ignored(client, teacher, evil_next):
    response = sign_in(client, "teacher@oakfield.test", TEST_PASSWORD, next=evil_next)

    assert signed_in(client)
    assert response.redirect_chain[-1] == ("/oakfield/", 302)
    assert all("evil.example" not in url for url, _ in response.redirect_chain)


def test_next_from_a_school_page_returns_there_after_sign_in(client, teacher):
    bounced = client.get("/oakfield/")
    assert bounced.status_code == 302
    assert bounced["Location"] == "/accounts/login/?next=/oakfield/"

    response = sign_in(client, "teacher@oakfield.test", TEST_PASSWORD, next="/oakfield/")

    assert response.redirect_chain == [("/oakfield/", 302)]


def test_signing_in_records_when_but_adds_no_history_row(client, teacher):
    history_before = teacher.history.count()

    client.post(LOGIN_URL, {"username": teacher.email, "password": TEST_PASSWORD})

    teacher.refresh_from_db()
    assert teacher.last_login is not None
    assert teacher.history.count() == history_before
