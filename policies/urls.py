"""Pages under /<school_slug>/policy/."""

from __future__ import annotations

from django.urls import path

from policies import views

app_name = "policies"

urlpatterns = [
    path("", views.policy, name="policy"),
    path("v<int:number>/", views.policy_version, name="version"),
    path("compare/", views.policy_compare, name="compare"),
]
