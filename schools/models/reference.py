"""Reference lists (Appendices 4 and 5): social networks and mobile providers.

The platform keeps a default entry for each service (not a tenant row, edited
in Django admin); each school has its own copy, which the headteacher may
adjust and reset. A copy the school has not adjusted follows its default when
the platform administrator updates it.
"""

from __future__ import annotations

import uuid

from django.db import models

from schools.audited import AuditedHistory, AuditedManager
from schools.models.school import School
from schools.tenancy import TenantManager, TenantModel
from schools.validators import (
    validate_one_line,
    validate_phone_numbers,
    validate_text,
    validate_web_url,
)


class SocialNetworkEntry(models.Model):
    """What a list says about one social network: its links and the advice given."""

    COPIED_FIELDS = (
        "name",
        "help_url",
        "rules_url",
        "report_url",
        "safety_url",
        "advice",
        "retired",
    )

    name = models.CharField(max_length=100, validators=[validate_one_line])
    help_url = models.URLField(
        "help centre", max_length=300, blank=True, validators=[validate_web_url]
    )
    rules_url = models.URLField("rules", max_length=300, blank=True, validators=[validate_web_url])
    report_url = models.URLField(
        "how to report", max_length=300, blank=True, validators=[validate_web_url]
    )
    safety_url = models.URLField(
        "safety advice", max_length=300, blank=True, validators=[validate_web_url]
    )
    advice = models.TextField(max_length=1000, blank=True, validators=[validate_text])
    retired = models.BooleanField(
        default=False,
        help_text="The service no longer exists: listed so people know what became of it.",
    )

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.name


class PhoneProviderEntry(models.Model):
    """What a list says about one mobile provider's nuisance-call help."""

    COPIED_FIELDS = (
        "name", "from_mobile", "pay_as_you_go", "pay_monthly", "website_url", "numbers_note",
        "advice", "retired",
    )  # fmt: skip

    name = models.CharField(max_length=100, validators=[validate_one_line])
    from_mobile = models.CharField(max_length=40, blank=True, validators=[validate_phone_numbers])
    pay_as_you_go = models.CharField(max_length=40, blank=True, validators=[validate_phone_numbers])
    pay_monthly = models.CharField(max_length=40, blank=True, validators=[validate_phone_numbers])
    website_url = models.URLField(
        "website", max_length=300, blank=True, validators=[validate_web_url]
    )
    numbers_note = models.CharField(
        max_length=200,
        blank=True,
        validators=[validate_one_line],
        help_text="Where the numbers come from, e.g. “as given in the school's policy”.",
    )
    advice = models.TextField(max_length=1000, blank=True, validators=[validate_text])
    retired = models.BooleanField(
        default=False,
        help_text="The brand no longer exists: listed so people know what became of it.",
    )

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.name


class PlatformDefault(models.Model):
    """A platform-wide entry (not a tenant row), edited in Django admin."""

    key = models.SlugField(max_length=40, unique=True)
    order = models.PositiveSmallIntegerField(default=0)
    last_checked = models.DateField(
        null=True, blank=True, help_text="When someone last checked these details were right."
    )

    class Meta:
        abstract = True
        ordering = ["order", "key"]


class SchoolCopy(TenantModel):
    """A school's copy of a platform entry."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="+")
    customised = models.BooleanField(
        default=False, help_text="The school has changed it: the platform's updates leave it alone."
    )
    hidden = models.BooleanField(default=False, help_text="Left out of the list staff see.")

    class Meta:
        abstract = True


class SocialNetworkDefault(PlatformDefault, SocialNetworkEntry):
    history = AuditedHistory()
    objects = AuditedManager["SocialNetworkDefault"]()

    class Meta(PlatformDefault.Meta):
        verbose_name = "social network (platform default)"
        verbose_name_plural = "social networks (platform defaults)"


class PhoneProviderDefault(PlatformDefault, PhoneProviderEntry):
    history = AuditedHistory()
    objects = AuditedManager["PhoneProviderDefault"]()

    class Meta(PlatformDefault.Meta):
        verbose_name = "mobile provider (platform default)"
        verbose_name_plural = "mobile providers (platform defaults)"


class SocialNetwork(SchoolCopy, SocialNetworkEntry):
    default = models.ForeignKey(SocialNetworkDefault, on_delete=models.PROTECT, related_name="+")
    blocked = models.BooleanField(default=False, help_text="Blocked by the school's filter.")

    history = AuditedHistory()
    objects = TenantManager["SocialNetwork"]()

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["school", "default"], name="socialnetwork_one_copy"),
        ]


class PhoneProvider(SchoolCopy, PhoneProviderEntry):
    default = models.ForeignKey(PhoneProviderDefault, on_delete=models.PROTECT, related_name="+")

    history = AuditedHistory()
    objects = TenantManager["PhoneProvider"]()

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["school", "default"], name="phoneprovider_one_copy"),
        ]
