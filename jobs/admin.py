from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest

from jobs.models import Job
from schools.admin import TenantAdminMixin


@admin.register(Job)
class JobAdmin(TenantAdminMixin, admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["kind", "key", "school", "status", "attempts", "created_at", "finished_at"]
    list_filter = ["status", "kind", "school"]
    search_fields = ["key"]
    readonly_fields = [field.name for field in Job._meta.fields]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False
