"""Throttling sign-ins per account and per address, and reset links per address."""

from __future__ import annotations

import re
import time
from types import SimpleNamespace
from typing import Any
from unittest import mock

import pytest
from django.core import mail
from django.test import Client, RequestFactory
from django.test.utils import override_settings
from django.urls import reverse

from accounts import throttle
from accounts.mail import account_mail
from accounts.models import User
from tests.factories import TEST_PASSWORD

LOGIN_URL = reverse("accounts:login")
RESET_URL = reverse("accounts:password-reset")
SENT_URL = reverse("accounts:password-reset-done")
TOO_MANY = "Too many attempts to sign in. Wait 15 minutes and try again, or reset your password."
TOO_MANY_RESETS = "Too many requests for a password reset link. Wait an hour and try again."
NO_MATCH = "That email address and password do not match an account."
NEW_PASSWORD = "Lantern-orchard-river-42"
HOME = "10.1.1.1"
ELSEWHERE = "10.2.2.2"


def client_at(address: str) -> Client:
    return Client(REMOTE_ADDR=address)


def sign_in(client: Client, email: str, password: str):
    return client.post(LOGIN_URL, {"username": email, "password": password}, follow=True)


def signed_in(client: Client) -> bool:
    return "_auth_user_id" in client.session


def fail(email: str, times: int, address: str = HOME) -> None:
    for _ in range(times):
        response = sign_in(client_at(address), email, "not-the-password")
        assert NO_MATCH in response.text


LOCAL_CACHE = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}


@pytest.fixture
def movable_clock(settings: Any) -> None:
    """Tests that move the cache's clock use the in-process cache, whose clock ``later``
    can move; on the production stack the default cache is Redis, whose clock no test
    can move. The window's logic is the same on both."""
    settings.CACHES = LOCAL_CACHE


def later(seconds: int):
    """The cache's clock, ``seconds`` from now: entries that expire by then are gone."""
    moved = time.time() + seconds
    return mock.patch("django.core.cache.backends.locmem.time", SimpleNamespace(time=lambda: moved))


def test_sixth_attempt_for_an_account_is_refused_even_with_the_right_password(teacher, head):
    fail("teacher@oakfield.test", 5)

    client = client_at(HOME)
    response = sign_in(client, "teacher@oakfield.test", TEST_PASSWORD)

    assert response.status_code == 200
    assert TOO_MANY in response.text
    assert NO_MATCH not in response.text
    assert not signed_in(client)
    # The account is refused from anywhere; other people are not held up.
    assert TOO_MANY in sign_in(client_at(ELSEWHERE), "teacher@oakfield.test", TEST_PASSWORD).text
    other = client_at(ELSEWHERE)
    sign_in(other, "head@oakfield.test", TEST_PASSWORD)
    assert signed_in(other)


def test_the_count_is_by_account_in_any_case_of_the_email(teacher):
    fail("Teacher@Oakfield.TEST", 3)
    fail(" teacher@oakfield.test ", 2)

    assert TOO_MANY in sign_in(client_at(HOME), "teacher@oakfield.test", TEST_PASSWORD).text


def test_a_refused_attempt_does_not_check_the_password(teacher):
    fail("teacher@oakfield.test", 5)

    with mock.patch("django.contrib.auth.base_user.check_password") as checked:
        sign_in(client_at(HOME), "teacher@oakfield.test", TEST_PASSWORD)

    checked.assert_not_called()


def test_twenty_one_failures_across_accounts_refuse_the_address(teacher, head):
    for n in range(20):
        fail(f"guess{n}@oakfield.test", 1)

    client = client_at(HOME)
    response = sign_in(client, "teacher@oakfield.test", TEST_PASSWORD)

    assert TOO_MANY in response.text
    assert not signed_in(client)
    other = client_at(ELSEWHERE)
    sign_in(other, "teacher@oakfield.test", TEST_PASSWORD)
    assert signed_in(other)


def test_after_the_window_the_account_signs_in_again(movable_clock, teacher):
    fail("teacher@oakfield.test", 5)
    assert TOO_MANY in sign_in(client_at(HOME), "teacher@oakfield.test", TEST_PASSWORD).text

    client = client_at(HOME)
    with later(15 * 60 + 1):
        sign_in(client, "teacher@oakfield.test", TEST_PASSWORD)

    assert signed_in(client)


def test_the_window_starts_at_the_first_failure_not_the_last(movable_clock, teacher):
    fail("teacher@oakfield.test", 4)
    with later(10 * 60):
        fail("teacher@oakfield.test", 1)
        assert TOO_MANY in sign_in(client_at(HOME), "teacher@oakfield.test", TEST_PASSWORD).text

    client = client_at(HOME)
    with later(15 * 60 + 1):
        sign_in(client, "teacher@oakfield.test", TEST_PASSWORD)

    assert signed_in(client)


def test_signing_in_clears_the_accounts_failures(teacher):
    fail("teacher@oakfield.test", 4)
    sign_in(client_at(HOME), "teacher@oakfield.test", TEST_PASSWORD)
    fail("teacher@oakfield.test", 4)

    client = client_at(HOME)
    sign_in(client, "teacher@oakfield.test", TEST_PASSWORD)

    assert signed_in(client)


def test_choosing_a_new_password_by_the_emailed_link_lifts_the_accounts_refusal(
    teacher, mailoutbox
):
    fail("teacher@oakfield.test", 5)
    client_at(HOME).post(RESET_URL, {"email": "teacher@oakfield.test"})
    account_mail.flush()
    link = re.search(r"http://testserver(/accounts/password-reset/\S+/)", mailoutbox[0].body)
    assert link is not None
    browser = client_at(HOME)
    form_page = browser.get(link.group(1), follow=True)
    browser.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )

    client = client_at(HOME)
    sign_in(client, "teacher@oakfield.test", NEW_PASSWORD)

    assert signed_in(client)


def test_successful_sign_ins_from_one_address_are_never_counted(teacher):
    for _ in range(25):
        client = client_at(HOME)
        sign_in(client, "teacher@oakfield.test", TEST_PASSWORD)
        assert signed_in(client)


def test_malformed_submissions_are_not_attempts(teacher):
    for _ in range(6):
        response = client_at(HOME).post(LOGIN_URL, {"username": "not an email", "password": "x"})
        assert "Enter a valid email address." in response.text

    client = client_at(HOME)
    sign_in(client, "teacher@oakfield.test", TEST_PASSWORD)
    assert signed_in(client)


@override_settings(LOGIN_THROTTLE_ACCOUNT_LIMIT=2, LOGIN_THROTTLE_WINDOW=60 * 60)
def test_limits_and_message_follow_the_settings(teacher):
    fail("teacher@oakfield.test", 2)

    response = sign_in(client_at(HOME), "teacher@oakfield.test", TEST_PASSWORD)

    assert "Too many attempts to sign in. Wait an hour and try again" in response.text


@pytest.mark.django_db
def test_the_admin_sign_in_is_throttled_too():
    User.objects.create_superuser("admin@portal.test", TEST_PASSWORD, full_name="Ada Admin")
    admin_login = reverse("admin:login")
    for _ in range(5):
        client_at(HOME).post(admin_login, {"username": "admin@portal.test", "password": "nope"})

    client = client_at(ELSEWHERE)
    response = client.post(
        admin_login, {"username": "admin@portal.test", "password": TEST_PASSWORD}
    )

    assert response.status_code == 200
    assert TOO_MANY in response.text
    assert not signed_in(client)


def test_reset_requests_are_limited_per_address(teacher, mailoutbox):
    for _ in range(10):
        response = client_at(HOME).post(RESET_URL, {"email": "nobody@oakfield.test"})
        assert response["Location"] == SENT_URL

    refused = client_at(HOME).post(RESET_URL, {"email": "teacher@oakfield.test"})
    account_mail.flush()

    assert refused.status_code == 200
    assert TOO_MANY_RESETS in refused.text
    assert mailoutbox == []
    elsewhere = client_at(ELSEWHERE).post(RESET_URL, {"email": "teacher@oakfield.test"})
    account_mail.flush()
    assert elsewhere["Location"] == SENT_URL
    assert [m.to for m in mail.outbox] == [["teacher@oakfield.test"]]


def test_reset_requests_are_allowed_again_after_the_hour(movable_clock, teacher, mailoutbox):
    for _ in range(10):
        client_at(HOME).post(RESET_URL, {"email": "nobody@oakfield.test"})

    with later(60 * 60 + 1):
        response = client_at(HOME).post(RESET_URL, {"email": "teacher@oakfield.test"})
    account_mail.flush()

    assert response["Location"] == SENT_URL
    assert len(mailoutbox) == 1


def test_the_address_is_the_connection_unless_a_proxy_is_trusted():
    request = RequestFactory().get("/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="1.2.3.4")

    with override_settings(SECURE_PROXY_SSL_HEADER=None):
        assert throttle.client_address(request) == "10.0.0.1"
    with override_settings(SECURE_PROXY_SSL_HEADER=("HTTP_X_FORWARDED_PROTO", "https")):
        assert throttle.client_address(request) == "1.2.3.4"
        # Only the entry the proxy appended counts: the client wrote the others.
        spoofed = RequestFactory().get(
            "/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR="9.9.9.9, 5.6.7.8"
        )
        assert throttle.client_address(spoofed) == "5.6.7.8"
        bare = RequestFactory().get("/", REMOTE_ADDR="10.0.0.1")
        assert throttle.client_address(bare) == "10.0.0.1"
