"""Pages under /<school_slug>/ that belong to the retention app."""

from __future__ import annotations

from django.urls import URLPattern

app_name = "retention"

urlpatterns: list[URLPattern] = []
