from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models

from policies.parsing import SectionKind
from schools.audited import AuditedHistory
from schools.models import School
from schools.tenancy import TenantManager, TenantModel


class VersionStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    PUBLISHED = "published", "Published"
    DISCARDED = "discarded", "Discarded draft"


class PolicyVersion(TenantModel):
    """One version of a school's social media policy.

    A draft is edited clause by clause (every edit in its history); publishing
    gives it the next version number and freezes it for good.
    """

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="+")
    status = models.CharField(
        max_length=10, choices=VersionStatus.choices, default=VersionStatus.DRAFT
    )
    number = models.PositiveIntegerField(null=True, blank=True)
    title = models.CharField(max_length=200)
    based_on = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    published_at = models.DateTimeField(null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    material_change = models.BooleanField(
        default=False,
        help_text="Staff must acknowledge the policy again after a material change.",
    )
    change_summary = models.TextField(blank=True)
    review_due = models.DateField(
        null=True, blank=True, help_text="When the policy is next reviewed."
    )
    unplaced_lines = models.JSONField(
        default=list,
        blank=True,
        help_text="Lines of an imported document that the importer could not place.",
    )

    history = AuditedHistory()
    objects = TenantManager["PolicyVersion"]()

    class Meta:
        ordering = ["-number", "-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["school", "number"],
                condition=models.Q(number__isnull=False),
                name="policyversion_unique_number",
            ),
            models.UniqueConstraint(
                fields=["school"],
                condition=models.Q(status="draft"),
                name="policyversion_one_draft",
            ),
        ]

    def __str__(self) -> str:
        if self.number:
            return f"{self.title}, version {self.number}"
        return f"{self.title} ({self.get_status_display().lower()})"

    @property
    def is_draft(self) -> bool:
        return self.status == VersionStatus.DRAFT

    @property
    def is_published(self) -> bool:
        return self.status == VersionStatus.PUBLISHED


class PolicySection(TenantModel):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="+")
    version = models.ForeignKey(PolicyVersion, on_delete=models.PROTECT, related_name="sections")
    order = models.PositiveIntegerField()
    kind = models.CharField(max_length=10, choices=[(k.value, k.value) for k in SectionKind])
    number = models.CharField(max_length=10, blank=True)
    heading = models.CharField(max_length=300)
    anchor = models.CharField(max_length=40)

    history = AuditedHistory()
    objects = TenantManager["PolicySection"]()

    class Meta:
        ordering = ["order"]
        constraints = [
            models.UniqueConstraint(fields=["school", "version", "order"], name="section_order"),
            models.UniqueConstraint(fields=["school", "version", "anchor"], name="section_anchor"),
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.heading}" if self.number else self.heading

    @property
    def label(self) -> str:
        if self.kind == SectionKind.APPENDIX:
            return f"Appendix {self.number}" + (f" – {self.heading}" if self.heading else "")
        return str(self)


class PolicyClause(TenantModel):
    """A numbered clause ("7.4") or an unnumbered paragraph of a section.

    Other records cite a clause by pointing at this row, which belongs to one
    version for good: a later version that renumbers or removes the clause
    leaves the citation as it was written.
    """

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="+")
    version = models.ForeignKey(PolicyVersion, on_delete=models.PROTECT, related_name="clauses")
    section = models.ForeignKey(PolicySection, on_delete=models.PROTECT, related_name="clauses")
    order = models.PositiveIntegerField()
    number = models.CharField(max_length=12, blank=True)
    anchor = models.CharField(max_length=40)
    text = models.TextField()
    bullets = models.JSONField(default=list, blank=True)

    history = AuditedHistory()
    objects = TenantManager["PolicyClause"]()

    class Meta:
        ordering = ["order"]
        constraints = [
            models.UniqueConstraint(fields=["school", "version", "anchor"], name="clause_anchor"),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.text[:60]}" if self.number else self.text[:60]

    @property
    def citation(self) -> str:
        """How the portal cites it: "Chestnuts 7.5"."""
        return f"{short_school_name(self.school)} {self.number or self.anchor}"


def short_school_name(school: School) -> str:
    name = school.name
    for suffix in (" Primary School", " School", " Primary"):
        if name.endswith(suffix):
            return name[: -len(suffix)]
    return name


class PolicyAcknowledgement(TenantModel):
    """A member of staff has read a version of the policy."""

    school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="+")
    version = models.ForeignKey(PolicyVersion, on_delete=models.PROTECT, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    acknowledged_at = models.DateTimeField(auto_now_add=True)

    history = AuditedHistory()
    objects = TenantManager["PolicyAcknowledgement"]()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["school", "version", "user"], name="one_ack_per_version"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} acknowledged {self.version}"
