"""Pages under /<school_slug>/training/."""

from __future__ import annotations

from django.urls import path

from training import views

app_name = "training"

urlpatterns = [
    path("", views.session_list, name="sessions"),
    path("record/", views.session_add, name="session-add"),
    path("due/", views.overdue, name="overdue"),
    path("<uuid:session_id>/", views.session_detail, name="session"),
    path("<uuid:session_id>/withdraw/", views.session_withdraw, name="session-withdraw"),
]
