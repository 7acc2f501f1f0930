"""One school's audit history as its readers see it: filtered, and redacted where it must be.

Changes to records that name or describe a child (``AuditEvent.sensitive``)
show their values only to people who hold a safeguarding role; anyone else
reading the history (a governor, the clerk) sees that the change happened,
who made it, when, and which fields changed, never what they said.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from django.db.models import F, Lookup, QuerySet, Subquery
from django.db.models.expressions import RawSQL
from django.utils import timezone

from accounts.models import User
from governance.audit.forms import AUTOMATIC, Period
from governance.audit.trail import RECORD_TYPES
from governance.models import AuditAction, AuditEvent
from incidents.models import AccessLogEntry
from schools.access import MemberRoles
from schools.models import School
from schools.roles import SAFEGUARDING_ROLES

HIDDEN_VALUE = "(hidden)"
REDACTION_NOTE = (
    "A record that names or describes a child: only the headteacher, the designated "
    "safeguarding lead and the e-safety team see what it says."
)
AUTOMATIC_ACTOR = "The portal (automatic)"


@dataclass(frozen=True)
class Change:
    label: str
    old: str
    new: str


@dataclass(frozen=True)
class Entry:
    """One change as a reader may see it."""

    at: datetime.datetime
    by: str
    reason: str
    action: str
    record_type: str
    record: str
    changes: list[Change]
    redacted: bool

    @property
    def fields(self) -> str:
        """The names of the fields changed: "Status, Outcome"."""
        return ", ".join(change.label for change in self.changes)

    @property
    def lines(self) -> list[str]:
        """Each change as the history reads: "Status: Open → Closed", or "Status: Open"
        for a record just created. Made here rather than in the template: the
        history draws some 25 entries of up to 20 fields on every page."""
        if self.action == AuditAction.CREATED.label:
            return [f"{change.label}: {change.new}" for change in self.changes]
        return [f"{change.label}: {change.old} → {change.new}" for change in self.changes]


def may_see_values(membership: MemberRoles) -> bool:
    return membership.has(*SAFEGUARDING_ROLES)


def _day_bounds(school: School, period: Period) -> tuple[datetime.datetime | None, ...]:
    """The period's first and last moments in the school's time zone."""
    start = end = None
    if period.start is not None:
        start = datetime.datetime.combine(period.start, datetime.time.min, tzinfo=school.tz)
    if period.end is not None:
        following = period.end + datetime.timedelta(days=1)
        end = datetime.datetime.combine(following, datetime.time.min, tzinfo=school.tz)
    return start, end


EVER = Period()


def events_for(
    school: School, *, record_type: str = "", person: str = "", period: Period = EVER
) -> QuerySet[AuditEvent]:
    """The school's changes, newest first, with the filters applied."""
    events = AuditEvent.objects.filter(school=school).select_related("actor")
    if record_type:
        events = events.filter(record_type=record_type)
    if person == AUTOMATIC:
        events = events.filter(actor__isnull=True)
    elif person:
        events = events.filter(actor__public_id=person)
    start, end = _day_bounds(school, period)
    if start is not None:
        events = events.filter(at__gte=start)
    if end is not None:
        events = events.filter(at__lt=end)
    return events.order_by("-at", "-pk")


class _AmongIds(Lookup):  # type: ignore[type-arg]  # generic only in django-stubs
    """``column IN (subquery)``, written for PostgreSQL as ``column = ANY(ARRAY(subquery))``.

    Both select the same rows. PostgreSQL plans ``IN`` as a join and guesses how many
    ids the subquery yields from the whole table's statistics: a school's thousand
    audit events look like a thousand people where there are twenty, so it hashes
    every user in the country. An array it only reads when the query runs, it guesses
    small, and looks each id up by the primary key.
    """

    lookup_name = "among_ids"  # never registered: used as an expression in filter()

    def as_sql(self, compiler: Any, connection: Any) -> tuple[str, list[Any]]:
        return self._sql(compiler, connection, "{lhs} IN {rhs}")

    def as_postgresql(self, compiler: Any, connection: Any) -> tuple[str, list[Any]]:
        return self._sql(compiler, connection, "{lhs} = ANY(ARRAY{rhs})")

    def _sql(self, compiler: Any, connection: Any, template: str) -> tuple[str, list[Any]]:
        lhs, lhs_params = self.process_lhs(compiler, connection)
        rhs, rhs_params = self.process_rhs(compiler, connection)
        return template.format(lhs=lhs, rhs=rhs), [*lhs_params, *rhs_params]


def _users_among(ids: QuerySet[Any]) -> QuerySet[User]:
    """The users whose ids ``ids`` (a one-column subquery) yields, by name."""
    among = _AmongIds(F("pk"), Subquery(ids.order_by().distinct()))
    return User.objects.filter(among).order_by("full_name", "email")


# The school's distinct actors, one index probe each: every step asks the (school,
# actor, time) index for the first actor after the last one found. A DISTINCT over
# the events reads every event of the school, which grows with its years of history.
# Plain identifiers, no input: the school's id is a parameter.
_ACTORS_SKIP_SCAN = """
    WITH RECURSIVE found(actor_id) AS (
        SELECT (SELECT actor_id FROM governance_auditevent
                WHERE school_id = %s AND actor_id IS NOT NULL ORDER BY actor_id LIMIT 1)
        UNION ALL
        SELECT (SELECT e.actor_id FROM governance_auditevent e
                WHERE e.school_id = %s AND e.actor_id > found.actor_id
                ORDER BY e.actor_id LIMIT 1)
        FROM found WHERE found.actor_id IS NOT NULL
    )
    SELECT actor_id FROM found WHERE actor_id IS NOT NULL
"""


def actors_in(school: School) -> QuerySet[User]:
    """Everyone who has changed something in the school, for the person filter."""
    actors = RawSQL(_ACTORS_SKIP_SCAN, (school.pk, school.pk))  # noqa: S611
    return User.objects.filter(_AmongIds(F("pk"), actors)).order_by("full_name", "email")


def entry(event: AuditEvent, *, show_values: bool) -> Entry:
    redacted = event.sensitive and not show_values
    changes = [
        Change(label, HIDDEN_VALUE, HIDDEN_VALUE) if redacted else Change(label, old, new)
        for label, old, new in event.changes
    ]
    actor = event.actor
    return Entry(
        at=event.at,
        by=(actor.full_name or actor.email) if actor else AUTOMATIC_ACTOR,
        reason=event.reason,
        action=AuditAction(event.action).label,
        record_type=RECORD_TYPES[event.record_type].name
        if event.record_type in RECORD_TYPES
        else event.record_type,
        record=event.record_label,
        changes=changes,
        redacted=redacted,
    )


def entries(events: Iterable[AuditEvent], *, show_values: bool) -> Iterator[Entry]:
    return (entry(event, show_values=show_values) for event in events)


def local_time(value: datetime.datetime, school: School) -> str:
    return f"{timezone.localtime(value, school.tz):%d/%m/%Y %H:%M}"


# --- The access log -------------------------------------------------------


def access_entries_for(
    school: School,
    *,
    record_type: str = "",
    person: str = "",
    action: str = "",
    references: Sequence[str] = (),
    period: Period,
) -> QuerySet[AccessLogEntry]:
    """Who looked at which sensitive record (or an incident's evidence), newest first."""
    rows = (
        AccessLogEntry.objects.for_school(school)
        .select_related("user", "evidence")
        .order_by("-at", "-pk")
    )
    if record_type:
        rows = rows.filter(record_type=record_type)
    if person:
        rows = rows.filter(user__public_id=person)
    if action:
        rows = rows.filter(action=action)
    if references:
        rows = rows.filter(reference__in=references)
    start, end = _day_bounds(school, period)
    if start is not None:
        rows = rows.filter(at__gte=start)
    if end is not None:
        rows = rows.filter(at__lt=end)
    return rows


def viewers_in(school: School) -> QuerySet[User]:
    # As ``actors_in``: the access log grows like the audit history.
    return _users_among(AccessLogEntry.objects.for_school(school).values("user"))
