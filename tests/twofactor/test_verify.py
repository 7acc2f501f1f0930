"""After the password, a code: nothing else is reachable until it is entered."""

from __future__ import annotations

import uuid

from django.contrib.auth.tokens import default_token_generator
from django.test import Client
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from tests.factories import TEST_PASSWORD
from twofactor.models import RecoveryCode, TOTPDevice
from twofactor.session import PENDING, VERIFIED

from .helpers import code_at, enrol, frozen_step

VERIFY = reverse("twofactor:verify")
STEP = 2_000_000


def sign_in(user, password: str = TEST_PASSWORD) -> Client:
    client = Client()
    response = client.post(
        reverse("accounts:login"), {"username": user.email, "password": password}
    )
    assert response.status_code == 302, response.content.decode()[:500]
    return client


def enrolled(user, monkeypatch) -> tuple[str, list[str]]:
    frozen_step(monkeypatch, STEP)
    return enrol(user)


def test_an_enrolled_person_must_enter_a_code_after_the_password(dsl, school, monkeypatch) -> None:
    enrolled(dsl, monkeypatch)
    client = sign_in(dsl)

    home = client.get(reverse("schools:home", kwargs={"school_slug": school.slug}))

    assert home.status_code == 302
    assert home["Location"].startswith(VERIFY)
    assert client.session[PENDING] == str(dsl.pk)


def test_a_half_signed_in_session_reaches_nothing_but_verify_and_sign_out(
    dsl, school, monkeypatch
) -> None:
    enrolled(dsl, monkeypatch)
    client = sign_in(dsl)

    for url in (
        reverse("accounts:choose-school"),
        reverse("accounts:after-login"),
        reverse("twofactor:manage"),
        reverse("twofactor:setup"),
        reverse("incidents:list", kwargs={"school_slug": school.slug}),
        reverse("schools:home", kwargs={"school_slug": "no-such-school"}),
        "/admin/",
    ):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(VERIFY), url
    assert client.get(VERIFY).status_code == 200
    assert client.get("/healthz").status_code == 200
    signed_out = client.post(reverse("accounts:logout"))
    assert signed_out.status_code == 302
    assert "_auth_user_id" not in client.session


def test_a_background_poll_gets_401_not_a_redirect(dsl, school, monkeypatch) -> None:
    enrolled(dsl, monkeypatch)
    client = sign_in(dsl)
    poll = reverse("jobs:status", kwargs={"school_slug": school.slug, "job_id": uuid.uuid4()})

    response = client.get(poll)
    scripted = client.get(reverse("accounts:choose-school"), HTTP_X_REQUESTED_WITH="fetch")

    assert response.status_code == 401
    assert scripted.status_code == 401


def test_the_right_code_signs_in_and_returns_to_the_page_asked_for(
    dsl, school, monkeypatch
) -> None:
    secret, _ = enrolled(dsl, monkeypatch)
    client = sign_in(dsl)
    incidents = reverse("incidents:list", kwargs={"school_slug": school.slug})
    to_verify = client.get(incidents)["Location"]

    response = client.post(to_verify, {"code": code_at(secret, STEP + 1), "next": incidents})

    assert response.status_code == 302
    assert response["Location"] == incidents
    assert client.get(incidents).status_code == 200
    assert client.session[VERIFIED] == str(dsl.pk)
    assert PENDING not in client.session


def test_a_used_code_cannot_be_used_again(dsl, monkeypatch) -> None:
    secret, _ = enrolled(dsl, monkeypatch)
    first = sign_in(dsl)
    code = code_at(secret, STEP + 1)
    assert first.post(VERIFY, {"code": code}).status_code == 302

    second = sign_in(dsl)
    replayed = second.post(VERIFY, {"code": code})

    assert replayed.status_code == 200
    assert "That code is not right" in replayed.content.decode()
    assert PENDING in second.session


def test_the_set_up_code_cannot_be_used_to_sign_in(dsl, monkeypatch) -> None:
    secret, _ = enrolled(dsl, monkeypatch)
    client = sign_in(dsl)

    response = client.post(VERIFY, {"code": code_at(secret, STEP)})

    assert "That code is not right" in response.content.decode()


def test_a_recovery_code_works_once(dsl, monkeypatch) -> None:
    _, codes = enrolled(dsl, monkeypatch)
    first = sign_in(dsl)

    used = first.post(VERIFY, {"code": codes[3].upper(), "with": "recovery"}, follow=True)

    assert used.status_code == 200
    assert "You used a recovery code: 9 left" in used.content.decode()
    assert VERIFIED in first.session
    assert RecoveryCode.objects.filter(user=dsl, used_at__isnull=False).count() == 1
    second = sign_in(dsl)
    again = second.post(VERIFY, {"code": codes[3], "with": "recovery"})
    assert "That recovery code is not right, or it has been used already" in again.content.decode()
    assert PENDING in second.session


def test_the_recovery_code_page_is_labelled_for_letters(dsl, monkeypatch) -> None:
    enrolled(dsl, monkeypatch)
    client = sign_in(dsl)

    page = client.get(VERIFY + "?with=recovery").content.decode()

    assert "Recovery code" in page
    assert 'inputmode="numeric"' not in page
    assert 'autocomplete="one-time-code"' in client.get(VERIFY).content.decode()


def test_five_wrong_codes_and_even_the_right_one_is_refused_for_a_while(dsl, monkeypatch) -> None:
    secret, _ = enrolled(dsl, monkeypatch)
    client = sign_in(dsl)
    right = code_at(secret, STEP + 1)
    wrong = "000000" if right != "000000" else "111111"
    for _ in range(5):
        assert "That code is not right" in client.post(VERIFY, {"code": wrong}).content.decode()

    refused = client.post(VERIFY, {"code": right})

    assert refused.status_code == 200
    assert "Too many wrong codes. Wait 15 minutes and try again." in refused.content.decode()
    assert PENDING in client.session
    assert TOTPDevice.objects.get(user=dsl).last_used_step == STEP


def test_a_malformed_code_is_not_counted_as_an_attempt(dsl, monkeypatch) -> None:
    secret, _ = enrolled(dsl, monkeypatch)
    client = sign_in(dsl)
    for _ in range(6):
        response = client.post(VERIFY, {"code": "12"})
        assert "Enter the 6 digits your app shows" in response.content.decode()

    assert client.post(VERIFY, {"code": code_at(secret, STEP + 1)}).status_code == 302


def test_a_password_reset_does_not_skip_the_code(dsl, monkeypatch) -> None:
    enrolled(dsl, monkeypatch)
    client = Client()
    link = reverse(
        "accounts:password-reset-confirm",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(dsl.pk)),
            "token": default_token_generator.make_token(dsl),
        },
    )
    form = client.get(link)
    new = "Another-horse-battery-9"
    done = client.post(form["Location"], {"new_password1": new, "new_password2": new})
    assert done.status_code == 302
    assert "_auth_user_id" not in client.session

    after = sign_in(dsl, new)

    response = after.get(reverse("accounts:after-login"))
    assert response["Location"].startswith(VERIFY)


def test_someone_without_an_app_is_not_asked_for_a_code(teacher, school) -> None:
    client = sign_in(teacher)

    response = client.get(reverse("schools:home", kwargs={"school_slug": school.slug}))

    assert response.status_code == 200
    assert PENDING not in client.session


def test_verify_when_no_code_is_due_goes_on(teacher) -> None:
    client = sign_in(teacher)

    response = client.get(VERIFY)

    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:after-login")


def test_a_next_address_elsewhere_is_ignored(dsl, monkeypatch) -> None:
    secret, _ = enrolled(dsl, monkeypatch)
    client = sign_in(dsl)

    response = client.post(
        VERIFY, {"code": code_at(secret, STEP + 1), "next": "https://evil.example/"}
    )

    assert response["Location"] == reverse("accounts:after-login")


def test_a_device_removed_meanwhile_lets_the_session_go_on(
    dsl, platform_admin, monkeypatch
) -> None:
    from twofactor.services import device_remove

    enrolled(dsl, monkeypatch)
    client = sign_in(dsl)
    device_remove(user=dsl, by=platform_admin)

    response = client.get(VERIFY)

    assert response.status_code == 302
    assert PENDING not in client.session
