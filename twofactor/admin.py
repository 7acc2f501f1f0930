"""The platform administrator removes a person's authenticator app (a lost phone).

Devices are listed read-only; deleting one goes through ``device_remove``, so
the recovery codes go with it and the history names the administrator. The
person is asked to set it up again at their next sign-in wherever it is required.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest

from accounts.models import User
from twofactor.models import TOTPDevice
from twofactor.services import device_remove


@admin.register(TOTPDevice)
class TOTPDeviceAdmin(admin.ModelAdmin):  # type: ignore[type-arg]
    list_display = ["user", "confirmed_at"]
    search_fields = ["user__email", "user__full_name"]
    fields = ["user", "confirmed_at"]
    readonly_fields = ["user", "confirmed_at"]
    actions = ["delete_selected"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # only the person can set up their own app

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def delete_model(self, request: HttpRequest, obj: TOTPDevice) -> None:
        device_remove(user=obj.user, by=request.user)  # type: ignore[arg-type]

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[TOTPDevice]) -> None:
        by: User = request.user  # type: ignore[assignment]
        for device in queryset.select_related("user"):
            device_remove(user=device.user, by=by)
