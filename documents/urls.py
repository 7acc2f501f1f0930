"""Pages under /<school_slug>/documents/."""

from __future__ import annotations

from django.urls import URLPattern

app_name = "documents"

urlpatterns: list[URLPattern] = []
