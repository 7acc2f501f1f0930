from __future__ import annotations

from django.contrib import admin

from schools.admin import TenantAdmin
from training.models import Attendance, TrainingSession


@admin.register(TrainingSession)
class TrainingSessionAdmin(TenantAdmin):
    list_display = ["title", "school", "kind", "held_on", "status"]
    list_filter = ["school", "kind", "status"]


@admin.register(Attendance)
class AttendanceAdmin(TenantAdmin):
    list_display = ["user", "session", "school"]
