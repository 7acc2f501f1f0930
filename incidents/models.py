"""The incident log (PRODUCT.md §3, "Incident"): the portal's most sensitive records.

- ``Incident``: what happened, when, where, how serious, and how it ended.
- ``IncidentPerson``: who was involved and their part (never deleted: a
  mistake is marked removed, with who and when).
- ``ChecklistStep``: one step of a school's checklist for a kind of incident
  and a kind of perpetrator, citing the policy's clause; ``IncidentStep`` is
  that step copied into one incident and ticked there.
- ``Decision`` (with its reason, "decided not to refer, because …" included),
  ``ExternalReport`` (platform, ISP, CEOP, police … with reference numbers and
  follow-up dates), ``EvidenceFile`` (the private evidence vault),
  ``IncidentNote`` (annotations, the only change a closed incident takes).
- ``AccessLogEntry``: every look at an incident or its evidence.
- ``ContactAttempt``: the quick log of a pupil or parent trying to "friend" or
  message a member of staff (Chestnuts 5.7, 6.3; Norris Bank 5.4, 6.3).
"""

from __future__ import annotations

import uuid
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from forms_app.models import ContentReport
from policies.models import PolicyClause
from schools.models import School, SchoolClass, SocialNetwork
from schools.tenancy import TenantManager, TenantModel
from schools.validators import validate_one_line, validate_text

_USER = settings.AUTH_USER_MODEL


def _by(name: str, *, null: bool = True) -> Any:
    return models.ForeignKey(
        _USER, null=null, blank=null, on_delete=models.PROTECT, related_name="+", verbose_name=name
    )


def _text(name: str, *, blank: bool = False, max_length: int = 4000) -> models.TextField:  # type: ignore[type-arg]
    return models.TextField(name, max_length=max_length, blank=blank, validators=[validate_text])


class IncidentKind(models.TextChoices):
    CYBERBULLYING = "cyberbullying", "Cyberbullying"
    NUDE_IMAGES = "nude_images", "Sharing nude or semi-nude images"
    UNWANTED_CONTACT = "unwanted_contact", "Unwanted contact between staff and pupils or parents"
    INAPPROPRIATE_CONTENT = "inappropriate_content", "Inappropriate content accessed"
    FIREWALL = "firewall", "Getting round the school's filtering"
    STAFF_CONDUCT = "staff_conduct", "Staff conduct: a breach of the policy"


class PersonKind(models.TextChoices):
    PUPIL = "pupil", "A pupil"
    STAFF = "staff", "A member of staff"
    PARENT = "parent", "A parent or carer"
    OTHER_ADULT = "other_adult", "Another adult"
    UNKNOWN = "unknown", "Not known"


class Part(models.TextChoices):
    TARGET = "target", "Target"
    PERPETRATOR = "perpetrator", "Alleged perpetrator"
    WITNESS = "witness", "Witness"


class SchoolDay(models.TextChoices):
    IN = "in", "During the school day"
    OUTSIDE = "outside", "Outside the school day"
    UNKNOWN = "unknown", "Not known"


class Severity(models.TextChoices):
    """Chestnuts 8.8, Norris Bank 8.9: material like this makes the police step required."""

    THREATENING = "threatening", "Threatening"
    ABUSIVE = "abusive", "Abusive"
    SEXIST = "sexist", "Sexist"
    SEXUAL = "sexual", "Of a sexual nature"
    HATE = "hate", "A hate crime"


class Status(models.TextChoices):
    OPEN = "open", "Open"
    CLOSED = "closed", "Closed"


class Outcome(models.TextChoices):
    RESOLVED = "resolved", "Resolved in school"
    REFERRED = "referred", "Handed on to others (police, safeguarding unit, platform)"
    NO_FURTHER_ACTION = "no_further_action", "No further action needed"
    NOT_UPHELD = "not_upheld", "Not upheld: it did not happen as reported"


class Sanction(models.TextChoices):
    """Firewall circumvention (Chestnuts 7.2, Norris Bank 7.2)."""

    SUPERVISED_ONLY = (
        "supervised_only",
        ("Banned from school computing equipment, except under close supervision"),
    )
    EXCLUSION = "exclusion", "Exclusion"
    OTHER = "other", "Another sanction (described)"
    NONE = "none", "No sanction (with the reason)"


class Incident(TenantModel):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="+")
    number = models.PositiveIntegerField(help_text="Numbered from 1 in each school.")
    kind = models.CharField(max_length=24, choices=IncidentKind.choices)
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.OPEN)

    occurred_at = models.DateTimeField("when it happened")
    reported_at = models.DateTimeField("logged at", auto_now_add=True)
    reported_by = _by("logged by", null=False)
    reporter_name = models.CharField("logged by (name)", max_length=200)
    school_day = models.CharField(
        "in or outside the school day", max_length=8, choices=SchoolDay.choices
    )
    platform = models.ForeignKey(
        SocialNetwork,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="platform",
    )
    platform_other = models.CharField(
        "platform (not on the list)", max_length=120, blank=True, validators=[validate_one_line]
    )
    description = _text("what happened", max_length=8000)
    severity = models.JSONField(
        "the material is", default=list, blank=True, help_text="Keys of Severity."
    )
    # UKCIS guidance: staff never view, copy or store nude or semi-nude imagery.
    imagery_not_viewed = models.BooleanField(
        "the imagery was not viewed, copied or stored", default=False
    )
    sanction = models.CharField(max_length=16, choices=Sanction.choices, blank=True)
    sanction_note = _text("about the sanction", blank=True, max_length=2000)
    content_report = models.ForeignKey(
        ContentReport,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="opened from content report",
    )

    closed_at = models.DateTimeField(null=True, blank=True)
    closed_by = _by("closed by")
    outcome = models.CharField(max_length=20, choices=Outcome.choices, blank=True)
    outcome_note = _text("about the outcome", blank=True, max_length=4000)

    history = HistoricalRecords()
    objects = TenantManager["Incident"]()
    history_choices = {"severity": Severity.choices}

    class Meta:
        ordering = ["-reported_at"]
        constraints = [
            models.UniqueConstraint(fields=["school", "number"], name="incident_number"),
            # A content report opens one incident at most.
            models.UniqueConstraint(
                fields=["school", "content_report"],
                condition=Q(content_report__isnull=False),
                name="incident_one_per_report",
            ),
        ]
        indexes = [
            models.Index(fields=["school", "status", "reported_at"]),
            models.Index(fields=["school", "reported_by", "reported_at"]),
        ]

    def __str__(self) -> str:
        return self.reference

    @property
    def reference(self) -> str:
        return f"INC-{self.number}"

    @property
    def is_open(self) -> bool:
        return self.status == Status.OPEN

    @property
    def takes_images(self) -> bool:
        """UKCIS: a nude-image incident stores no files at all."""
        return self.kind != IncidentKind.NUDE_IMAGES

    @property
    def is_severe(self) -> bool:
        return bool(self.severity)

    def severity_labels(self) -> list[str]:
        known = dict(Severity.choices)
        return [known.get(key, key) for key in self.severity]

    @property
    def platform_name(self) -> str:
        return (
            str(self.platform.name) if self.platform_id and self.platform else self.platform_other
        )


class IncidentPerson(TenantModel):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="+")
    incident = models.ForeignKey(Incident, on_delete=models.PROTECT, related_name="people")
    kind = models.CharField("who", max_length=12, choices=PersonKind.choices)
    part = models.CharField("their part", max_length=12, choices=Part.choices)
    name = models.CharField("name", max_length=200, blank=True, validators=[validate_one_line])
    school_class = models.ForeignKey(
        SchoolClass,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="class",
    )
    added_by = _by("added by", null=False)
    added_at = models.DateTimeField(auto_now_add=True)
    removed_at = models.DateTimeField(null=True, blank=True)
    removed_by = _by("removed by")

    history = HistoricalRecords()
    objects = TenantManager["IncidentPerson"]()

    class Meta:
        ordering = ["incident", "added_at", "pk"]
        indexes = [models.Index(fields=["school", "incident"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.get_part_display()})"

    @property
    def label(self) -> str:
        who = self.name or self.get_kind_display()
        if self.school_class_id and self.school_class:
            who += f", {self.school_class.name}"
        return who


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

    history = HistoricalRecords()
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

    history = HistoricalRecords()
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


class DecisionKind(models.TextChoices):
    REFER = "refer", "Refer or report it to others"
    NOT_REFER = "not_refer", "Decided not to refer"
    SANCTION = "sanction", "A sanction or disciplinary step"
    SUPPORT = "support", "Support for those affected"
    OTHER = "other", "Another decision"


class Decision(TenantModel):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="+")
    incident = models.ForeignKey(Incident, on_delete=models.PROTECT, related_name="decisions")
    kind = models.CharField("decision", max_length=12, choices=DecisionKind.choices)
    summary = _text("what was decided", max_length=2000)
    reason = _text("why", max_length=4000)
    decided_by = _by("decided by", null=False)
    decided_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()
    objects = TenantManager["Decision"]()

    class Meta:
        ordering = ["incident", "decided_at", "pk"]

    def __str__(self) -> str:
        return self.get_kind_display()


class ReportedTo(models.TextChoices):
    PLATFORM = "platform", "The platform or app"
    ISP = "isp", "The internet service provider"
    CEOP = "ceop", "CEOP (National Crime Agency)"
    POLICE = "police", "The police"
    SAFEGUARDING = "safeguarding", "The local authority's safeguarding unit"
    LADO = "lado", "The LADO (an allegation about an adult who works with children)"
    PARENTS = "parents", "Parents or carers"
    OTHER = "other", "Someone else"


class ExternalReport(TenantModel):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="+")
    incident = models.ForeignKey(Incident, on_delete=models.PROTECT, related_name="reports")
    to = models.CharField("reported to", max_length=12, choices=ReportedTo.choices)
    to_name = models.CharField(
        "name (the platform, the police force …)",
        max_length=200,
        blank=True,
        validators=[validate_one_line],
    )
    made_on = models.DateField("reported on")
    reference = models.CharField(
        "their reference number", max_length=100, blank=True, validators=[validate_one_line]
    )
    follow_up_on = models.DateField("follow up on", null=True, blank=True)
    followed_up_at = models.DateTimeField(null=True, blank=True)
    followed_up_by = _by("followed up by")
    note = _text("note", blank=True, max_length=2000)
    made_by = _by("recorded by", null=False)
    recorded_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()
    objects = TenantManager["ExternalReport"]()

    class Meta:
        ordering = ["incident", "made_on", "pk"]
        indexes = [models.Index(fields=["school", "follow_up_on"])]

    def __str__(self) -> str:
        return self.get_to_display()


class EvidenceFile(TenantModel):
    """A screen print or document in the evidence vault (Chestnuts 8.4), stored privately."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="+")
    incident = models.ForeignKey(Incident, on_delete=models.PROTECT, related_name="evidence")
    file = models.FileField(upload_to="incidents/evidence/")
    content_type = models.CharField(max_length=40)
    size = models.PositiveIntegerField()
    sha256 = models.CharField(max_length=64)
    width = models.PositiveIntegerField(null=True, blank=True)
    height = models.PositiveIntegerField(null=True, blank=True)
    description = _text("what it shows", blank=True, max_length=1000)
    captured_at = models.DateTimeField("when the screen print was taken", null=True, blank=True)
    uploaded_by = _by("uploaded by", null=False)
    uploaded_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()
    objects = TenantManager["EvidenceFile"]()

    class Meta:
        ordering = ["incident", "uploaded_at", "pk"]

    def __str__(self) -> str:
        return f"Evidence {self.sha256[:12]}"

    @property
    def is_image(self) -> bool:
        return self.content_type.startswith("image/")


class IncidentNote(TenantModel):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="+")
    incident = models.ForeignKey(Incident, on_delete=models.PROTECT, related_name="notes")
    text = _text("note", max_length=4000)
    written_by = _by("written by", null=False)
    written_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()
    objects = TenantManager["IncidentNote"]()

    class Meta:
        ordering = ["incident", "written_at", "pk"]

    def __str__(self) -> str:
        return f"Note on {self.incident_id}"


class AccessAction(models.TextChoices):
    VIEW = "view", "Opened the incident"
    STATUS = "status", "Opened the reporter's status page"
    EVIDENCE = "evidence", "Downloaded evidence"
    PACK = "pack", "Downloaded the evidence pack"


class AccessLogEntry(TenantModel):
    """One look at an incident or its evidence: written, never changed (no history needed)."""

    school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="+")
    incident = models.ForeignKey(Incident, on_delete=models.PROTECT, related_name="+")
    evidence = models.ForeignKey(
        EvidenceFile, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    user = models.ForeignKey(_USER, on_delete=models.PROTECT, related_name="+")
    action = models.CharField(max_length=10, choices=AccessAction.choices)
    at = models.DateTimeField(auto_now_add=True)

    objects = TenantManager["AccessLogEntry"]()

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name_plural = "access log entries"
        indexes = [
            models.Index(fields=["school", "incident", "at"]),
            models.Index(fields=["school", "at"]),
        ]

    def __str__(self) -> str:
        return f"{self.get_action_display()} at {self.at:%Y-%m-%d %H:%M}"


class Contacter(models.TextChoices):
    PUPIL = "pupil", "A pupil"
    FORMER_PUPIL = "former_pupil", "A former pupil"
    PARENT = "parent", "A parent or carer"
    OTHER = "other", "Someone else from the school community"


class ContactAttempt(TenantModel):
    """A pupil or parent tried to "friend" or message a member of staff (two fields, on a phone)."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="+")
    who = models.CharField("who tried to contact you", max_length=14, choices=Contacter.choices)
    platform = models.ForeignKey(
        SocialNetwork,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="where",
    )
    platform_other = models.CharField(
        "where (not on the list)", max_length=120, blank=True, validators=[validate_one_line]
    )
    reported_by = _by("reported by", null=False)
    reported_at = models.DateTimeField(auto_now_add=True)
    incident = models.ForeignKey(
        Incident, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    history = HistoricalRecords()
    objects = TenantManager["ContactAttempt"]()

    class Meta:
        ordering = ["-reported_at", "-pk"]
        indexes = [models.Index(fields=["school", "reported_at"])]

    def __str__(self) -> str:
        return f"{self.get_who_display()} at {self.reported_at:%Y-%m-%d}"

    @property
    def platform_name(self) -> str:
        return (
            str(self.platform.name) if self.platform_id and self.platform else self.platform_other
        )
