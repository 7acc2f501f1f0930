"""The morning digest: one email per reviewer per school day, listing what awaits them.

Each app says what awaits a person by registering a provider::

    @register_digest_provider
    def requests_awaiting_decision(school, user, roles) -> list[DigestItem]: ...

A provider returns items (a label, a count, a link, waiting since when) for
that person in that school, and never a child's name: the digest is an email.

``digests_due`` runs every few minutes (Celery beat, or ``run_periodic``).
From 07:30 on a weekday in the school's time zone it queues one digest job
per reviewer, keyed by person and local date, so a scheduler that fires twice
queues nothing new. The job gathers the items when it runs and sends nothing
when nothing waits.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from jobs.models import Job
from jobs.services import job_enqueue
from notifications.email import absolute_url, email_send
from schools.access import roles_of
from schools.models import Membership, ReviewRoute, School
from schools.roles import Role

logger = logging.getLogger(__name__)

DIGEST_JOB = "notifications.digest"
SEND_FROM = time(7, 30)
# After the school day a missed digest is no longer a morning reminder:
# tomorrow's carries the same items.
SEND_UNTIL = time(18, 0)


@dataclass(frozen=True)
class DigestItem:
    label: str  # "2 requests await your decision": no child's name, no details
    count: int
    url: str  # a path in the portal
    waiting_since: datetime | None = None


DigestProvider = Callable[[School, User, frozenset[Role]], Iterable[DigestItem]]
_PROVIDERS: list[DigestProvider] = []


def register_digest_provider(func: DigestProvider) -> DigestProvider:
    """Add ``func`` to what every digest asks; usable as a decorator."""
    if func not in _PROVIDERS:
        _PROVIDERS.append(func)
    return func


def digest_providers() -> tuple[DigestProvider, ...]:
    return tuple(_PROVIDERS)


@dataclass(frozen=True)
class DigestLine:
    item: DigestItem
    overdue: bool
    link: str
    days_waiting: int | None


def digest_day(school: School, now: datetime) -> date | None:
    """The school's local date if its digest is due at ``now``, else None."""
    local = now.astimezone(school.tz)
    if local.weekday() >= 5 or not SEND_FROM <= local.time() < SEND_UNTIL:
        return None
    return local.date()


def digest_recipients(school: School) -> dict[User, frozenset[Role]]:
    """Everyone who reviews some kind of record here, the headteacher, the network
    manager and the clerk, with their roles."""
    reviewing = {
        Role(role) for role in ReviewRoute.objects.for_school(school).values_list("role", flat=True)
    }
    reviewing.add(Role.HEADTEACHER)
    # The network manager's to-do (sites to unblock, block, block again).
    reviewing.add(Role.NETWORK_MANAGER)
    # The clerk's: complaints past their response date (governance.complaints.digest).
    reviewing.add(Role.CLERK)
    memberships = (
        Membership.objects.for_school(school)
        .filter(ended_at__isnull=True, user__is_active=True)
        .select_related("user")
        .order_by("user_id")
    )
    roles: dict[User, set[Role]] = {}
    for membership in memberships:
        roles.setdefault(membership.user, set()).add(Role(membership.role))
    return {user: frozenset(held) for user, held in roles.items() if held & reviewing}


def digest_key(user: User, day: date) -> str:
    return f"digest:{user.pk}:{day.isoformat()}"


def digests_due(*, now: datetime | None = None) -> int:
    """Queue the digests that are due at ``now`` in every school; how many were queued."""
    now = now or timezone.now()
    queued = 0
    for school in School.objects.filter(is_active=True).order_by("pk"):
        day = digest_day(school, now)
        if day is not None:
            queued += _queue_digests(school, day)
    return queued


@transaction.atomic
def _queue_digests(school: School, day: date) -> int:
    asked = set(
        Job.objects.for_school(school)
        .filter(kind=DIGEST_JOB, key__endswith=f":{day.isoformat()}")
        .values_list("key", flat=True)
    )
    queued = 0
    for user in digest_recipients(school):
        key = digest_key(user, day)
        if key not in asked:
            payload = {"user": user.pk, "day": day.isoformat()}
            job_enqueue(school=school, kind=DIGEST_JOB, key=key, payload=payload)
            queued += 1
    return queued


def digest_lines(school: School, user: User, now: datetime) -> tuple[list[DigestLine], bool]:
    """What awaits ``user`` in ``school``, overdue first; and whether every provider answered."""
    roles = roles_of(user, school)
    if not roles:
        return [], True
    items: list[DigestItem] = []
    complete = True
    for provider in _PROVIDERS:
        try:
            items.extend(provider(school, user, roles))
        except Exception:
            # One broken provider must not cost the person the rest of the digest.
            logger.exception("Digest provider %s failed in school %s", provider, school.pk)
            complete = False
    overdue_from = now - timedelta(days=school.reminder_overdue_days)
    lines = [_line(item, overdue_from, now) for item in items if item.count > 0]
    lines.sort(key=lambda line: (not line.overdue, line.item.waiting_since or now))
    return lines, complete


def _line(item: DigestItem, overdue_from: datetime, now: datetime) -> DigestLine:
    since = item.waiting_since
    return DigestLine(
        item=item,
        overdue=since is not None and since <= overdue_from,
        link=absolute_url(item.url),
        days_waiting=None if since is None else (now - since).days,
    )


def digest_send(job: Job) -> dict[str, Any]:
    """The digest job's work: gather the person's items, email them if there are any."""
    school = job.school
    user = User.objects.filter(pk=job.payload["user"], is_active=True).first()
    if user is None:
        return {"items": 0, "sent": False}
    lines, complete = digest_lines(school, user, timezone.now())
    if not lines:
        return {"items": 0, "sent": False}
    context = {
        "recipient": user,
        "lines": lines,
        "overdue": sum(line.overdue for line in lines),
        "overdue_days": school.reminder_overdue_days,
        "complete": complete,
        "day": date.fromisoformat(job.payload["day"]),
        "home": absolute_url(reverse("schools:home", kwargs={"school_slug": school.slug})),
    }
    sent = email_send(job=job, to=user.email, template="digest", context=context)
    return {"items": len(lines), "sent": sent}
