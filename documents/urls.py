"""Pages under /<school_slug>/documents/."""

from __future__ import annotations

from django.urls import path

from documents import views

app_name = "documents"

urlpatterns = [
    path("school-summary/", views.school_summary_request, name="school-summary-request"),
    path("school-summary/versions/", views.school_summary, name="school-summary-versions"),
    path("<uuid:document_id>/download/", views.download, name="download"),
]
