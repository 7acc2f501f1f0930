"""Telling people that something needs them: in the app, and by email where wanted.

Every write here is atomic and takes the acting person. Emails are never sent
from here: ``notify`` queues one email job per person in the caller's
transaction (the outbox), so a notification and its email commit together,
and the job's key comes from the notification, so a job delivered twice
sends one email.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from accounts.models import User
from jobs.services import job_enqueue
from notifications.models import Notification
from schools.models import Membership, ReviewRoute, School
from schools.roles import RecordKind, Role

EMAIL_JOB = "notifications.email"
SAFEGUARDING_ALERT = "safeguarding.alert"
MAX_TITLE = Notification._meta.get_field("title").max_length or 200
MAX_KEY = Notification._meta.get_field("key").max_length or 200

# What an alert may say about the record: its kind, in words fixed here, so no
# caller can put a child's name or the details into an alert (PRODUCT.md §3).
ALERT_WHAT: dict[RecordKind, str] = {
    RecordKind.CONTENT_REPORT: "an inappropriate-content report marked as a safeguarding issue",
    RecordKind.INCIDENT: "an incident",
    RecordKind.ACCESS_REQUEST: "a blocked-content access request",
    RecordKind.COMPLAINT: "a complaint",
}


def local_path(url: str) -> str:
    """``url`` if it is a path within the portal; notifications never link elsewhere."""
    if not url.startswith("/") or url.startswith("//") or "\\" in url:
        raise ValueError(f"A notification links to a path in the portal, not {url!r}.")
    return url


def _members(school: School, users: Iterable[User]) -> list[User]:
    """Those of ``users`` who are active and hold a role in ``school`` now, once each."""
    wanted = {user.pk: user for user in users}
    current = set(
        Membership.objects.for_school(school)
        .filter(user__in=wanted.keys(), user__is_active=True, ended_at__isnull=True)
        .values_list("user_id", flat=True)
    )
    return [user for pk, user in wanted.items() if pk in current]


@transaction.atomic
def notify(
    *,
    school: School,
    users: Iterable[User],
    kind: str,
    title: str,
    url: str,
    email_template: str | None = None,
    email_context: Mapping[str, Any] | None = None,
    urgent: bool = False,
    key: str = "",
    by: User | None = None,
) -> list[Notification]:
    """Give each of ``users`` who is a member of ``school`` a notification.

    ``title`` says what needs attention, never a child's name or the details.
    With ``email_template`` each person is also emailed, by a job queued in
    this transaction; ``email_context`` must be JSON (it is kept on the job).
    With ``key``, a person who already has a notification with that key gets
    no second one (nor a second email).
    """
    title = " ".join(title.split())
    if not title or len(title) > MAX_TITLE:
        raise ValueError(f"A notification's title has 1 to {MAX_TITLE} characters.")
    if len(key) > MAX_KEY:
        raise ValueError(f"A notification's key has at most {MAX_KEY} characters.")
    url = local_path(url)
    recipients = _members(school, users)
    if key:
        recipients = _without_one(school, recipients, key)
    rows = [
        Notification(
            school=school,
            user=user,
            kind=kind,
            title=title,
            url=url,
            urgent=urgent,
            key=key,
            created_by=by,
        )
        for user in recipients
    ]
    # Notifications are not audited records: a bulk insert loses no history.
    Notification.objects.bulk_create(rows)
    if email_template:
        _queue_emails(school, rows, email_template, dict(email_context or {}))
    return rows


def _without_one(school: School, users: list[User], key: str) -> list[User]:
    """Those of ``users`` who have no notification with ``key`` yet."""
    have = Notification.objects.for_school(school).filter(key=key, user__in=users)
    already = set(have.values_list("user_id", flat=True))
    return [user for user in users if user.pk not in already]


def _queue_emails(
    school: School, rows: list[Notification], template: str, context: dict[str, Any]
) -> None:
    # The key is the notification's: a job delivered twice is the same job.
    for row in rows:
        job_enqueue(
            school=school,
            kind=EMAIL_JOB,
            key=f"notification:{row.public_id}",
            payload={"notification": row.pk, "template": template, "context": context},
        )


@transaction.atomic
def notification_mark_read(*, notification: Notification, by: User) -> bool:
    """Mark one notification read by its recipient. False if it already was."""
    if notification.user_id != by.pk:
        raise PermissionDenied("Only the person a notification is for can mark it read.")
    if notification.read_at is not None:
        return False
    notification.read_at = timezone.now()
    notification.save(update_fields=["read_at"])
    return True


@transaction.atomic
def notifications_mark_all_read(*, school: School, by: User) -> int:
    """Mark everything ``by`` has unread in ``school`` as read; how many there were."""
    unread = Notification.objects.for_person(school, by).unread()
    return unread.update(read_at=timezone.now())


def safeguarding_alert_recipients(school: School, what: RecordKind) -> list[User]:
    """The headteacher and the DSL, and the e-safety team where incidents (or
    records of this kind) are routed to them (Norris Bank 7)."""
    roles = {Role.HEADTEACHER, Role.DSL}
    routed_to_team = (
        ReviewRoute.objects.for_school(school)
        .filter(kind__in={RecordKind.INCIDENT, what}, role=Role.ESAFETY)
        .exists()
    )
    if routed_to_team:
        roles.add(Role.ESAFETY)
    memberships = (
        Membership.objects.for_school(school)
        .filter(role__in=roles, ended_at__isnull=True, user__is_active=True)
        .select_related("user")
        .order_by("user_id")
    )
    return list({m.user_id: m.user for m in memberships}.values())


@transaction.atomic
def safeguarding_alert(
    *, school: School, what: RecordKind, url: str, by: User | None = None
) -> list[Notification]:
    """Alert the school's safeguarding leads at once that something needs them, and where.

    The alert names only the kind of record and links to it: never a child's
    name, never the details (PRODUCT.md §3). Its emails are queued now and
    handed to the worker as soon as the caller's transaction commits, not
    left for the morning digest. One alert per record (``url``) per person.
    """
    if what not in ALERT_WHAT:
        # Not echoed: a caller that got this wrong may have passed the details.
        raise ValueError("An alert names a kind of record (RecordKind), nothing more.")
    phrase = ALERT_WHAT[what]
    return notify(
        school=school,
        users=safeguarding_alert_recipients(school, what),
        kind=SAFEGUARDING_ALERT,
        title=f"Safeguarding: {phrase} needs your attention",
        url=url,
        email_template="safeguarding_alert",
        email_context={"what": phrase},
        urgent=True,
        key=f"safeguarding:{what}:{hashlib.sha256(url.encode()).hexdigest()[:32]}",
        by=by,
    )
