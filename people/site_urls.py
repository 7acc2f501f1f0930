"""Pages outside any school: accepting an invitation."""

from __future__ import annotations

from django.urls import URLPattern

app_name = "invitations"

urlpatterns: list[URLPattern] = []
