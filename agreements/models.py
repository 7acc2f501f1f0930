"""The home-school agreement (Chestnuts Appendix 3; Norris Bank can switch it on).

- ``AgreementVersion``: the school's agreement text for one academic year,
  numbered from 1 in that year. A new version marked *material* asks every
  family who signed an earlier one to sign again; any other new version (a
  typo fixed) does not.
- ``AgreementTranslation``: the same version's text in another language, as
  the school supplies it.
- ``Child``: one pupil on the school's roster, in one of its classes.
- ``KioskSession``: a tablet at a parents' evening, started by a member of staff.
- ``SigningLink``: a personal link sent to a family who were not at the evening.
- ``Agreement``: one family's signature for one child in one academic year,
  keeping the exact text signed, in the language it was signed in.

Nothing here is deleted: a signature made on an old version stays, and
coverage counts the latest signature against the latest material version.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models

from schools.audited import AuditedHistory
from schools.models import School, SchoolClass
from schools.tenancy import TenantManager, TenantModel
from schools.validators import validate_one_line, validate_text

_USER = settings.AUTH_USER_MODEL

DEFAULT_TITLE = "Acceptable use of the internet: agreement for parents and carers"
ENGLISH = "en"


class AgreementVersion(TenantModel):
    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="+")
    academic_year = models.PositiveSmallIntegerField(
        help_text="The calendar year the academic year starts in: 2026 for 2026–27."
    )
    number = models.PositiveSmallIntegerField(help_text="Numbered from 1 in each academic year.")
    title = models.CharField(max_length=200, default=DEFAULT_TITLE, validators=[validate_one_line])
    body = models.TextField(
        max_length=20000,
        validators=[validate_text],
        help_text="Paragraphs separated by a blank line; lines starting “- ” are a list.",
    )
    material = models.BooleanField(
        default=True,
        help_text="A material change: families who signed an earlier version sign again.",
    )
    change_note = models.CharField(
        "what changed", max_length=500, blank=True, validators=[validate_one_line]
    )
    created_by = models.ForeignKey(
        _USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    history = AuditedHistory()
    objects = TenantManager["AgreementVersion"]()

    class Meta:
        ordering = ["-academic_year", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["school", "academic_year", "number"], name="agreementversion_number"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.academic_year}–{(self.academic_year + 1) % 100:02d} version {self.number}"


class AgreementTranslation(TenantModel):
    """The text of one version in another language, supplied by the school."""

    school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="+")
    version = models.ForeignKey(
        AgreementVersion, on_delete=models.PROTECT, related_name="translations"
    )
    language = models.CharField(
        max_length=12, help_text="A language code, e.g. pl for Polish, ur for Urdu."
    )
    language_name = models.CharField(
        max_length=60,
        validators=[validate_one_line],
        help_text="The language's name as its speakers write it, e.g. Polski.",
    )
    title = models.CharField(max_length=200, validators=[validate_one_line])
    body = models.TextField(max_length=20000, validators=[validate_text])
    added_by = models.ForeignKey(
        _USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    added_at = models.DateTimeField(auto_now_add=True)

    history = AuditedHistory()
    objects = TenantManager["AgreementTranslation"]()

    class Meta:
        ordering = ["language_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["school", "version", "language"], name="agreementtranslation_language"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.version} in {self.language_name}"


class Child(TenantModel):
    """A pupil on the school's roster, imported from the school's own list."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="+")
    first_name = models.CharField(max_length=100, validators=[validate_one_line])
    last_name = models.CharField(max_length=100, validators=[validate_one_line])
    school_class = models.ForeignKey(SchoolClass, on_delete=models.PROTECT, related_name="+")
    date_of_birth = models.DateField(null=True, blank=True)
    reference = models.CharField(
        max_length=40,
        blank=True,
        validators=[validate_one_line],
        help_text="The school's own pupil reference, when its list has one.",
    )
    on_roll = models.BooleanField(default=True, help_text="Off roll: left the school.")

    history = AuditedHistory()
    objects = TenantManager["Child"]()

    class Meta:
        verbose_name_plural = "children"
        ordering = ["last_name", "first_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["school", "reference"],
                condition=~models.Q(reference=""),
                name="child_unique_reference",
            ),
        ]
        indexes = [models.Index(fields=["school", "school_class", "on_roll"])]

    def __str__(self) -> str:
        return f"{self.first_name} {self.last_name}"

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}"


class KioskSession(TenantModel):
    """A tablet signing agreements at one event, until it is ended or expires."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="+")
    event = models.CharField(
        max_length=120,
        validators=[validate_one_line],
        help_text="E.g. Parents' evening, autumn term.",
    )
    started_by = models.ForeignKey(_USER, on_delete=models.PROTECT, related_name="+")
    started_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    ended_at = models.DateTimeField(null=True, blank=True)
    ended_by = models.ForeignKey(
        _USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    history = AuditedHistory()
    objects = TenantManager["KioskSession"]()

    class Meta:
        ordering = ["-started_at"]

    def __str__(self) -> str:
        return self.event


class SigningLink(TenantModel):
    """A personal link for one child's family; it works once and expires."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="+")
    child = models.ForeignKey(Child, on_delete=models.PROTECT, related_name="+")
    academic_year = models.PositiveSmallIntegerField()
    email = models.EmailField()
    created_by = models.ForeignKey(_USER, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)

    history = AuditedHistory()
    objects = TenantManager["SigningLink"]()

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["school", "child", "academic_year"])]

    def __str__(self) -> str:
        return f"Signing link for {self.child}"


class Method(models.TextChoices):
    KIOSK = "kiosk", "At a kiosk"
    LINK = "link", "By a personal link"
    PAPER = "paper", "On paper (scanned copy)"


class SignatureKind(models.TextChoices):
    DRAWN = "drawn", "Drawn"
    TYPED = "typed", "Typed name"
    PAPER = "paper", "On the paper copy"


class Match(models.TextChoices):
    MATCHED = "matched", "Matched to the roster"
    UNMATCHED = "unmatched", "Not yet matched"
    NOT_ON_ROSTER = "not_on_roster", "Checked: not on the roster"


class Agreement(TenantModel):
    """Appendix 3, signed: one family, one child, one academic year, one text."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="+")
    number = models.PositiveIntegerField(help_text="Numbered from 1 in each school.")
    idempotency_key = models.UUIDField(
        help_text="Sent with the form: the same form sent twice makes one agreement."
    )
    academic_year = models.PositiveSmallIntegerField()
    version = models.ForeignKey(AgreementVersion, on_delete=models.PROTECT, related_name="+")
    language = models.CharField(max_length=12, default=ENGLISH)
    language_name = models.CharField(max_length=60, default="English")
    title_signed = models.CharField(max_length=200)
    text_signed = models.TextField(help_text="Exactly the text the family was shown.")

    parent_name = models.CharField(
        "name of parent or carer", max_length=120, validators=[validate_one_line]
    )
    child_name = models.CharField("name of child", max_length=120, validators=[validate_one_line])
    school_class = models.ForeignKey(
        SchoolClass, on_delete=models.PROTECT, related_name="+", verbose_name="child's class"
    )
    email = models.EmailField("email for a copy", blank=True)
    signature_kind = models.CharField(max_length=6, choices=SignatureKind.choices)
    signature = models.TextField(
        blank=True, help_text="A drawn signature as SVG path data, or the typed name."
    )
    second_carer_name = models.CharField(
        "second parent or carer", max_length=120, blank=True, validators=[validate_one_line]
    )
    second_signature_kind = models.CharField(
        max_length=6, choices=SignatureKind.choices, blank=True
    )
    second_signature = models.TextField(blank=True)

    method = models.CharField(max_length=6, choices=Method.choices)
    signed_at = models.DateTimeField()
    kiosk = models.ForeignKey(
        KioskSession, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    link = models.ForeignKey(
        SigningLink, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    recorded_by = models.ForeignKey(
        _USER,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="Who started the kiosk, sent the link or recorded the paper copy.",
    )
    recorded_at = models.DateTimeField(auto_now_add=True)
    scan = models.FileField(upload_to="agreements/scans/", blank=True)
    scan_sha256 = models.CharField(max_length=64, blank=True)
    scan_content_type = models.CharField(max_length=40, blank=True)

    child = models.ForeignKey(
        Child, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    match = models.CharField(max_length=14, choices=Match.choices, default=Match.UNMATCHED)
    matched_by = models.ForeignKey(
        _USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    history = AuditedHistory(excluded_fields=["signature", "second_signature"])
    objects = TenantManager["Agreement"]()

    class Meta:
        ordering = ["-signed_at"]
        constraints = [
            models.UniqueConstraint(fields=["school", "number"], name="agreement_number"),
            models.UniqueConstraint(
                fields=["school", "idempotency_key"], name="agreement_idempotency_key"
            ),
        ]
        indexes = [
            models.Index(fields=["school", "academic_year", "school_class"]),
            models.Index(fields=["school", "academic_year", "child"]),
            models.Index(fields=["school", "match"]),
        ]

    def __str__(self) -> str:
        return self.reference

    @property
    def reference(self) -> str:
        return f"HSA-{self.number}"


class AgreementSettings(TenantModel):
    """How a school runs its agreement round; a school with no row uses the defaults."""

    school = models.OneToOneField(School, on_delete=models.PROTECT, related_name="+")
    coverage_target = models.PositiveSmallIntegerField(
        default=90,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
        help_text="The share of children (per cent) whose families should have signed.",
    )

    history = AuditedHistory()
    objects = TenantManager["AgreementSettings"]()

    class Meta:
        verbose_name_plural = "agreement settings"

    def __str__(self) -> str:
        return f"Agreement settings of {self.school}"
