from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest

from documents.models import Document
from schools.admin import TenantAdmin


@admin.register(Document)
class DocumentAdmin(TenantAdmin):
    """Read-only: versions are made by the render job, never by hand."""

    list_display = ["title", "version", "school", "status", "generated_at", "size"]
    list_filter = ["school", "status", "subject_type"]
    search_fields = ["reference", "title"]
    # The file has no URL (private storage): show where it is stored instead.
    exclude = ["file"]
    readonly_fields = [
        *(field.name for field in Document._meta.fields if field.name != "file"),
        "stored_as",
    ]

    @admin.display(description="Stored as")
    def stored_as(self, document: Document) -> str:
        return document.file.name or "—"

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False
