from __future__ import annotations

from django.contrib import admin

from forms_app.models import AccessRequest, ContentReport, FilterDecision, ReportedSite
from schools.admin import TenantAdmin


@admin.register(AccessRequest)
class AccessRequestAdmin(TenantAdmin):
    list_display = ["number", "school", "host", "status", "submitted_at"]
    list_filter = ["school", "status"]


@admin.register(ContentReport)
class ContentReportAdmin(TenantAdmin):
    list_display = ["number", "school", "status", "safeguarding", "reported_at"]
    list_filter = ["school", "status"]


@admin.register(ReportedSite)
class ReportedSiteAdmin(TenantAdmin):
    list_display = ["url", "report", "school"]


@admin.register(FilterDecision)
class FilterDecisionAdmin(TenantAdmin):
    list_display = ["site", "verdict", "decided_on", "school"]
    list_filter = ["school", "verdict"]
