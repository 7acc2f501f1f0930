"""A school's days and academic years, in the school's own time zone."""

from __future__ import annotations

import calendar
import datetime
from dataclasses import dataclass

from django.db import models
from django.utils import timezone

from schools.models import School


def school_today(school: School) -> datetime.date:
    return timezone.localdate(timezone=school.tz)


def _year_start(school: School, year: int) -> datetime.date:
    month = school.academic_year_start_month
    # A start day the month lacks (30 February) is the month's last day.
    day = min(school.academic_year_start_day, calendar.monthrange(year, month)[1])
    return datetime.date(year, month, day)


@dataclass(frozen=True)
class AcademicYear:
    """One academic year of a school: ``year`` is the calendar year it starts in."""

    school: School
    year: int

    @property
    def start(self) -> datetime.date:
        return _year_start(self.school, self.year)

    @property
    def end(self) -> datetime.date:
        return _year_start(self.school, self.year + 1) - datetime.timedelta(days=1)

    @property
    def label(self) -> str:
        """``2025 to 2026``, or the one year when the school's year is the calendar year."""
        if self.start.year == self.end.year:
            return str(self.year)
        return f"{self.year} to {self.end.year}"


def academic_year_of(school: School, day: datetime.date) -> AcademicYear:
    year = day.year if day >= _year_start(school, day.year) else day.year - 1
    return AcademicYear(school, year)


def current_academic_year(school: School) -> AcademicYear:
    return academic_year_of(school, school_today(school))


class TermName(models.TextChoices):
    AUTUMN = "autumn", "Autumn"
    SPRING = "spring", "Spring"
    SUMMER = "summer", "Summer"


# Where each term starts, in months from the start of the academic year: with
# the usual 1 September start, 1 September, 1 January and 1 April. The
# figures group records by these terms; the school's holiday dates do not move
# a record from one term to another.
TERM_START_MONTHS = {TermName.AUTUMN: 0, TermName.SPRING: 4, TermName.SUMMER: 7}


def _months_after(day: datetime.date, months: int) -> datetime.date:
    month0 = day.month - 1 + months
    year, month = day.year + month0 // 12, month0 % 12 + 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


@dataclass(frozen=True)
class Term:
    """One of the three terms of an academic year."""

    academic_year: AcademicYear
    name: TermName

    @property
    def start(self) -> datetime.date:
        return _months_after(self.academic_year.start, TERM_START_MONTHS[self.name])

    @property
    def end(self) -> datetime.date:
        names = list(TermName)
        index = names.index(self.name)
        if index == len(names) - 1:
            return self.academic_year.end
        following = Term(self.academic_year, names[index + 1])
        return following.start - datetime.timedelta(days=1)

    @property
    def key(self) -> str:
        """``2025-autumn``: how a term is named in a URL."""
        return f"{self.academic_year.year}-{self.name}"

    @property
    def label(self) -> str:
        """``Autumn term 2025 to 2026``."""
        return f"{self.name.label} term {self.academic_year.label}"

    @property
    def previous(self) -> Term:
        names = list(TermName)
        index = names.index(self.name)
        if index == 0:
            return Term(
                AcademicYear(self.academic_year.school, self.academic_year.year - 1), names[-1]
            )
        return Term(self.academic_year, names[index - 1])

    def contains(self, day: datetime.date) -> bool:
        return self.start <= day <= self.end


def term_of(school: School, day: datetime.date) -> Term:
    year = academic_year_of(school, day)
    for name in reversed(TermName):
        term = Term(year, name)
        if day >= term.start:
            return term
    raise AssertionError("a day of an academic year falls in one of its terms")  # pragma: no cover


def current_term(school: School) -> Term:
    return term_of(school, school_today(school))


def term_from_key(school: School, key: str) -> Term | None:
    """The term a ``2025-autumn`` key names, or None for anything else."""
    year, _, name = key.partition("-")
    if not (year.isdigit() and len(year) == 4) or name not in TermName.values:
        return None
    return Term(AcademicYear(school, int(year)), TermName(name))


def recent_terms(school: School, count: int = 6) -> list[Term]:
    """The current term and the ones before it, newest first."""
    terms = [current_term(school)]
    while len(terms) < count:
        terms.append(terms[-1].previous)
    return terms
