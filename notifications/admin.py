from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest

from notifications.models import Notification, SentEmail
from schools.admin import TenantAdminMixin


class ReadOnlyTenantAdmin(TenantAdminMixin, admin.ModelAdmin):  # type: ignore[type-arg]
    """Written by the portal only: the platform administrator may look, not touch."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object | None = None) -> bool:
        return False


@admin.register(Notification)
class NotificationAdmin(ReadOnlyTenantAdmin):
    list_display = ["title", "user", "school", "kind", "urgent", "created_at", "read_at"]
    list_filter = ["school", "kind", "urgent"]


@admin.register(SentEmail)
class SentEmailAdmin(ReadOnlyTenantAdmin):
    list_display = ["subject", "to", "school", "template", "sent_at"]
    list_filter = ["school", "template"]
    search_fields = ["to", "key"]
