"""Pages outside any school: setting up and using two-factor sign-in."""

from __future__ import annotations

from django.urls import URLPattern

app_name = "twofactor"

urlpatterns: list[URLPattern] = []
