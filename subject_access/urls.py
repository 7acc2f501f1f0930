"""Pages under /<school_slug>/ that belong to the subject_access app."""

from __future__ import annotations

from django.urls import URLPattern

app_name = "subject_access"

urlpatterns: list[URLPattern] = []
