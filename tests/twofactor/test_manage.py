"""The person's own page: status, new recovery codes, turning it off (unless required)."""

from __future__ import annotations

import re

from django.urls import reverse

from schools.models import Membership
from twofactor.models import RecoveryCode, TOTPDevice
from twofactor.services import school_two_factor_require

from .helpers import code_at, enrol, frozen_step, verified_client

MANAGE = reverse("twofactor:manage")
REGENERATE = reverse("twofactor:regenerate")
TURN_OFF = reverse("twofactor:turn-off")
STEP = 3_000_000


def test_the_page_says_it_is_off_and_offers_set_up(teacher, client_for) -> None:
    page = client_for(teacher).get(MANAGE).content.decode()

    assert "Off: you sign in with your password alone." in page
    assert reverse("twofactor:setup") in page


def test_the_page_says_it_is_on_and_how_many_codes_are_left(teacher, monkeypatch) -> None:
    frozen_step(monkeypatch, STEP)
    enrol(teacher)

    page = verified_client(teacher).get(MANAGE).content.decode()

    assert "On: after your password" in page
    assert "10 of 10" in page


def test_new_recovery_codes_need_a_current_code_and_replace_the_old(teacher, monkeypatch) -> None:
    frozen_step(monkeypatch, STEP)
    secret, old_codes = enrol(teacher)
    client = verified_client(teacher)
    old_rows = set(RecoveryCode.objects.filter(user=teacher).values_list("pk", flat=True))

    wrong = client.post(REGENERATE, {"code": "12345x"})
    assert "Enter the 6 digits" in wrong.content.decode()
    response = client.post(REGENERATE, {"code": code_at(secret, STEP + 1)}, follow=True)

    codes = re.findall(r"<li>([a-z2-9]{5}-[a-z2-9]{5})</li>", response.content.decode())
    assert len(codes) == 10
    assert not set(codes) & set(old_codes)
    new_rows = set(RecoveryCode.objects.filter(user=teacher).values_list("pk", flat=True))
    assert len(new_rows) == 10
    assert not new_rows & old_rows


def test_a_wrong_code_makes_no_new_recovery_codes(teacher, monkeypatch) -> None:
    frozen_step(monkeypatch, STEP)
    secret, _ = enrol(teacher)
    before = set(RecoveryCode.objects.filter(user=teacher).values_list("pk", flat=True))
    wrong = "000000" if code_at(secret, STEP + 1) != "000000" else "111111"

    response = verified_client(teacher).post(REGENERATE, {"code": wrong})

    assert "That code is not right" in response.content.decode()
    assert set(RecoveryCode.objects.filter(user=teacher).values_list("pk", flat=True)) == before


def test_turning_it_off_with_a_current_code(teacher, monkeypatch) -> None:
    frozen_step(monkeypatch, STEP)
    secret, _ = enrol(teacher)
    client = verified_client(teacher)

    response = client.post(TURN_OFF, {"code": code_at(secret, STEP + 1)}, follow=True)

    assert "Two-factor sign-in is off for your account." in response.content.decode()
    assert not TOTPDevice.objects.filter(user=teacher).exists()
    assert not RecoveryCode.objects.filter(user=teacher).exists()
    history = TOTPDevice.history.filter(user_id=teacher.pk).latest("history_id")  # type: ignore[attr-defined]
    assert (history.history_type, history.history_user) == ("-", teacher)


def test_turning_it_off_is_refused_while_a_school_requires_it(
    school, head, dsl, monkeypatch
) -> None:
    frozen_step(monkeypatch, STEP)
    secret, _ = enrol(dsl)
    school_two_factor_require(school=school, required=True, by=head)
    client = verified_client(dsl)

    page = client.get(TURN_OFF)
    sent = client.post(TURN_OFF, {"code": code_at(secret, STEP + 1)})

    assert "You cannot turn off two-factor sign-in: Oakfield Primary School requires it" in (
        page.content.decode()
    )
    assert sent.status_code == 200
    assert "You cannot turn off two-factor sign-in" in sent.content.decode()
    assert TOTPDevice.objects.filter(user=dsl).exists()
    assert "cannot be turned off" in client.get(MANAGE).content.decode()


def test_turning_it_off_is_refused_under_the_portal_setting(settings, dsl, monkeypatch) -> None:
    settings.PORTAL_TWO_FACTOR_REQUIRED = True
    frozen_step(monkeypatch, STEP)
    secret, _ = enrol(dsl)

    sent = verified_client(dsl).post(TURN_OFF, {"code": code_at(secret, STEP + 1)})

    assert "You cannot turn off two-factor sign-in" in sent.content.decode()
    assert TOTPDevice.objects.filter(user=dsl).exists()


def test_an_ended_role_no_longer_requires_it(school, head, dsl, monkeypatch) -> None:
    from schools.services import membership_end

    frozen_step(monkeypatch, STEP)
    secret, _ = enrol(dsl)
    school_two_factor_require(school=school, required=True, by=head)
    membership_end(membership=Membership.objects.for_school(school).get(user=dsl), by=head)

    verified_client(dsl).post(TURN_OFF, {"code": code_at(secret, STEP + 1)})

    assert not TOTPDevice.objects.filter(user=dsl).exists()


def test_without_an_app_the_action_pages_lead_back(teacher, client_for) -> None:
    client = client_for(teacher)

    assert client.get(REGENERATE)["Location"] == MANAGE
    assert client.get(TURN_OFF)["Location"] == MANAGE
    assert client.get(reverse("twofactor:recovery-codes"))["Location"] == MANAGE
