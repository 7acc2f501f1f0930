"""The platform administrator removes a lost phone's app; the history names them."""

from __future__ import annotations

from django.test import Client
from django.urls import reverse

from twofactor.models import RecoveryCode, TOTPDevice

from .helpers import enrol


def test_the_admin_removes_a_persons_app_and_codes(dsl, platform_admin) -> None:
    enrol(dsl)
    device = TOTPDevice.objects.get(user=dsl)
    client = Client()
    client.force_login(platform_admin)

    response = client.post(
        reverse("admin:twofactor_totpdevice_delete", args=[device.pk]), {"post": "yes"}
    )

    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=dsl).exists()
    assert not RecoveryCode.objects.filter(user=dsl).exists()
    removed = TOTPDevice.history.filter(user_id=dsl.pk).latest("history_id")  # type: ignore[attr-defined]
    assert (removed.history_type, removed.history_user) == ("-", platform_admin)


def test_the_admin_removes_several_at_once(dsl, head, platform_admin) -> None:
    enrol(dsl)
    enrol(head)
    client = Client()
    client.force_login(platform_admin)

    response = client.post(
        reverse("admin:twofactor_totpdevice_changelist"),
        {
            "action": "delete_selected",
            "_selected_action": list(TOTPDevice.objects.values_list("pk", flat=True)),
            "post": "yes",
        },
    )

    assert response.status_code == 302
    assert not TOTPDevice.objects.exists()
    assert {row.history_user for row in TOTPDevice.history.filter(history_type="-")} == {  # type: ignore[attr-defined]
        platform_admin
    }


def test_the_admin_cannot_add_or_read_a_secret(dsl, platform_admin) -> None:
    secret, _ = enrol(dsl)
    client = Client()
    client.force_login(platform_admin)
    device = TOTPDevice.objects.get(user=dsl)

    page = client.get(reverse("admin:twofactor_totpdevice_change", args=[device.pk]))

    assert page.status_code == 200
    assert secret not in page.content.decode()
    assert client.get(reverse("admin:twofactor_totpdevice_add")).status_code == 403
