"""The school's checklists, written from its policy, and their steps copied into incidents."""

from __future__ import annotations

import uuid

from django.db import models
from django.db.models import Q

from incidents.models.fields import by_field as _by
from incidents.models.fields import text_field as _text
from incidents.models.incident import Incident, IncidentKind, PersonKind, SchoolDay
from policies.models import PolicyClause
from schools.audited import AuditedHistory
from schools.models import School
from schools.tenancy import TenantManager, TenantModel
from schools.validators import validate_one_line


class Requirement(models.TextChoices):
    ALWAYS = "always", "Required"
    WHEN_SEVERE = (
        "when_severe",
        ("Required when the material is threatening, abusive, sexist, sexual or a hate crime"),
    )
    CONSIDER = "consider", "To consider"


class ChecklistStep(TenantModel):
    """One step of the school's own checklist, written from its policy (the headteacher edits)."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField("kind of incident", max_length=24, choices=IncidentKind.choices)
    # Blank: whoever the perpetrator is.
    perpetrator = models.CharField(
        "when the alleged perpetrator is", max_length=12, choices=PersonKind.choices, blank=True
    )
    # Blank: in or outside the school day (Norris Bank 8.2-8.4 differ by it).
    school_day = models.CharField(
        "when it happened", max_length=8, choices=SchoolDay.choices, blank=True
    )
    position = models.PositiveSmallIntegerField(default=0)
    text = _text("what to do", max_length=1000)
    clause_number = models.CharField(
        "policy clause", max_length=20, blank=True, validators=[validate_one_line]
    )
    requirement = models.CharField(
        max_length=12, choices=Requirement.choices, default=Requirement.ALWAYS
    )
    due_days = models.PositiveSmallIntegerField(
        "due within (days)", default=5, help_text="Days after the incident is logged."
    )
    retired_at = models.DateTimeField(null=True, blank=True)

    history = AuditedHistory()
    objects = TenantManager["ChecklistStep"]()

    class Meta:
        ordering = ["kind", "position", "pk"]
        indexes = [models.Index(fields=["school", "kind"])]

    def __str__(self) -> str:
        return str(self.text)[:60]


class StepStatus(models.TextChoices):
    OPEN = "open", "To do"
    DONE = "done", "Done"
    NOT_NEEDED = "not_needed", "Not needed"


class IncidentStep(TenantModel):
    """A checklist step in one incident: its words and clause as they were when copied."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="+")
    incident = models.ForeignKey(Incident, on_delete=models.PROTECT, related_name="steps")
    template = models.ForeignKey(
        ChecklistStep, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    position = models.PositiveSmallIntegerField(default=0)
    text = _text("what to do", max_length=1000)
    clause = models.ForeignKey(
        PolicyClause, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    requirement = models.CharField(
        max_length=12, choices=Requirement.choices, default=Requirement.ALWAYS
    )
    due_on = models.DateField(null=True, blank=True)
    status = models.CharField(max_length=12, choices=StepStatus.choices, default=StepStatus.OPEN)
    done_at = models.DateTimeField(null=True, blank=True)
    done_by = _by("ticked by")
    note = _text("note", blank=True, max_length=2000)

    history = AuditedHistory()
    objects = TenantManager["IncidentStep"]()

    class Meta:
        ordering = ["incident", "position", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["school", "incident", "template"],
                condition=Q(template__isnull=False),
                name="incidentstep_once",
            ),
        ]
        indexes = [models.Index(fields=["school", "status", "due_on"])]

    def __str__(self) -> str:
        return str(self.text)[:60]

    def is_required(self, incident: Incident | None = None) -> bool:
        incident = incident or self.incident
        if self.requirement == Requirement.ALWAYS:
            return True
        return self.requirement == Requirement.WHEN_SEVERE and incident.is_severe

    @property
    def is_open(self) -> bool:
        return self.status == StepStatus.OPEN
