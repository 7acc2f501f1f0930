"""Resetting a forgotten password by email (accounts:password-reset and its steps)."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse

from accounts.mail import account_mail
from tests.factories import TEST_PASSWORD

RESET_URL = reverse("accounts:password-reset")
SENT_URL = reverse("accounts:password-reset-done")
NEW_PASSWORD = "Lantern-orchard-river-42"
LINK = re.compile(r"http://testserver(/accounts/password-reset/[^/\s]+/[^/\s]+/)")


def ask_for_link(client: Client, email: str):
    response = client.post(RESET_URL, {"email": email}, follow=True)
    account_mail.flush()  # the email goes out from a background thread
    return response


def link_in(message) -> str:
    match = LINK.search(message.body)
    assert match, message.body
    return match.group(1)


def choose_new_password(client: Client, link: str, password: str, confirm: str | None = None):
    form_page = client.get(link, follow=True)
    assert "Choose a new password" in form_page.text
    set_password_url = form_page.redirect_chain[-1][0]
    return client.post(
        set_password_url,
        {"new_password1": password, "new_password2": confirm or password},
        follow=True,
    )


def can_sign_in(email: str, password: str) -> bool:
    client = Client()
    client.post(reverse("accounts:login"), {"username": email, "password": password})
    return "_auth_user_id" in client.session


def test_known_address_gets_one_email_with_a_link(client, teacher, mailoutbox):
    response = ask_for_link(client, "teacher@oakfield.test")

    assert response.redirect_chain == [(SENT_URL, 302)]
    assert "Check your email" in response.text
    assert len(mailoutbox) == 1
    message = mailoutbox[0]
    assert message.to == ["teacher@oakfield.test"]
    assert message.subject == "Choose a new Policy Portal password"
    assert "Hello Tara," in message.body
    assert link_in(message)


def test_address_in_another_case_still_gets_the_email(client, teacher, mailoutbox):
    ask_for_link(client, "TEACHER@Oakfield.test")

    assert [m.to for m in mailoutbox] == [["teacher@oakfield.test"]]


def test_unknown_address_sees_the_same_page_and_no_email_is_sent(client, teacher, mailoutbox):
    known = ask_for_link(client, "teacher@oakfield.test")
    mailoutbox.clear()

    unknown = ask_for_link(client, "nobody@oakfield.test")

    assert unknown.redirect_chain == known.redirect_chain == [(SENT_URL, 302)]
    assert unknown.status_code == known.status_code == 200
    assert "If the address you entered belongs to an account" in unknown.text
    assert mailoutbox == []


def test_inactive_account_gets_no_email(client, teacher, mailoutbox):
    teacher.is_active = False
    teacher.save()

    response = ask_for_link(client, "teacher@oakfield.test")

    assert response.redirect_chain == [(SENT_URL, 302)]
    assert mailoutbox == []


def test_link_lets_you_choose_a_new_password_and_sign_in_with_it(client, teacher, mailoutbox):
    ask_for_link(client, "teacher@oakfield.test")

    done = choose_new_password(client, link_in(mailoutbox[0]), NEW_PASSWORD)

    assert done.redirect_chain[-1] == (reverse("accounts:password-reset-complete"), 302)
    assert "Your password has been changed" in done.text
    assert can_sign_in("teacher@oakfield.test", NEW_PASSWORD)
    assert not can_sign_in("teacher@oakfield.test", TEST_PASSWORD)


def test_link_works_only_once(client, teacher, mailoutbox):
    ask_for_link(client, "teacher@oakfield.test")
    link = link_in(mailoutbox[0])
    choose_new_password(client, link, NEW_PASSWORD)

    again = Client().get(link, follow=True)

    assert "This link no longer works" in again.text
    assert "Ask for a new link" in again.text


def test_tampered_link_does_not_work(client, teacher, mailoutbox):
    ask_for_link(client, "teacher@oakfield.test")
    link = link_in(mailoutbox[0])
    uid_part = link.rstrip("/").rsplit("/", 1)[0]
    tampered = f"{uid_part}/cbn3lk-0123456789abcdef0123456789abcdef/"

    response = client.get(tampered, follow=True)

    assert "This link no longer works" in response.text
    assert can_sign_in("teacher@oakfield.test", TEST_PASSWORD)


@pytest.mark.parametrize(
    ("password", "confirm", "message"),
    [
        ("short-1", None, "This password is too short. It must contain at least 10 characters."),
        ("password123", None, "This password is too common."),
        ("1234567890123", None, "This password is entirely numeric."),
        (NEW_PASSWORD, NEW_PASSWORD + "x", "The two password fields didn’t match."),
    ],
)
def test_weak_or_mismatched_new_password_is_refused_with_a_reason(
    client, teacher, mailoutbox, password, confirm, message
):
    ask_for_link(client, "teacher@oakfield.test")

    response = choose_new_password(client, link_in(mailoutbox[0]), password, confirm)

    assert response.status_code == 200
    assert message in response.text
    assert can_sign_in("teacher@oakfield.test", TEST_PASSWORD)


@pytest.mark.django_db
def test_malformed_address_is_explained_and_sends_nothing(client, mailoutbox):
    response = client.post(RESET_URL, {"email": "not an address"})

    assert response.status_code == 200
    assert "Enter a valid email address." in response.text
    assert mailoutbox == []
