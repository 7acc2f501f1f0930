from __future__ import annotations

import uuid
from collections.abc import Mapping
from dataclasses import dataclass

from django.conf import settings
from django.db import models
from django.utils import timezone

from accounts.models import User
from schools.models import School
from schools.tenancy import TenantManager, TenantModel, TenantQuerySet


@dataclass(frozen=True)
class UnreadCounts:
    unread: int
    urgent: int


class NotificationQuerySet(TenantQuerySet["Notification"]):
    def unread(self) -> NotificationQuerySet:
        return self.filter(read_at__isnull=True)

    def unread_counts(self) -> UnreadCounts:
        """How many are unread, and how many of those urgent: one query."""
        counts = self.unread().aggregate(
            unread=models.Count("pk"), urgent=models.Count("pk", filter=models.Q(urgent=True))
        )
        return UnreadCounts(unread=counts["unread"], urgent=counts["urgent"])


class NotificationManager(TenantManager["Notification"]):
    def get_queryset(self) -> NotificationQuerySet:
        return NotificationQuerySet(self.model, using=self._db, hints=self._hints)  # type: ignore[attr-defined]

    def for_school(self, school: School) -> NotificationQuerySet:
        return self.get_queryset().for_school(school)

    def for_person(self, school: School, user: User) -> NotificationQuerySet:
        return self.for_school(school).filter(user=user)


class Notification(TenantModel):
    """Something one person should look at, in one school: a line and a link.

    The title says that something needs attention and where, never a child's
    name or the details of a safeguarding matter (PRODUCT.md §3): the details
    stay behind the link, where the record's own access rules apply.
    """

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="+")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="notifications"
    )
    kind = models.CharField(max_length=60)
    title = models.CharField(max_length=200)
    url = models.CharField(max_length=500, blank=True, help_text="A path within the portal.")
    urgent = models.BooleanField(default=False)
    key = models.CharField(
        max_length=200,
        blank=True,
        help_text="Set by callers that may notify twice about one thing: one per person.",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text="Whose action caused it; empty for the portal's own work.",
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    read_at = models.DateTimeField(null=True, blank=True)

    objects = NotificationManager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["school", "user", "key"],
                condition=~models.Q(key=""),
                name="notification_one_per_key",
            ),
        ]
        indexes = [
            models.Index(fields=["school", "user", "-created_at"], name="notification_list"),
            models.Index(fields=["school", "user", "read_at"], name="notification_unread"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_read(self) -> bool:
        return self.read_at is not None


class SentEmail(TenantModel):
    """One email the portal sent: the log that makes sending idempotent.

    A job delivered twice finds its key here and sends nothing the second time.
    The body is not kept: it is rebuilt from its template if ever needed.
    """

    school = models.ForeignKey(School, on_delete=models.PROTECT, related_name="+")
    key = models.CharField(max_length=300)
    to = models.EmailField(max_length=254)
    subject = models.CharField(max_length=300)
    template = models.CharField(max_length=100)
    sent_at = models.DateTimeField(default=timezone.now, editable=False)

    objects = TenantManager["SentEmail"]()

    class Meta:
        ordering = ["-sent_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["school", "key"], name="sentemail_unique_key"),
        ]

    def __str__(self) -> str:
        return f"{self.subject} → {self.to}"


UNREAD, URGENT = "bell_unread", "bell_urgent"


def unread_counts_columns() -> dict[str, models.Expression]:
    """The bell's two counts as columns of a query over a person's memberships.

    SchoolMiddleware reads them in the query that finds the person's roles, so
    the header's bell costs no query of its own; ``unread_counts_from`` turns
    the columns back into ``UnreadCounts``.
    """
    unread = Notification.objects.filter(
        school=models.OuterRef("school"), user=models.OuterRef("user"), read_at__isnull=True
    ).order_by()

    def count(rows: models.QuerySet[Notification]) -> models.Expression:
        counted = rows.annotate(n=models.Func(models.F("pk"), function="COUNT")).values("n")
        return models.functions.Coalesce(models.Subquery(counted), 0)

    return {UNREAD: count(unread), URGENT: count(unread.filter(urgent=True))}


def unread_counts_from(columns: Mapping[str, int]) -> UnreadCounts | None:
    """The counts ``unread_counts_columns`` read, or None where they were not read."""
    if UNREAD not in columns:
        return None
    return UnreadCounts(unread=columns[UNREAD], urgent=columns[URGENT])
