"""Accounts: a person resetting their own password, the platform administrator, the demo."""

from __future__ import annotations

from django.contrib.auth.tokens import default_token_generator
from django.test import Client
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from accounts.models import User
from accounts.services import user_ensure
from tests.audit.admin_forms import admin_change
from tests.audit.paths import ADMIN, SERVICE, VIEW, Changed, World, path, written_by_load_demo
from tests.factories import TEST_PASSWORD, UserFactory

written_by_load_demo("accounts.User")


@path("accounts.User", VIEW, "password-reset-confirm")
def _own_password(w: World) -> Changed:
    """Signed out, so no request user: the history names the account the token proved."""
    client = Client()
    link = reverse(
        "accounts:password-reset-confirm",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(w.teacher.pk)),
            "token": default_token_generator.make_token(w.teacher),
        },
    )
    form = client.get(link)  # the token moves into the session; the form is on the next page
    new = "Another-horse-battery-9"
    response = client.post(form["Location"], {"new_password1": new, "new_password2": new})
    assert response.status_code == 302, response.content.decode()[:2000]
    return Changed(w.teacher, w.teacher)


@path("accounts.User", ADMIN, "change")
def _admin(w: World) -> Changed:
    admin_change(w.admin, w.teacher, full_name="Tara Thomson")
    return Changed(w.teacher, w.admin)


@path("accounts.User", SERVICE, "user_ensure")
def _service(w: World) -> Changed:
    user, _ = user_ensure(
        email="new@oakfield.test", full_name="Nia New", password=TEST_PASSWORD, by=w.admin
    )
    return Changed(User.objects.get(pk=user.pk), w.admin)


@path("accounts.User", ADMIN, "delete selected (one by one)")
def _admin_delete(w: World) -> Changed:
    user = UserFactory(full_name="Made In Error")
    w.start()
    client = w.client_for(w.admin)
    response = client.post(
        reverse("admin:accounts_user_changelist"),
        {"action": "delete_selected", "_selected_action": [user.pk], "post": "yes"},
    )
    assert response.status_code == 302
    assert not User.objects.filter(pk=user.pk).exists()
    return Changed(user, w.admin)
