"""Pages under /<school_slug>/jobs/."""

from __future__ import annotations

from django.urls import URLPattern

app_name = "jobs"

urlpatterns: list[URLPattern] = []
