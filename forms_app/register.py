"""Reading the register of what the filter allows and blocks: the page, the CSV, the review pack.

The lines themselves are written by the services (``forms_app.services.register``)
and never changed; everything here only reads them.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Count, Max, Min, Q

from forms_app.models import FilterDecision, RequestStatus, Verdict
from forms_app.services.common import EARLIEST_DATE
from schools.calendar import AcademicYear, academic_year_of, current_academic_year
from schools.models import School
from schools.tenancy import TenantQuerySet

REVIEW_PACK_PDF = "filtering-review"
POLICY_SOURCE = "School policy"
# Characters a spreadsheet reads as the start of a formula (OWASP, "CSV injection").
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
CSV_HEADER = (
    "What",
    "Full URL",
    "Decision",
    "Reason",
    "Decided by",
    "Decided on",
    "Until",
    "Who it is for",
    "Record",
)


@dataclass(frozen=True)
class RegisterFilter:
    verdict: str = ""
    date_from: datetime.date | None = None
    date_to: datetime.date | None = None
    q: str = ""


def register_lines(
    school: School, filters: RegisterFilter | None = None
) -> TenantQuerySet[FilterDecision]:
    """The school's register lines matching ``filters``, newest decision first."""
    filters = filters or RegisterFilter()
    lines = FilterDecision.objects.for_school(school).select_related(
        "access_request", "content_report"
    )
    if filters.verdict:
        lines = lines.filter(verdict=filters.verdict)
    if filters.date_from is not None:
        lines = lines.filter(decided_on__gte=filters.date_from)
    if filters.date_to is not None:
        lines = lines.filter(decided_on__lte=filters.date_to)
    if q := filters.q.strip():
        lines = lines.filter(Q(site__icontains=q) | Q(url__icontains=q) | Q(reason__icontains=q))
    return lines.order_by("-decided_on", "-recorded_at", "-pk")


def allowances_in_force(school: School, today: datetime.date) -> list[FilterDecision]:
    """What the school allows now: approvals still open whose last day has not passed."""
    lines = (
        FilterDecision.objects.for_school(school)
        .filter(
            verdict=Verdict.ALLOWED,
            access_request__status__in=[RequestStatus.APPROVED, RequestStatus.UNBLOCKED],
        )
        .filter(Q(until__isnull=True) | Q(until__gte=today))
        .select_related("access_request")
        .order_by("site", "decided_on", "pk")
    )
    return list(lines)


def verdict_counts(lines: TenantQuerySet[FilterDecision]) -> list[tuple[str, int]]:
    """How many lines of each verdict, in the order the verdicts are listed; one query."""
    found = lines.aggregate(
        **{str(verdict): Count("pk", filter=Q(verdict=verdict)) for verdict in Verdict}
    )
    return [(verdict.label, found[str(verdict)]) for verdict in Verdict]


def is_policy_line(line: FilterDecision) -> bool:
    return line.access_request_id is None and line.content_report_id is None


def source_label(line: FilterDecision) -> str:
    record = line.record
    return record.reference if record is not None else POLICY_SOURCE


def uk_date(value: datetime.date | None) -> str:
    return value.strftime("%d/%m/%Y") if value else ""


# --- CSV ------------------------------------------------------------------


def safe_cell(value: str) -> str:
    """The value, made inert if a spreadsheet would read it as a formula."""
    return f"'{value}" if value.startswith(_FORMULA_STARTS) else value


def csv_row(line: FilterDecision) -> list[str]:
    cells = [
        line.site,
        line.url,
        line.get_verdict_display(),
        line.reason,
        line.decided_by_name,
        line.decided_on.isoformat(),
        line.until.isoformat() if line.until else "",
        line.audience,
        source_label(line),
    ]
    return [safe_cell(cell) for cell in cells]


# --- Academic years (the review pack covers one) ---------------------------


def year_lines(year: AcademicYear) -> TenantQuerySet[FilterDecision]:
    """The register lines of one academic year, oldest first."""
    return register_lines(
        year.school, RegisterFilter(date_from=year.start, date_to=year.end)
    ).order_by("decided_on", "recorded_at", "pk")


def academic_year_named(school: School, value: str) -> AcademicYear | None:
    """The year ``value`` ("2026") names, if it is a year the register can cover; else None."""
    value = value.strip()
    if not (len(value) == 4 and value.isascii() and value.isdigit()):
        return None
    year = int(value)
    if not EARLIEST_DATE.year <= year <= current_academic_year(school).year:
        return None
    return AcademicYear(school, year)


def years_with_lines(school: School, also: Iterable[int] = ()) -> list[AcademicYear]:
    """Academic years with register lines, the current one and ``also``; newest first."""
    current = current_academic_year(school)
    span = FilterDecision.objects.for_school(school).aggregate(
        first=Min("decided_on"), last=Max("decided_on")
    )
    years = {current.year, *also}
    if span["first"] is not None:
        first = academic_year_of(school, span["first"]).year
        last = academic_year_of(school, span["last"]).year
        candidates = [AcademicYear(school, year) for year in range(first, last + 1)]
        counts = FilterDecision.objects.for_school(school).aggregate(
            **{
                str(y.year): Count("pk", filter=Q(decided_on__range=(y.start, y.end)))
                for y in candidates
            }
        )
        years |= {y.year for y in candidates if counts[str(y.year)]}
    return [AcademicYear(school, year) for year in sorted(years, reverse=True)]
