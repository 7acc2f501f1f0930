"""How long each kind of record is kept, and which records are past their retention.

Defaults (issue 10; the IRMS toolkit for schools):

| kind | kept | ``years`` means |
| --- | --- | --- |
| incidents (child protection) | until the youngest child involved is 25 | the age |
| access requests, content reports, complaints | 6 years after closing | years |
| home-school agreements | to the end of the following academic year | academic years |

A record that is still open is never past its retention. A child's date of
birth comes from the class lists (``agreements.Child``), matched by name (and
class, when the incident records one); when a pupil matches nobody with a date
of birth, the record is kept ``years`` years from the incident's date, which is
never earlier than that child's own birthday of that age.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass

from django.db.models import Q
from django.utils import timezone

from agreements.models import Agreement, Child
from agreements.services.signing import name_key
from forms_app.models import AccessRequest, ContentReport, ReportStatus, RequestStatus
from governance.models import Complaint, ComplaintStatus
from incidents.models import Incident, IncidentPerson, PersonKind, Status
from retention.models import LegalHold, RetainedKind, RetentionRule
from schools.calendar import AcademicYear, academic_year_of
from schools.models import School

DEFAULT_YEARS: dict[RetainedKind, int] = {
    RetainedKind.INCIDENT: 25,
    RetainedKind.ACCESS_REQUEST: 6,
    RetainedKind.CONTENT_REPORT: 6,
    RetainedKind.AGREEMENT: 1,
    RetainedKind.COMPLAINT: 6,
}
MOST_YEARS = 100
# A child-protection record outlives the child's childhood (Keeping Children Safe in Education).
LEAST_AGE = 18
# What ``years`` counts, per kind, for the rule form.
UNITS: dict[RetainedKind, str] = {
    RetainedKind.INCIDENT: "the youngest child's age when the record may go",
    RetainedKind.ACCESS_REQUEST: "years after the request was closed",
    RetainedKind.CONTENT_REPORT: "years after the report was closed",
    RetainedKind.AGREEMENT: "academic years after the one it was signed in",
    RetainedKind.COMPLAINT: "years after the complaint was closed",
}
PREFIXES: dict[str, RetainedKind] = {
    "INC": RetainedKind.INCIDENT,
    "AR": RetainedKind.ACCESS_REQUEST,
    "CR": RetainedKind.CONTENT_REPORT,
    "HSA": RetainedKind.AGREEMENT,
    "CMP": RetainedKind.COMPLAINT,
}


def ordinal(number: int) -> str:
    if 10 <= number % 100 <= 20:
        return f"{number}th"
    suffix = {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")
    return f"{number}{suffix}"


def rule_text(kind: RetainedKind, years: int) -> str:
    """The rule in words, as the report and the disposal log print it."""
    if kind == RetainedKind.INCIDENT:
        return f"Until the youngest child's {ordinal(years)} birthday"
    if kind == RetainedKind.AGREEMENT:
        if years == 1:
            return "To the end of the following academic year"
        return f"To the end of the {ordinal(years)} academic year after signing"
    return f"{years} year{'s' if years != 1 else ''} after it closed"


def years_problem(kind: RetainedKind, years: int | None) -> str:
    """Why ``years`` makes no sense for ``kind`` ("" when it does)."""
    if years is None:
        return "Enter a whole number of years."
    if kind == RetainedKind.INCIDENT and not LEAST_AGE <= years <= MOST_YEARS:
        return (
            f"Enter an age from {LEAST_AGE} to {MOST_YEARS}: a child-protection record is "
            "kept at least until the child is an adult."
        )
    if not 1 <= years <= MOST_YEARS:
        return f"Enter a number of years from 1 to {MOST_YEARS}."
    return ""


def add_years(day: datetime.date, years: int) -> datetime.date:
    """The same day ``years`` later; 29 February becomes 1 March (the later day: keep longer)."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return datetime.date(day.year + years, 3, 1)


def rules_for(school: School) -> dict[RetainedKind, int]:
    """The years of each kind in this school: its own rule, else the default."""
    own = dict(RetentionRule.objects.for_school(school).values_list("kind", "years"))
    return {kind: own.get(kind.value, default) for kind, default in DEFAULT_YEARS.items()}


@dataclass(frozen=True)
class Retained:
    """One closed record and how long it is kept."""

    kind: RetainedKind
    record_id: str
    reference: str
    record_date: datetime.date
    kept_until: datetime.date
    rule: str


def _local(school: School, moment: datetime.datetime) -> datetime.date:
    return timezone.localtime(moment, school.tz).date()


class _Roster:
    """Dates of birth from the class lists, by name: one query for the school."""

    def __init__(self, school: School) -> None:
        self.by_name: dict[str, list[tuple[int, datetime.date | None]]] = defaultdict(list)
        rows = Child.objects.for_school(school).values_list(
            "first_name", "last_name", "school_class_id", "date_of_birth"
        )
        for first, last, class_id, born in rows:
            self.by_name[name_key(f"{first} {last}")].append((class_id, born))

    def births(self, person: IncidentPerson) -> list[datetime.date | None]:
        """The dates of birth of the children the person may be (None: not known)."""
        if not person.name.strip():
            return []
        found = self.by_name.get(name_key(person.name), [])
        if person.school_class_id is not None:
            found = [row for row in found if row[0] == person.school_class_id]
        return [born for _, born in found]


def incident_kept_until(
    occurred_on: datetime.date, births: list[list[datetime.date | None]], age: int
) -> datetime.date:
    """Until the youngest child's birthday of ``age``; ``age`` years from the incident when
    a child's date of birth is not known (or no child is named): never sooner than that."""
    fallback = add_years(occurred_on, age)
    kept = [] if births else [fallback]
    for candidates in births:
        if not candidates or None in candidates:
            kept.append(fallback)
        else:
            kept.append(max(add_years(born, age) for born in candidates if born is not None))
    return max(kept)


def _incidents(school: School, age: int) -> Iterator[Retained]:
    roster = _Roster(school)
    incidents = Incident.objects.for_school(school).exclude(status=Status.OPEN)
    pupils: dict[int, list[IncidentPerson]] = defaultdict(list)
    people = IncidentPerson.objects.for_school(school).filter(
        kind=PersonKind.PUPIL, incident__in=incidents
    )
    for person in people:
        pupils[person.incident_id].append(person)
    rule = rule_text(RetainedKind.INCIDENT, age)
    for incident in incidents.order_by("number"):
        occurred = _local(school, incident.occurred_at)
        births = [roster.births(person) for person in pupils[incident.pk]]
        yield Retained(
            RetainedKind.INCIDENT,
            str(incident.public_id),
            incident.reference,
            occurred,
            incident_kept_until(occurred, births, age),
            rule,
        )


def access_request_closed_on(school: School, request: AccessRequest) -> datetime.date | None:
    """When the request was finished with; None while it is still open (or still to re-block)."""
    if request.status in (RequestStatus.SUBMITTED, RequestStatus.APPROVED, RequestStatus.UNBLOCKED):
        return None
    if request.needs_reblock:
        return None
    days = [
        _local(school, moment)
        for moment in (request.withdrawn_at, request.decided_at, request.ended_at)
        if moment is not None
    ]
    days += [day for day in (request.reblocked_on,) if day is not None]
    return max(days) if days else _local(school, request.submitted_at)


def _access_requests(school: School, years: int) -> Iterator[Retained]:
    rule = rule_text(RetainedKind.ACCESS_REQUEST, years)
    requests = AccessRequest.objects.for_school(school).exclude(
        status__in=[RequestStatus.SUBMITTED, RequestStatus.APPROVED, RequestStatus.UNBLOCKED]
    )
    for request in requests.order_by("number"):
        closed = access_request_closed_on(school, request)
        if closed is not None:
            yield Retained(
                RetainedKind.ACCESS_REQUEST,
                str(request.public_id),
                request.reference,
                closed,
                add_years(closed, years),
                rule,
            )


def _content_reports(school: School, years: int) -> Iterator[Retained]:
    rule = rule_text(RetainedKind.CONTENT_REPORT, years)
    # A report that opened an incident is part of that child-protection record: kept with it.
    with_incident = Incident.objects.for_school(school).filter(content_report__isnull=False)
    reports = (
        ContentReport.objects.for_school(school)
        .exclude(status=ReportStatus.REPORTED)
        .exclude(pk__in=with_incident.values("content_report_id"))
    )
    for report in reports.order_by("number"):
        if report.status == ReportStatus.BLOCKED and report.blocked_on is not None:
            closed = report.blocked_on
        else:
            closed = _local(school, report.closed_at or report.reported_at)
        yield Retained(
            RetainedKind.CONTENT_REPORT,
            str(report.public_id),
            report.reference,
            closed,
            add_years(closed, years),
            rule,
        )


def agreement_kept_until(school: School, signed_on: datetime.date, years: int) -> datetime.date:
    return AcademicYear(school, academic_year_of(school, signed_on).year + years).end


def _agreements(school: School, years: int) -> Iterator[Retained]:
    rule = rule_text(RetainedKind.AGREEMENT, years)
    for agreement in Agreement.objects.for_school(school).order_by("number"):
        signed = _local(school, agreement.signed_at)
        yield Retained(
            RetainedKind.AGREEMENT,
            str(agreement.public_id),
            agreement.reference,
            signed,
            agreement_kept_until(school, signed, years),
            rule,
        )


def _complaints(school: School, years: int) -> Iterator[Retained]:
    rule = rule_text(RetainedKind.COMPLAINT, years)
    closed = Complaint.objects.for_school(school).filter(
        status=ComplaintStatus.CLOSED, closed_on__isnull=False
    )
    for complaint in closed.order_by("number"):
        assert complaint.closed_on is not None
        yield Retained(
            RetainedKind.COMPLAINT,
            str(complaint.public_id),
            complaint.reference,
            complaint.closed_on,
            add_years(complaint.closed_on, years),
            rule,
        )


def closed_records(school: School) -> Iterator[Retained]:
    """Every closed record of the school with its retention: a few queries per kind."""
    years = rules_for(school)
    yield from _incidents(school, years[RetainedKind.INCIDENT])
    yield from _access_requests(school, years[RetainedKind.ACCESS_REQUEST])
    yield from _content_reports(school, years[RetainedKind.CONTENT_REPORT])
    yield from _agreements(school, years[RetainedKind.AGREEMENT])
    yield from _complaints(school, years[RetainedKind.COMPLAINT])


def held_records(school: School) -> set[tuple[str, str]]:
    """(kind, record public id) of every record under an active legal hold."""
    holds = LegalHold.objects.for_school(school).filter(lifted_at__isnull=True)
    return set(holds.values_list("kind", "record_id"))


def past_retention(school: School, today: datetime.date) -> list[Retained]:
    """Records past their retention on ``today`` and not held: what a review lists."""
    held = held_records(school)
    return [
        record
        for record in closed_records(school)
        if record.kept_until < today and (record.kind.value, record.record_id) not in held
    ]


def is_held(school: School, kind: str, record_id: str) -> bool:
    return (
        LegalHold.objects.for_school(school)
        .filter(Q(kind=kind, record_id=record_id), lifted_at__isnull=True)
        .exists()
    )
