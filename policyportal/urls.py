from __future__ import annotations

from django.contrib import admin
from django.urls import include, path

from accounts import views as account_views
from policyportal.health import healthz

admin.site.site_header = "Policy Portal — platform administration"
admin.site.site_title = "Policy Portal admin"

# Every page that belongs to a school; SchoolMiddleware resolves the slug.
school_patterns = [
    path("", include("schools.urls")),
    path("documents/", include("documents.urls")),
    path("jobs/", include("jobs.urls")),
    path("notifications/", include("notifications.urls")),
    path("policy/", include("policies.urls")),
    path("training/", include("training.urls")),
    path("governance/", include("governance.urls")),
    path("people/", include("people.urls")),
    path("retention/", include("retention.urls")),
    path("subject-access/", include("subject_access.urls")),
    path("", include("forms_app.urls")),
    path("", include("agreements.urls")),
    path("", include("incidents.urls")),
]

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("admin/", admin.site.urls),
    path("accounts/", include("accounts.urls")),
    path("invitations/", include("people.site_urls")),
    path("two-factor/", include("twofactor.urls")),
    path("", account_views.root, name="root"),
    path("<slug:school_slug>/", include(school_patterns)),
]
