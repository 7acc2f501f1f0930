"""A school's days and academic years, in the school's own time zone."""

from __future__ import annotations

import calendar
import datetime
from dataclasses import dataclass

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
