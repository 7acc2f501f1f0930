"""Setting up an authenticator app: the QR code and key, a code to confirm, recovery codes once."""

from __future__ import annotations

import base64
import re

import pytest
from django.urls import reverse

from twofactor.models import RecoveryCode, TOTPDevice
from twofactor.services import code_at, current_step, grouped
from twofactor.session import SETUP_SECRET

from .helpers import enrol, frozen_step, verified_client

SETUP = reverse("twofactor:setup")


def _secret(client) -> str:
    return client.session[SETUP_SECRET]


def test_the_set_up_page_shows_a_qr_code_and_the_key_in_groups(teacher, client_for) -> None:
    client = client_for(teacher)
    page = client.get(SETUP)

    html = page.content.decode()
    assert page.status_code == 200
    assert page["Cache-Control"].startswith("max-age=0") or "no-cache" in page["Cache-Control"]
    image = re.search(r'src="data:image/svg\+xml;base64,([^"]+)"', html)
    assert image is not None
    assert b"<svg" in base64.b64decode(image.group(1))
    assert grouped(_secret(client)) in html
    assert 'autocomplete="one-time-code"' in html
    assert 'inputmode="numeric"' in html


def test_the_key_stays_the_same_while_setting_up(teacher, client_for) -> None:
    client = client_for(teacher)
    client.get(SETUP)
    first = _secret(client)
    client.get(SETUP)

    assert _secret(client) == first


def test_a_current_code_turns_it_on_and_shows_ten_recovery_codes_once(teacher, client_for) -> None:
    client = client_for(teacher)
    client.get(SETUP)
    code = code_at(_secret(client), current_step())

    response = client.post(SETUP, {"code": code})

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("twofactor:recovery-codes"))
    assert TOTPDevice.objects.get(user=teacher).confirmed_at is not None
    assert RecoveryCode.objects.filter(user=teacher).count() == 10
    shown = client.get(response["Location"])
    codes = re.findall(r"<li>([a-z2-9]{5}-[a-z2-9]{5})</li>", shown.content.decode())
    assert len(set(codes)) == 10
    assert "only time they are shown" in shown.content.decode()
    again = client.get(response["Location"])
    assert again.status_code == 302
    assert codes[0] not in client.get(again["Location"]).content.decode()


def test_the_secret_is_not_shown_again_after_set_up(teacher, client_for) -> None:
    client = client_for(teacher)
    client.get(SETUP)
    secret = _secret(client)
    client.post(SETUP, {"code": code_at(secret, current_step())})

    again = client.get(SETUP)
    manage = client.get(reverse("twofactor:manage"))

    assert again.status_code == 302
    assert SETUP_SECRET not in client.session
    assert grouped(secret) not in manage.content.decode()
    assert secret not in manage.content.decode()


def test_the_secret_and_codes_are_kept_out_of_the_history(teacher) -> None:
    _, codes = enrol(teacher)

    history = TOTPDevice.history.get(user_id=teacher.pk)  # type: ignore[attr-defined]
    assert not hasattr(history, "secret")
    assert history.history_user == teacher
    code_row = RecoveryCode.history.filter(user_id=teacher.pk).first()  # type: ignore[attr-defined]
    assert not hasattr(code_row, "code_hash")
    assert all(codes[0] not in row.code_hash for row in RecoveryCode.objects.all())


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("000000", "That code is not right"),
        ("12345", "Enter the 6 digits your app shows"),
        ("abcdef", "Enter the 6 digits your app shows"),
        ("", "Enter the 6-digit code your app shows"),
    ],
)
def test_a_wrong_code_says_so_and_saves_nothing(teacher, client_for, typed, message) -> None:
    client = client_for(teacher)
    client.get(SETUP)
    if typed == "000000" and code_at(_secret(client), current_step()) == "000000":
        typed = "111111"

    response = client.post(SETUP, {"code": typed})

    assert response.status_code == 200
    assert message in response.content.decode()
    assert "There is a problem" in response.content.decode()
    assert not TOTPDevice.objects.filter(user=teacher).exists()
    assert not RecoveryCode.objects.filter(user=teacher).exists()


def test_a_code_from_a_step_long_past_is_refused(teacher, client_for, monkeypatch) -> None:
    client = client_for(teacher)
    client.get(SETUP)
    frozen_step(monkeypatch, 1_000_000)

    response = client.post(SETUP, {"code": code_at(_secret(client), 999_990)})

    assert "That code is not right" in response.content.decode()
    assert not TOTPDevice.objects.filter(user=teacher).exists()


def test_a_code_one_step_either_side_is_accepted(teacher, client_for, monkeypatch) -> None:
    client = client_for(teacher)
    client.get(SETUP)
    frozen_step(monkeypatch, 1_000_000)

    response = client.post(SETUP, {"code": code_at(_secret(client), 999_999)})

    assert response.status_code == 302
    assert TOTPDevice.objects.get(user=teacher).last_used_step == 999_999


def test_someone_already_set_up_is_sent_to_their_page(teacher) -> None:
    enrol(teacher)
    client = verified_client(teacher)

    response = client.get(SETUP)

    assert response.status_code == 302
    assert response["Location"] == reverse("twofactor:manage")


def test_anonymous_visitors_are_sent_to_sign_in(client) -> None:
    response = client.get(SETUP)

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))
