"""Pages of complaints (filled in by its own work)."""

from __future__ import annotations

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
