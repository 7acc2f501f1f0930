"""Pages of complaints, inside the "governance" namespace (joined in ``governance/urls.py``)."""

from __future__ import annotations

from django.urls import URLPattern, path

from governance.complaints import views

COMPLAINT = "complaints/<uuid:complaint_id>/"

urlpatterns: list[URLPattern] = [
    path("complaints/", views.complaint_list, name="complaints"),
    path("complaints/record/", views.complaint_add, name="complaint-add"),
    path(COMPLAINT, views.complaint_detail, name="complaint"),
    path(f"{COMPLAINT}edit/", views.complaint_edit_page, name="complaint-edit"),
    path(f"{COMPLAINT}stage/", views.complaint_stage, name="complaint-stage"),
    path(f"{COMPLAINT}close/", views.complaint_close_page, name="complaint-close"),
]
