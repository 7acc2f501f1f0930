"""Pages under /<school_slug>/people/ (the headteacher's)."""

from __future__ import annotations

from django.urls import URLPattern, path

from people import views

app_name = "people"

PERSON = "<uuid:person_id>/"
INVITATION = "invitations/<uuid:invitation_id>/"

urlpatterns: list[URLPattern] = [
    path("", views.people_list, name="list"),
    path("invite/", views.invite, name="invite"),
    path(f"{INVITATION}resend/", views.invitation_resend_view, name="invitation-resend"),
    path(f"{INVITATION}withdraw/", views.invitation_revoke_view, name="invitation-revoke"),
    path(PERSON, views.person_detail, name="person"),
    path(f"{PERSON}roles/end/", views.role_end, name="role-end"),
    path(f"{PERSON}deactivate/", views.deactivate, name="deactivate"),
]
