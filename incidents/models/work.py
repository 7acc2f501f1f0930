"""What is recorded while an incident is worked on, the access log (of every sensitive
record), and contact attempts."""

from __future__ import annotations

import uuid

from django.db import models

from incidents.models.fields import USER_MODEL as _USER
from incidents.models.fields import by_field as _by
from incidents.models.fields import text_field as _text
from incidents.models.incident import Incident
from schools.audited import AuditedHistory
from schools.models import School, SocialNetwork
from schools.tenancy import TenantManager, TenantModel
from schools.validators import validate_one_line


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

    history = AuditedHistory()
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

    history = AuditedHistory()
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

    history = AuditedHistory()
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

    history = AuditedHistory()
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
    REPORT = "report", "Opened the content report"
    AGREEMENT = "agreement", "Opened the signed agreement"
    SCAN = "scan", "Downloaded the scan"
    PDF = "pdf", "Downloaded the PDF"


class AccessRecordType(models.TextChoices):
    """The sensitive records whose every look is logged: each names or describes a child."""

    INCIDENT = "incident", "Incident"
    CONTENT_REPORT = "content_report", "Content report"
    AGREEMENT = "agreement", "Signed agreement"


class AccessLogEntry(TenantModel):
    """One look at a sensitive record: written, never changed (no history needed).

    ``record_id`` and ``reference`` name the record whatever its kind (the
    reference as written when the look happened); ``incident`` and
    ``evidence`` are also set for a look at an incident.
    """

    school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="+")
    record_type = models.CharField(max_length=14, choices=AccessRecordType.choices)
    record_id = models.CharField(max_length=36, help_text="The record's public id.")
    reference = models.CharField(max_length=20, help_text="INC-4, CR-2, HSA-12 …")
    incident = models.ForeignKey(
        Incident, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
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
            models.Index(fields=["school", "reference", "at"], name="access_log_reference_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(record_type=AccessRecordType.INCIDENT, incident__isnull=False)
                    | (
                        ~models.Q(record_type=AccessRecordType.INCIDENT)
                        & models.Q(incident__isnull=True)
                    )
                ),
                name="access_log_incident_set_for_incidents_only",
            ),
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

    history = AuditedHistory()
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
