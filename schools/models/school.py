"""The tenant, its people, its classes and how it has set up its policy."""

from __future__ import annotations

import uuid
import zoneinfo
from collections.abc import Mapping
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.functional import cached_property

from schools.audited import AuditedHistory, AuditedManager
from schools.roles import Module, RecordKind, Role, TrainingKind
from schools.tenancy import TenantManager, TenantModel
from schools.validators import validate_one_line, validate_text

# First path segments that belong to the portal, never to a school.
RESERVED_SLUGS = frozenset(
    {
        "accounts",
        "admin",
        "healthz",
        "static",
        "media",
        "api",
        "kiosk",
        "sign",
        "favicon.ico",
        "invitations",
        "two-factor",
    }
)


def validate_time_zone(value: str) -> None:
    if value not in zoneinfo.available_timezones():
        raise ValidationError(f"“{value}” is not a time zone name, e.g. Europe/London.")


def validate_school_slug(value: str) -> None:
    if value in RESERVED_SLUGS:
        raise ValidationError(f"“{value}” is used by the portal itself; choose another.")


class OverallResponsibility(models.TextChoices):
    HEADTEACHER = "headteacher", "The headteacher"
    GOVERNING_BODY = "governing_body", "The governing body"


class School(models.Model):
    """A tenant. Everything a school owns points here."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    slug = models.SlugField(unique=True, max_length=60, validators=[validate_school_slug])
    name = models.CharField(max_length=200)
    time_zone = models.CharField(
        max_length=64, default="Europe/London", validators=[validate_time_zone]
    )
    academic_year_start_month = models.PositiveSmallIntegerField(
        default=9, validators=[MinValueValidator(1), MaxValueValidator(12)]
    )
    academic_year_start_day = models.PositiveSmallIntegerField(
        default=1, validators=[MinValueValidator(1), MaxValueValidator(31)]
    )
    overall_responsibility = models.CharField(
        max_length=20,
        choices=OverallResponsibility.choices,
        default=OverallResponsibility.HEADTEACHER,
        help_text="Who the policy makes responsible for it overall.",
    )
    enabled_modules = models.JSONField(
        default=list,
        blank=True,
        help_text="Which parts of the portal this school uses.",
    )
    reminder_overdue_days = models.PositiveSmallIntegerField(
        default=5,
        validators=[MinValueValidator(1), MaxValueValidator(90)],
        help_text="In the daily reminder, what has waited this many days is marked overdue.",
    )
    # What the school's filter blocks (Chestnuts 7.1, Norris Bank 7). Named
    # services are the school's social networks marked ``blocked``.
    blocks_all_social_media = models.BooleanField(
        default=False, help_text="The school's filter blocks every social media site."
    )
    filtering_provider = models.CharField(
        max_length=200,
        blank=True,
        validators=[validate_one_line],
        help_text="Who manages the school's filtering, e.g. the London Grid for Learning (LGfL).",
    )
    blocking_note = models.CharField(
        max_length=500,
        blank=True,
        validators=[validate_text],
        help_text="Anything else staff should know about what is blocked.",
    )
    # Those who see incidents and evidence must use two-factor sign-in here
    # (twofactor.policy); PORTAL_TWO_FACTOR_REQUIRED requires it in every school.
    requires_two_factor = models.BooleanField(
        "requires two-factor sign-in",
        default=False,
        help_text="The headteacher, DSL and e-safety team must sign in with a code from an app.",
    )
    is_active = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    history = AuditedHistory()
    objects = AuditedManager["School"]()

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        super().clean()
        unknown = set(self.enabled_modules) - set(Module.values)
        if unknown:
            raise ValidationError({"enabled_modules": f"Unknown modules: {sorted(unknown)}"})

    def has_module(self, module: Module | str) -> bool:
        return str(module) in self.enabled_modules

    @property
    def tz(self) -> zoneinfo.ZoneInfo:
        return zoneinfo.ZoneInfo(self.time_zone)

    @cached_property
    def review_routes(self) -> Mapping[RecordKind, frozenset[Role]]:
        """Who reviews each kind of record here (a kind missing: nobody named).

        Read in one query the first time it is asked of this instance, so a
        page that asks for several kinds, or for one several times, reads them
        once; ``review_routes_set`` forgets what was read.
        """
        found: dict[RecordKind, set[Role]] = {}
        for kind, role in ReviewRoute.objects.for_school(self).values_list("kind", "role"):
            found.setdefault(RecordKind(kind), set()).add(Role(role))
        return {kind: frozenset(roles) for kind, roles in found.items()}

    def reviewer_roles(self, kind: RecordKind) -> frozenset[Role]:
        return self.review_routes.get(kind, frozenset())

    def forget_review_routes(self) -> None:
        self.__dict__.pop("review_routes", None)


class Membership(TenantModel):
    """One role held by one person in one school; a person may hold several.

    Memberships are ended, never deleted, so the audit trail keeps who could
    see what and when.
    """

    school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="+")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="memberships"
    )
    role = models.CharField(max_length=20, choices=Role.choices)
    title = models.CharField(
        max_length=150,
        blank=True,
        help_text="How the policy names this person's job, e.g. “Curriculum team – Computing”.",
    )
    started_at = models.DateTimeField(auto_now_add=True)
    ended_at = models.DateTimeField(null=True, blank=True)

    history = AuditedHistory()
    objects = TenantManager["Membership"]()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["school", "user", "role"],
                condition=models.Q(ended_at__isnull=True),
                name="membership_one_active_role",
            ),
        ]
        indexes = [models.Index(fields=["user", "school"])]

    def __str__(self) -> str:
        return f"{self.user} — {self.get_role_display()} at {self.school}"


class YearGroup(models.IntegerChoices):
    RECEPTION = 0, "Reception"
    YEAR_1 = 1, "Year 1"
    YEAR_2 = 2, "Year 2"
    YEAR_3 = 3, "Year 3"
    YEAR_4 = 4, "Year 4"
    YEAR_5 = 5, "Year 5"
    YEAR_6 = 6, "Year 6"


class SchoolClass(TenantModel):
    """A class of pupils, e.g. “Year 3” or “Oak (Year 3)”."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="+")
    name = models.CharField(max_length=60)
    year_group = models.PositiveSmallIntegerField(choices=YearGroup.choices)
    is_active = models.BooleanField(default=True)

    history = AuditedHistory()
    objects = TenantManager["SchoolClass"]()

    class Meta:
        verbose_name = "class"
        verbose_name_plural = "classes"
        ordering = ["year_group", "name"]
        constraints = [
            models.UniqueConstraint(fields=["school", "name"], name="schoolclass_unique_name"),
        ]

    def __str__(self) -> str:
        return self.name


class ReviewRoute(TenantModel):
    """Which role reviews which kind of record in a school (PRODUCT.md §2)."""

    school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=20, choices=RecordKind.choices)
    role = models.CharField(max_length=20, choices=Role.choices)

    history = AuditedHistory()
    objects = TenantManager["ReviewRoute"]()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["school", "kind", "role"], name="reviewroute_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} → {self.get_role_display()}"


class TrainingRequirement(TenantModel):
    """How often a school's staff must have each kind of training.

    A kind with no row follows ``TRAINING_DEFAULTS``. ``refresh_months`` empty
    means once is enough (an induction).
    """

    school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=30, choices=TrainingKind.choices)
    required = models.BooleanField(default=True)
    refresh_months = models.PositiveSmallIntegerField(
        null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(60)]
    )

    history = AuditedHistory()
    objects = TenantManager["TrainingRequirement"]()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["school", "kind"], name="trainingrequirement_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.rule.describe()}"

    @property
    def rule(self) -> TrainingRule:
        return TrainingRule(self.required, self.refresh_months)


@dataclass(frozen=True)
class TrainingRule:
    required: bool
    refresh_months: int | None = None  # None: once is enough

    def describe(self) -> str:
        if not self.required:
            return "Not required"
        if self.refresh_months is None:
            return "Once (does not expire)"
        if self.refresh_months % 12 == 0:
            years = self.refresh_months // 12
            return "Every year" if years == 1 else f"Every {years} years"
        return f"Every {self.refresh_months} months"


# Chestnuts 3.2-3.3 and Norris Bank "Training of staff": an induction once,
# policy training and briefings "regular and ongoing" — yearly unless the school says.
TRAINING_DEFAULTS: dict[TrainingKind, TrainingRule] = {
    TrainingKind.SAFEGUARDING_INDUCTION: TrainingRule(required=True),
    TrainingKind.SOCIAL_MEDIA_POLICY: TrainingRule(required=True, refresh_months=12),
    TrainingKind.ESAFETY_BRIEFING: TrainingRule(required=True, refresh_months=12),
    TrainingKind.OTHER: TrainingRule(required=False),
}


def training_rules(
    school: School, requirements: list[TrainingRequirement] | None = None
) -> dict[TrainingKind, TrainingRule]:
    """Each kind's rule in ``school``: its own where set, else the default. One query
    (none given its ``TrainingRequirement`` rows)."""
    rules = dict(TRAINING_DEFAULTS)
    if requirements is None:
        requirements = list(TrainingRequirement.objects.for_school(school))
    for requirement in requirements:
        rules[TrainingKind(requirement.kind)] = requirement.rule
    return rules
