"""The policy's appendix forms about web content (Chestnuts Appendices 1 and 2).

- ``AccessRequest``: a member of staff asks for a blocked site to be opened.
- ``ContentReport``: a member of staff reports a site that should be blocked.
- ``FilterDecision``: one line of the school's register of what is allowed
  and blocked, and why (the evidence for the annual filtering review).

Each record moves through explicit states, one service per move
(``forms_app.services``), and is never deleted: a withdrawn request, a revoked
approval and a report closed with no action all stay, with who and why.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models

from schools.audited import AuditedHistory
from schools.models import School, SchoolClass
from schools.tenancy import TenantManager, TenantModel
from schools.validators import validate_one_line, validate_text

MAX_URL_LENGTH = 2048
_USER = settings.AUTH_USER_MODEL


def _by(name: str) -> models.ForeignKey:  # type: ignore[type-arg]
    """Who made one move of a record; empty until it is made."""
    return models.ForeignKey(
        _USER, null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name=name
    )


def _reason(name: str) -> models.TextField:  # type: ignore[type-arg]
    return models.TextField(name, max_length=2000, blank=True, validators=[validate_text])


class Audience(models.TextChoices):
    STAFF = "staff", "Staff only"
    CLASS = "class", "A class"
    SCHOOL = "school", "The whole school"


class AccessLength(models.TextChoices):
    """How long the requester needs the site open: a suggestion the reviewer can change."""

    DAY = "day", "One day"
    WEEK = "week", "One week"
    HALF_TERM = "half_term", "Half a term (six weeks)"
    TERM = "term", "A term (thirteen weeks)"
    YEAR = "year", "A school year"
    ONGOING = "ongoing", "No end date"


ACCESS_LENGTH_DAYS: dict[str, int | None] = {
    AccessLength.DAY: 1,
    AccessLength.WEEK: 7,
    AccessLength.HALF_TERM: 42,
    AccessLength.TERM: 91,
    AccessLength.YEAR: 365,
    AccessLength.ONGOING: None,
}


class RequestStatus(models.TextChoices):
    SUBMITTED = "submitted", "Awaiting decision"
    WITHDRAWN = "withdrawn", "Withdrawn"
    REJECTED = "rejected", "Refused"
    APPROVED = "approved", "Approved: to be unblocked"
    UNBLOCKED = "unblocked", "Unblocked"
    EXPIRED = "expired", "Approval ended"
    REVOKED = "revoked", "Approval revoked"
    REBLOCKED = "reblocked", "Blocked again"


class AccessRequest(TenantModel):
    """Appendix 1: "Blocked website content access request form"."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="+")
    number = models.PositiveIntegerField(help_text="Numbered from 1 in each school.")
    status = models.CharField(
        max_length=12, choices=RequestStatus.choices, default=RequestStatus.SUBMITTED
    )

    requested_by = models.ForeignKey(_USER, on_delete=models.PROTECT, related_name="+")
    requester_name = models.CharField("teacher name", max_length=200)
    submitted_at = models.DateTimeField(auto_now_add=True)
    url = models.CharField("full URL", max_length=MAX_URL_LENGTH)
    host = models.CharField(max_length=253)
    domain = models.CharField(max_length=253, help_text="The site: its registrable domain.")
    site_content = models.TextField(max_length=2000, validators=[validate_text])
    reasons = models.TextField(max_length=4000, validators=[validate_text])
    risks = models.TextField(max_length=4000, validators=[validate_text])
    needed_by = models.DateField(null=True, blank=True)
    audience = models.CharField(max_length=10, choices=Audience.choices)
    school_class = models.ForeignKey(
        SchoolClass, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    access_length = models.CharField(
        "how long access is needed", max_length=10, choices=AccessLength.choices
    )

    withdrawn_at = models.DateTimeField(null=True, blank=True)
    withdrawn_reason = _reason("why it was withdrawn")

    decided_by = _by("decided by")
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_reason = _reason("reason for the decision")
    access_until = models.DateField(
        null=True, blank=True, help_text="The last day access is allowed; empty for no end."
    )

    unblocked_on = models.DateField(null=True, blank=True)
    unblocked_by = _by("unblocked by")

    ended_at = models.DateTimeField(
        null=True, blank=True, help_text="When the approval expired or was revoked."
    )
    revoked_by = _by("revoked by")
    revoke_reason = _reason("why the approval was revoked")

    reblocked_on = models.DateField(null=True, blank=True)
    reblocked_by = _by("blocked again by")

    history = AuditedHistory()
    objects = TenantManager["AccessRequest"]()

    class Meta:
        ordering = ["-submitted_at"]
        constraints = [
            models.UniqueConstraint(fields=["school", "number"], name="accessrequest_number"),
        ]
        indexes = [
            models.Index(fields=["school", "status", "submitted_at"]),
            models.Index(fields=["school", "domain"]),
            models.Index(fields=["school", "requested_by", "submitted_at"]),
        ]

    def __str__(self) -> str:
        return f"{self.reference}: {self.host}"

    @property
    def reference(self) -> str:
        return f"AR-{self.number}"

    @property
    def is_waiting(self) -> bool:
        return self.status == RequestStatus.SUBMITTED

    @property
    def needs_reblock(self) -> bool:
        """An approval has ended and the site was opened: the network manager must re-block it."""
        return (
            self.status in (RequestStatus.EXPIRED, RequestStatus.REVOKED)
            and self.unblocked_on is not None
            and self.reblocked_on is None
        )


class ContentCategory(models.TextChoices):
    """The kinds of content the UK Safer Internet Centre's filtering guidance names."""

    ILLEGAL = "illegal", "Illegal content (child sexual abuse, terrorism)"
    DISCRIMINATION = "discrimination", "Discrimination"
    DRUGS = "drugs", "Drugs and substance abuse"
    EXTREMISM = "extremism", "Extremism"
    GAMBLING = "gambling", "Gambling"
    MALWARE = "malware", "Malware and hacking"
    PORNOGRAPHY = "pornography", "Pornography"
    PIRACY = "piracy", "Piracy and copyright theft"
    SELF_HARM = "self_harm", "Self-harm and eating disorders"
    VIOLENCE = "violence", "Violence, including violence against women and girls"
    OTHER = "other", "Something else (describe it below)"


class ReportStatus(models.TextChoices):
    REPORTED = "reported", "Awaiting action"
    BLOCKED = "blocked", "Blocked"
    CLOSED = "closed", "Closed with no action"


class ContentReport(TenantModel):
    """Appendix 2: "Inappropriate website content report form"."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="+")
    number = models.PositiveIntegerField(help_text="Numbered from 1 in each school.")
    status = models.CharField(
        max_length=10, choices=ReportStatus.choices, default=ReportStatus.REPORTED
    )

    reported_by = models.ForeignKey(_USER, on_delete=models.PROTECT, related_name="+")
    reporter_name = models.CharField("teacher name", max_length=200)
    reported_at = models.DateTimeField(auto_now_add=True)
    site_content = models.TextField(
        "general site content", max_length=2000, validators=[validate_text]
    )
    categories = models.JSONField(
        "nature of the content", default=list, blank=True, help_text="Keys of ContentCategory."
    )
    nature = models.TextField(
        "nature of the content, described", max_length=4000, blank=True, validators=[validate_text]
    )
    safeguarding = models.BooleanField("safeguarding issue", default=False)

    blocked_on = models.DateField("site blocked on", null=True, blank=True)
    blocked_by = _by("blocked by")
    provider_reference = models.CharField(
        "filtering provider's case reference",
        max_length=100,
        blank=True,
        validators=[validate_one_line],
    )
    closed_by = _by("closed by")
    closed_at = models.DateTimeField(null=True, blank=True)
    close_reason = _reason("why no action was taken")

    history = AuditedHistory()
    objects = TenantManager["ContentReport"]()
    # How the record's history names the values of a list field.
    history_choices = {"categories": ContentCategory.choices}

    class Meta:
        ordering = ["-reported_at"]
        constraints = [
            models.UniqueConstraint(fields=["school", "number"], name="contentreport_number"),
        ]
        indexes = [
            models.Index(fields=["school", "status", "reported_at"]),
            models.Index(fields=["school", "reported_by", "reported_at"]),
        ]

    def __str__(self) -> str:
        return self.reference

    @property
    def reference(self) -> str:
        return f"CR-{self.number}"

    @property
    def is_waiting(self) -> bool:
        return self.status == ReportStatus.REPORTED

    def category_labels(self) -> list[str]:
        known = dict(ContentCategory.choices)
        return [known.get(key, key) for key in self.categories]


class ReportedSite(TenantModel):
    """One of the full URLs a content report names (a report names one or more)."""

    school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="+")
    report = models.ForeignKey(ContentReport, on_delete=models.PROTECT, related_name="sites")
    position = models.PositiveSmallIntegerField()
    url = models.CharField("full URL", max_length=MAX_URL_LENGTH)
    host = models.CharField(max_length=253)
    domain = models.CharField(max_length=253)

    history = AuditedHistory()
    objects = TenantManager["ReportedSite"]()

    class Meta:
        ordering = ["report", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["school", "report", "position"], name="reportedsite_position"
            ),
        ]
        indexes = [models.Index(fields=["school", "domain"])]

    def __str__(self) -> str:
        return self.url


class Verdict(models.TextChoices):
    ALLOWED = "allowed", "Allowed"
    KEPT_BLOCKED = "kept_blocked", "Stays blocked (request refused)"
    BLOCKED = "blocked", "Blocked"
    NOT_BLOCKED = "not_blocked", "Not blocked (no action)"
    ALLOWANCE_ENDED = "allowance_ended", "Allowance ended: to be blocked again"


class FilterDecision(TenantModel):
    """One decision on what the school's filter allows or blocks: what, why, who, when, until.

    Written by the services as requests and reports are decided; never changed
    afterwards. Together they are the register the DfE's filtering and
    monitoring standards ask a school to keep and review each year.
    """

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="+")
    site = models.CharField(
        "what", max_length=253, help_text="A site (its domain) or a kind of site."
    )
    url = models.CharField(max_length=MAX_URL_LENGTH, blank=True)
    verdict = models.CharField(max_length=20, choices=Verdict.choices)
    reason = models.TextField(max_length=2000, validators=[validate_text])
    decided_by = _by("decided by")
    decided_by_name = models.CharField(
        max_length=200, help_text="The person, or “The school's policy (7.1)”."
    )
    decided_on = models.DateField()
    until = models.DateField(null=True, blank=True)
    audience = models.CharField(max_length=100, blank=True)
    access_request = models.ForeignKey(
        AccessRequest, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    content_report = models.ForeignKey(
        ContentReport, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    history = AuditedHistory()
    objects = TenantManager["FilterDecision"]()

    class Meta:
        ordering = ["-decided_on", "-recorded_at"]
        indexes = [
            models.Index(fields=["school", "decided_on"]),
            models.Index(fields=["school", "site"]),
        ]

    def __str__(self) -> str:
        return f"{self.site}: {self.get_verdict_display()}"

    @property
    def record(self) -> AccessRequest | ContentReport | None:
        return self.access_request or self.content_report
