"""Pages outside any school: setting up and using two-factor sign-in."""

from __future__ import annotations

from django.urls import path

from twofactor import views

app_name = "twofactor"

urlpatterns = [
    path("", views.manage, name="manage"),
    path("set-up/", views.setup, name="setup"),
    path("verify/", views.verify, name="verify"),
    path("recovery-codes/", views.recovery_codes, name="recovery-codes"),
    path("recovery-codes/new/", views.regenerate, name="regenerate"),
    path("turn-off/", views.turn_off, name="turn-off"),
]
