"""The audit history and the headteacher's access log."""

from __future__ import annotations

from django.urls import URLPattern, path

from governance.audit import views

urlpatterns: list[URLPattern] = [
    path("history/", views.history, name="audit"),
    path("history/csv/", views.history_csv, name="audit-csv"),
    path("history/pdf/", views.history_pdf, name="audit-pdf"),
    path("access-log/", views.access_log, name="access-log"),
]
