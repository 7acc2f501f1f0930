"""No one learns which email addresses have accounts: not from the words, the status,
the page, nor the work done (and so the time taken) on sign-in and password reset."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from unittest import mock

import pytest
from django.contrib.auth.hashers import MD5PasswordHasher
from django.core import mail
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from accounts.mail import account_mail
from tests.factories import TEST_PASSWORD

LOGIN_URL = reverse("accounts:login")
RESET_URL = reverse("accounts:password-reset")
SENT_URL = reverse("accounts:password-reset-done")
KNOWN = "teacher@oakfield.test"
UNKNOWN = "nobody@oakfield.test"

Body = Callable[[bytes], str]


def sign_in(email: str, password: str, follow: bool = True):
    return Client().post(LOGIN_URL, {"username": email, "password": password}, follow=follow)


def page(response, body: Body, email: str) -> str:
    """The page as a person sees it, the address they typed left out."""
    return body(response.content).replace(email, "<typed address>")


@pytest.fixture
def hashing() -> Iterator[mock.MagicMock]:
    """Counts password hashing (the slow, timeable work): verifying hashes once too."""
    with mock.patch.object(
        MD5PasswordHasher, "encode", autospec=True, side_effect=MD5PasswordHasher.encode
    ) as encode:
        yield encode


def test_unknown_email_and_wrong_password_give_the_same_answer(teacher, comparable_body):
    wrong_password = sign_in(KNOWN, "not-the-password")
    unknown = sign_in(UNKNOWN, "not-the-password")

    assert wrong_password.status_code == unknown.status_code == 200
    assert wrong_password.redirect_chain == unknown.redirect_chain == []
    assert page(wrong_password, comparable_body, KNOWN) == page(unknown, comparable_body, UNKNOWN)


def test_inactive_account_gives_the_same_answer_as_a_wrong_password(teacher, comparable_body):
    wrong_password = sign_in(KNOWN, "not-the-password")
    teacher.is_active = False
    teacher.save()

    inactive = sign_in(KNOWN, TEST_PASSWORD)

    assert inactive.status_code == wrong_password.status_code == 200
    assert comparable_body(inactive.content) == comparable_body(wrong_password.content)


def test_a_throttled_unknown_email_reads_as_a_throttled_account(teacher, comparable_body):
    for email in (KNOWN, UNKNOWN):
        for _ in range(5):
            sign_in(email, "not-the-password")

    known = sign_in(KNOWN, TEST_PASSWORD)
    unknown = sign_in(UNKNOWN, TEST_PASSWORD)

    assert known.status_code == unknown.status_code == 200
    assert "Too many attempts to sign in." in known.text
    assert page(known, comparable_body, KNOWN) == page(unknown, comparable_body, UNKNOWN)


@pytest.mark.parametrize(
    ("email", "password", "inactive"),
    [
        (KNOWN, "not-the-password", False),
        (UNKNOWN, "not-the-password", False),
        (KNOWN, TEST_PASSWORD, True),
        (KNOWN, TEST_PASSWORD, False),
    ],
    ids=["wrong password", "unknown email", "inactive account", "right password"],
)
def test_every_sign_in_hashes_the_password_exactly_once(
    teacher, hashing, email, password, inactive
):
    if inactive:
        teacher.is_active = False
        teacher.save()
    hashing.reset_mock()

    sign_in(email, password, follow=False)

    assert hashing.call_count == 1


def test_reset_answers_the_same_for_known_and_unknown_addresses(
    teacher, mailoutbox, comparable_body
):
    known = Client().post(RESET_URL, {"email": KNOWN}, follow=True)
    unknown = Client().post(RESET_URL, {"email": UNKNOWN}, follow=True)
    account_mail.flush()

    assert known.redirect_chain == unknown.redirect_chain == [(SENT_URL, 302)]
    assert known.status_code == unknown.status_code == 200
    assert comparable_body(known.content) == comparable_body(unknown.content)
    assert [m.to for m in mailoutbox] == [[KNOWN]]


def test_reset_does_the_same_work_in_the_request_for_known_and_unknown(teacher, mailoutbox):
    with mock.patch.object(account_mail, "submit") as submit:
        with CaptureQueriesContext(connection) as known_queries:
            Client().post(RESET_URL, {"email": KNOWN})
        with CaptureQueriesContext(connection) as unknown_queries:
            Client().post(RESET_URL, {"email": UNKNOWN})

    # The same queries, and no email rendered or sent while the page waits:
    assert len(known_queries) == len(unknown_queries)
    assert mail.outbox == []
    # the email for the known address is handed to the background sender.
    assert submit.call_count == 1
    send = submit.call_args.args[0]
    send()
    assert [m.to for m in mailoutbox] == [[KNOWN]]
    assert "/accounts/password-reset/" in mailoutbox[0].body


def test_a_failing_mail_server_does_not_show_on_the_page(teacher, mailoutbox):
    with mock.patch(
        "django.core.mail.backends.locmem.EmailBackend.send_messages",
        side_effect=ConnectionRefusedError,
    ):
        response = Client().post(RESET_URL, {"email": KNOWN})
        account_mail.flush()

    assert response.status_code == 302
    assert response["Location"] == SENT_URL
    assert mailoutbox == []
