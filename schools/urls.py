"""Pages under /<school_slug>/ that belong to the schools app."""

from __future__ import annotations

from django.urls import path

from schools import views

app_name = "schools"

urlpatterns = [
    path("", views.home, name="home"),
    path("settings/", views.settings, name="settings"),
    path("contacts/", views.contacts, name="contacts"),
    path("contacts/edit/", views.contacts_edit, name="contacts-edit"),
    path("contacts/networks/<uuid:entry_id>/", views.network_edit, name="network-edit"),
    path("contacts/networks/<uuid:entry_id>/reset/", views.network_reset, name="network-reset"),
    path("contacts/phones/<uuid:entry_id>/", views.phone_edit, name="phone-edit"),
    path("contacts/phones/<uuid:entry_id>/reset/", views.phone_reset, name="phone-reset"),
]
