from __future__ import annotations

from typing import Any, ClassVar

from django.contrib import admin
from django.db import models
from django.db.models import QuerySet
from django.forms import ModelChoiceField
from django.http import HttpRequest
from simple_history.admin import SimpleHistoryAdmin

from schools.models import Membership, ReviewRoute, School, SchoolClass
from schools.tenancy import TenantManager


class TenantAdminMixin:
    """Admin for tenant-owned rows: the platform administrator sees every school.

    Rows are never deleted from here: roles are ended and classes retired, so
    the audit trail stays whole.
    """

    model: Any

    list_filter: ClassVar[Any] = ("school",)

    def get_queryset(self, request: HttpRequest) -> QuerySet[Any]:
        # unscoped: the platform administrator onboards every school.
        queryset: QuerySet[Any] = self.model.objects.unscoped("platform administration")
        return queryset.order_by("pk")

    def formfield_for_foreignkey(
        self, db_field: Any, request: HttpRequest, **kwargs: Any
    ) -> ModelChoiceField | None:  # type: ignore[type-arg]
        manager = db_field.remote_field.model._default_manager
        if isinstance(manager, TenantManager):
            kwargs["queryset"] = manager.unscoped("platform administration")
        return super().formfield_for_foreignkey(db_field, request, **kwargs)  # type: ignore[misc,no-any-return]

    def has_delete_permission(self, request: HttpRequest, obj: models.Model | None = None) -> bool:
        return False


class TenantAdmin(TenantAdminMixin, SimpleHistoryAdmin):
    """Tenant admin for audited models, with their history."""


class MembershipInline(admin.TabularInline):  # type: ignore[type-arg]
    model = Membership
    fields = ["user", "role", "title", "ended_at"]
    autocomplete_fields = ["user"]
    extra = 0
    can_delete = False


class ReviewRouteInline(admin.TabularInline):  # type: ignore[type-arg]
    model = ReviewRoute
    extra = 0


@admin.register(School)
class SchoolAdmin(SimpleHistoryAdmin):
    list_display = ["name", "slug", "time_zone", "is_active"]
    search_fields = ["name", "slug"]
    readonly_fields = ["public_id", "created_at"]
    inlines = [MembershipInline, ReviewRouteInline]

    def has_delete_permission(self, request: HttpRequest, obj: School | None = None) -> bool:
        return False


@admin.register(Membership)
class MembershipAdmin(TenantAdmin):
    list_display = ["user", "school", "role", "title", "started_at", "ended_at"]
    list_filter = ["school", "role"]
    search_fields = ["user__email", "user__full_name"]
    autocomplete_fields = ["user"]


@admin.register(SchoolClass)
class SchoolClassAdmin(TenantAdmin):
    list_display = ["name", "school", "year_group", "is_active"]


@admin.register(ReviewRoute)
class ReviewRouteAdmin(TenantAdmin):
    list_display = ["school", "kind", "role"]
