"""Pages under /<school_slug>/ that belong to the schools app."""

from __future__ import annotations

from django.urls import path

from schools import views

app_name = "schools"

urlpatterns = [
    path("", views.home, name="home"),
]
