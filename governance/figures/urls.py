"""Pages of figures: the governors' dashboard and their termly pack."""

from __future__ import annotations

from django.urls import URLPattern, path

from governance.figures import views

urlpatterns: list[URLPattern] = [
    path("figures/", views.figures, name="figures"),
    path("figures/pack/", views.pack, name="pack"),
]
