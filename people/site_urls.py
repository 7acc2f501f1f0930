"""Pages outside any school: accepting an invitation."""

from __future__ import annotations

from django.urls import URLPattern, path

from people import site_views

app_name = "invitations"

urlpatterns: list[URLPattern] = [
    path("<str:token>/", site_views.accept, name="accept"),
]
