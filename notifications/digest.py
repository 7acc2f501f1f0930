"""The morning digest: one email per reviewer per school day, listing what awaits them.

Each app says what awaits whom by registering a provider: who is told
(``audience``: from their roles and the school's settings, without a query)
and what they are told (the decorated function: the same for everyone told)::

    @digest_provider(audience=lambda reader: reader.reviews(RecordKind.ACCESS_REQUEST))
    def requests_awaiting_decision(school) -> list[DigestItem]: ...

A provider returns items (a label, a count, a link, waiting since when) for
the school, never a child's name: the digest is an email.

``digests_due`` runs every few minutes (Celery beat, or ``run_periodic``).
From 07:30 on a weekday in the school's time zone it queues one digest job
per school, keyed by the local date, so a scheduler that fires twice queues
nothing new. The job reads who reviews what, asks each provider once (only
if someone there is in its audience), and emails each reviewer their lines;
nobody is emailed when nothing waits for them. Each email is logged by
person, so a retried job sends nobody a second one.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from jobs.models import Job
from jobs.services import job_enqueue
from notifications.email import absolute_url, email_send, sent_parts
from schools.access import roles_of
from schools.models import Membership, School
from schools.roles import RecordKind, Role

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


@dataclass(frozen=True)
class Reader:
    """Someone a digest may be for: their roles in the school, and who reviews what there."""

    school: School
    roles: frozenset[Role]
    routes: Mapping[str, frozenset[Role]] = field(default_factory=dict)  # kind -> roles

    def reviews(self, kind: RecordKind) -> bool:
        """Whether they review ``kind`` (the headteacher, where the school names nobody)."""
        return bool(self.roles & (self.routes.get(kind) or {Role.HEADTEACHER}))


@dataclass(frozen=True)
class DigestProvider:
    """What one app tells some of a school's people each morning."""

    audience: Callable[[Reader], bool]  # who is told: no query
    gather: Callable[[School], Iterable[DigestItem]]  # what they are told
    name: str

    def __call__(self, school: School, roles: frozenset[Role]) -> list[DigestItem]:
        """What someone with ``roles`` in ``school`` is told (nothing if not in the audience)."""
        reader = Reader(school, roles, review_routes(school))
        return list(self.gather(school)) if self.audience(reader) else []


_PROVIDERS: list[DigestProvider] = []


def digest_provider(
    audience: Callable[[Reader], bool],
) -> Callable[[Callable[[School], Iterable[DigestItem]]], DigestProvider]:
    """Register the decorated ``gather(school)`` for the people ``audience`` accepts."""

    def register(gather: Callable[[School], Iterable[DigestItem]]) -> DigestProvider:
        provider = DigestProvider(audience, gather, f"{gather.__module__}.{gather.__qualname__}")
        if all(known.name != provider.name for known in _PROVIDERS):
            _PROVIDERS.append(provider)
        return provider

    return register


def digest_providers() -> tuple[DigestProvider, ...]:
    return tuple(_PROVIDERS)


@dataclass(frozen=True)
class DigestLine:
    item: DigestItem
    overdue: bool
    link: str
    days_waiting: int | None


@dataclass(frozen=True)
class Digest:
    lines: list[DigestLine]  # overdue first, then the longest waiting
    complete: bool  # False when a provider failed: the email says part is missing


def digest_day(school: School, now: datetime) -> date | None:
    """The school's local date if its digest is due at ``now``, else None."""
    local = now.astimezone(school.tz)
    if local.weekday() >= 5 or not SEND_FROM <= local.time() < SEND_UNTIL:
        return None
    return local.date()


def review_routes(school: School) -> dict[str, frozenset[Role]]:
    """Who reviews each kind of record in ``school``, by kind; one query."""
    return {str(kind): roles for kind, roles in school.review_routes.items()}


def digest_recipients(
    school: School, routes: Mapping[str, frozenset[Role]] | None = None
) -> dict[User, frozenset[Role]]:
    """Everyone who reviews some kind of record here, the headteacher, the network
    manager and the clerk, with their roles."""
    if routes is None:
        routes = review_routes(school)
    reviewing = {role for roles in routes.values() for role in roles}
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


def digest_key(day: date) -> str:
    return f"digest:{day.isoformat()}"


def digests_due(*, now: datetime | None = None) -> int:
    """Queue the schools' digests that are due at ``now``; how many were queued."""
    now = now or timezone.now()
    queued = 0
    for school in School.objects.filter(is_active=True).order_by("pk"):
        day = digest_day(school, now)
        if day is not None:
            queued += queue_digest(school, day)
    return queued


def queue_digest(school: School, day: date) -> bool:
    """Queue ``school``'s digest for ``day`` unless it was queued already."""
    key = digest_key(day)
    if Job.objects.for_school(school).filter(kind=DIGEST_JOB, key=key).exists():
        return False
    job_enqueue(school=school, kind=DIGEST_JOB, key=key, payload={"day": day.isoformat()})
    return True


def gather_digests(
    school: School,
    recipients: Mapping[User, frozenset[Role]],
    now: datetime,
    routes: Mapping[str, frozenset[Role]] | None = None,
) -> dict[User, Digest]:
    """Each recipient's digest. Each provider is asked once, and only if someone is told."""
    if routes is None:
        routes = review_routes(school)
    readers = {user: Reader(school, roles, routes) for user, roles in recipients.items()}
    items: dict[User, list[DigestItem]] = {user: [] for user in recipients}
    incomplete: set[User] = set()
    for provider in _PROVIDERS:
        told = [user for user, reader in readers.items() if provider.audience(reader)]
        if not told:
            continue
        try:
            found = [item for item in provider.gather(school) if item.count > 0]
        except Exception:
            # One broken provider must not cost anyone the rest of the digest.
            logger.exception("Digest provider %s failed in school %s", provider.name, school.pk)
            incomplete.update(told)
            continue
        for user in told:
            items[user] += found
    overdue_from = now - timedelta(days=school.reminder_overdue_days)
    digests = {}
    for user, found in items.items():
        lines = [_line(item, overdue_from, now) for item in found]
        lines.sort(key=lambda line: (not line.overdue, line.item.waiting_since or now))
        digests[user] = Digest(lines, complete=user not in incomplete)
    return digests


def digest_lines(school: School, user: User, now: datetime) -> tuple[list[DigestLine], bool]:
    """What awaits ``user`` in ``school``, overdue first; and whether every provider answered."""
    roles = roles_of(user, school)
    if not roles:
        return [], True
    digest = gather_digests(school, {user: roles}, now)[user]
    return digest.lines, digest.complete


def _line(item: DigestItem, overdue_from: datetime, now: datetime) -> DigestLine:
    since = item.waiting_since
    return DigestLine(
        item=item,
        overdue=since is not None and since <= overdue_from,
        link=absolute_url(item.url),
        days_waiting=None if since is None else (now - since).days,
    )


def digest_send(job: Job) -> dict[str, Any]:
    """The digest job's work: each reviewer's lines, emailed to those who have any."""
    school = job.school
    routes = review_routes(school)
    recipients = digest_recipients(school, routes)
    if "user" in job.payload:
        # Queued before the digest became one job per school: that person only.
        recipients = {u: r for u, r in recipients.items() if u.pk == job.payload["user"]}
    digests = gather_digests(school, recipients, timezone.now(), routes)
    home = absolute_url(reverse("schools:home", kwargs={"school_slug": school.slug}))
    day = date.fromisoformat(job.payload["day"])
    already = sent_parts(job)  # a retried job: those emailed before
    items = sent = 0
    for user, digest in digests.items():
        if not digest.lines:
            continue
        items += len(digest.lines)
        context = {
            "recipient": user,
            "lines": digest.lines,
            "overdue": sum(line.overdue for line in digest.lines),
            "overdue_days": school.reminder_overdue_days,
            "complete": digest.complete,
            "day": day,
            "home": home,
        }
        sent += email_send(
            job=job,
            to=user.email,
            template="digest",
            context=context,
            part=str(user.pk),
            sent=already,
        )
    return {"recipients": len(recipients), "items": items, "sent": sent}
