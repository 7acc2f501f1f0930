"""An incident and the people involved in it."""

from __future__ import annotations

import uuid

from django.db import models
from django.db.models import Q

from forms_app.models import ContentReport
from incidents.models.fields import by_field as _by
from incidents.models.fields import text_field as _text
from schools.audited import AuditedHistory
from schools.models import School, SchoolClass, SocialNetwork
from schools.tenancy import TenantManager, TenantModel
from schools.validators import validate_one_line


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

    history = AuditedHistory()
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

    history = AuditedHistory()
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
