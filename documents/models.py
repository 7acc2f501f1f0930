from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.text import slugify

from jobs.models import Job
from schools.audited import AuditedHistory
from schools.models import School
from schools.tenancy import TenantManager, TenantModel


class DocumentStatus(models.TextChoices):
    PENDING = "pending", "Being produced"
    READY = "ready", "Ready"
    FAILED = "failed", "PDF could not be produced"


class Document(TenantModel):
    """One version of a record's PDF.

    A version is made when the record's printed content changes
    (``content_sha256``: the HTML without its generation time), never when it
    did not. The file lives in the private default storage, written only once
    the whole PDF exists; ``sha256`` and ``size`` describe exactly that file.
    """

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="+")
    subject_type = models.CharField(max_length=40)
    subject_id = models.CharField(max_length=64, help_text="The record's public id.")
    version = models.PositiveIntegerField()
    title = models.CharField(max_length=200)
    reference = models.CharField(max_length=100)
    status = models.CharField(
        max_length=10, choices=DocumentStatus.choices, default=DocumentStatus.PENDING
    )
    content_sha256 = models.CharField(
        max_length=64, help_text="SHA-256 of the HTML laid out, without its generation time."
    )
    file = models.FileField(upload_to="documents/", max_length=255, blank=True)
    sha256 = models.CharField("SHA-256 of the file", max_length=64, blank=True)
    size = models.PositiveIntegerField(null=True, blank=True, help_text="Bytes.")
    generated_at = models.DateTimeField(null=True, blank=True)
    error = models.TextField(blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    job = models.ForeignKey(
        Job,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The job that last rendered this version.",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    history = AuditedHistory()
    objects = TenantManager["Document"]()

    class Meta:
        ordering = ["subject_type", "subject_id", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["school", "subject_type", "subject_id", "version"],
                name="document_unique_version",
            ),
            models.UniqueConstraint(
                fields=["school", "subject_type", "subject_id", "content_sha256"],
                name="document_unique_content",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} (version {self.version}, {self.get_status_display()})"

    @property
    def is_ready(self) -> bool:
        return self.status == DocumentStatus.READY and bool(self.file)

    @property
    def filename(self) -> str:
        """The name a download is saved under."""
        return f"{slugify(self.reference) or 'document'}-v{self.version}.pdf"
