"""Pages under /<school_slug>/retention/: the headteacher's only."""

from __future__ import annotations

from django.urls import URLPattern, path

from retention import views

app_name = "retention"

urlpatterns: list[URLPattern] = [
    path("", views.retention_home, name="home"),
    path("rules/", views.rules_edit, name="rules"),
    path("holds/new/", views.hold_add, name="hold-add"),
    path("holds/<uuid:hold_id>/lift/", views.hold_lift, name="hold-lift"),
]
