"""Pages under /<school_slug>/ that belong to the people app."""

from __future__ import annotations

from django.urls import URLPattern

app_name = "people"

urlpatterns: list[URLPattern] = []
