"""Pages under /<school_slug>/ that belong to the subject_access app."""

from __future__ import annotations

from django.urls import URLPattern, path

from subject_access import views

app_name = "subject_access"

REQUEST = "<uuid:request_id>/"

urlpatterns: list[URLPattern] = [
    path("", views.request_list, name="list"),
    path("search/", views.person_search, name="search"),
    path("new/", views.request_new, name="new"),
    path(REQUEST, views.request_detail, name="request"),
    path(f"{REQUEST}download/", views.export_download, name="download"),
    path(f"{REQUEST}complete/", views.request_complete, name="complete"),
    path(f"{REQUEST}withdraw/", views.request_withdraw, name="withdraw"),
]
