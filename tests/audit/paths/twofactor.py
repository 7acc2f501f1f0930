"""Two-factor sign-in: a person's app and recovery codes, and the school's requirement.

The platform administrator's removal of a lost phone's app goes through the
admin's delete, which calls ``device_remove`` (tests/twofactor/test_admin.py
checks the admin page itself); the admin changes no field, so it has no
``admin`` entry here.
"""

from __future__ import annotations

from django.urls import reverse

from schools.models import School
from tests.audit.paths import SERVICE, VIEW, Changed, World, path
from tests.twofactor.helpers import code_at, enrol, frozen_step, verified_client
from twofactor.models import RecoveryCode, TOTPDevice
from twofactor.services import (
    code_use,
    current_step,
    device_confirm,
    device_remove,
    new_secret,
    recovery_codes_regenerate,
    school_two_factor_require,
)
from twofactor.session import SETUP_SECRET

STEP = 4_000_000


def _enrolled(w: World) -> tuple[str, list[str]]:
    frozen_step(w.monkeypatch, STEP)
    secret, codes = enrol(w.teacher)
    w.start()
    return secret, codes


def _device(w: World) -> TOTPDevice:
    return TOTPDevice.objects.get(user=w.teacher)


# --- TOTPDevice --------------------------------------------------------------------------------


@path("twofactor.TOTPDevice", VIEW, "setup")
def _setup_view(w: World) -> Changed:
    client = w.client_for(w.teacher)
    client.get(reverse("twofactor:setup"))
    secret = client.session[SETUP_SECRET]
    response = client.post(reverse("twofactor:setup"), {"code": code_at(secret, current_step())})
    assert response.status_code == 302
    return Changed(_device(w), w.teacher)


@path("twofactor.TOTPDevice", SERVICE, "device_confirm")
def _setup_service(w: World) -> Changed:
    secret = new_secret()
    device_confirm(
        user=w.teacher, secret=secret, code=code_at(secret, current_step()), by=w.teacher
    )
    return Changed(_device(w), w.teacher)


@path("twofactor.TOTPDevice", VIEW, "verify")
def _verify_view(w: World) -> Changed:
    secret, _ = _enrolled(w)
    client = w.client_for(w.teacher)  # force_login: a code is now pending
    response = client.post(reverse("twofactor:verify"), {"code": code_at(secret, STEP + 1)})
    assert response.status_code == 302
    return Changed(_device(w), w.teacher)


@path("twofactor.TOTPDevice", SERVICE, "code_use")
def _code_service(w: World) -> Changed:
    secret, _ = _enrolled(w)
    assert code_use(user=w.teacher, code=code_at(secret, STEP + 1)) is not None
    return Changed(_device(w), w.teacher)


@path("twofactor.TOTPDevice", VIEW, "turn-off")
def _turn_off_view(w: World) -> Changed:
    secret, _ = _enrolled(w)
    device = _device(w)
    response = verified_client(w.teacher).post(
        reverse("twofactor:turn-off"), {"code": code_at(secret, STEP + 1)}
    )
    assert response.status_code == 302
    return Changed(device, w.teacher)


@path("twofactor.TOTPDevice", SERVICE, "device_remove")
def _remove_service(w: World) -> Changed:
    """The platform administrator's removal (a lost phone) goes this way from the admin."""
    _enrolled(w)
    device = _device(w)
    device_remove(user=w.teacher, by=w.admin)
    return Changed(device, w.admin)


# --- RecoveryCode ------------------------------------------------------------------------------


@path("twofactor.RecoveryCode", VIEW, "verify with a recovery code")
def _recovery_view(w: World) -> Changed:
    _, codes = _enrolled(w)
    client = w.client_for(w.teacher)
    response = client.post(reverse("twofactor:verify"), {"code": codes[0], "with": "recovery"})
    assert response.status_code == 302
    return Changed(RecoveryCode.objects.get(user=w.teacher, used_at__isnull=False), w.teacher)


@path("twofactor.RecoveryCode", VIEW, "regenerate")
def _regenerate_view(w: World) -> Changed:
    secret, _ = _enrolled(w)
    response = verified_client(w.teacher).post(
        reverse("twofactor:regenerate"), {"code": code_at(secret, STEP + 1)}
    )
    assert response.status_code == 302
    return Changed(RecoveryCode.objects.filter(user=w.teacher).last(), w.teacher)


@path("twofactor.RecoveryCode", SERVICE, "recovery_codes_regenerate")
def _regenerate_service(w: World) -> Changed:
    _enrolled(w)
    recovery_codes_regenerate(user=w.teacher, by=w.teacher)
    return Changed(RecoveryCode.objects.filter(user=w.teacher).last(), w.teacher)


@path("twofactor.RecoveryCode", SERVICE, "device_remove")
def _codes_removed(w: World) -> Changed:
    _enrolled(w)
    first = RecoveryCode.objects.filter(user=w.teacher).first()
    device_remove(user=w.teacher, by=w.admin)
    return Changed(first, w.admin)


# --- School: the requirement -------------------------------------------------------------------


@path("schools.School", SERVICE, "school_two_factor_require")
def _school_requires(w: World) -> Changed:
    school_two_factor_require(school=w.school, required=True, by=w.head)
    return Changed(School.objects.get(pk=w.school.pk), w.head)
