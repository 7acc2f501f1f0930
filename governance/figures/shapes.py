"""What the figures are made of: rows, figures (a chart and its table), sections.

Plain numbers and words, nothing about any person: the page, the PDF and the
charts (``charts.py``) all draw from these.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass

from schools.calendar import Term


@dataclass(frozen=True)
class Row:
    """One bar of a chart and one line of its table."""

    label: str
    value: int
    of: int  # the whole it is part of
    out_of: bool = False  # "12 of 30" (a class's coverage) rather than a share of the figure

    @property
    def percent(self) -> int | None:
        """Rounded down, as coverage is: 89.9% never shows as reaching a target of 90%."""
        return self.value * 100 // self.of if self.of else None

    @property
    def text(self) -> str:
        """The value as the chart prints it beside the bar."""
        count = f"{self.value} of {self.of}" if self.out_of else str(self.value)
        return count if self.percent is None else f"{count} ({self.percent}%)"


@dataclass(frozen=True)
class Figure:
    """One chart and the table beside it: the same numbers twice."""

    key: str  # unique in a page: the chart's and the table's ids derive from it
    title: str
    by: str  # what the rows are: the heading of the table's first column ("Outcome")
    counted: str  # what the numbers count: the heading of its second ("Requests")
    rows: tuple[Row, ...]
    note: str = ""

    @property
    def out_of(self) -> bool:
        return any(row.out_of for row in self.rows)


@dataclass(frozen=True)
class Section:
    """One part of the portal: its figures and facts, or why there are none."""

    key: str
    heading: str
    intro: str
    figures: tuple[Figure, ...] = ()
    facts: tuple[tuple[str, str], ...] = ()
    unused: str = ""  # the school does not use this part of the portal: says so


@dataclass(frozen=True)
class TermFigures:
    term: Term
    today: datetime.date
    sections: tuple[Section, ...]

    @property
    def running(self) -> bool:
        """The term has not ended: its figures still grow."""
        return self.today <= self.term.end


def shares(
    key: str, title: str, by: str, counted: str, counts: Iterable[tuple[str, int]]
) -> Figure:
    """A figure of parts of a whole: each row's share of the total."""
    pairs = list(counts)
    total = sum(value for _, value in pairs)
    rows = tuple(Row(label, value, total) for label, value in pairs)
    return Figure(key, title, by, counted, rows)


def days_text(days: float) -> str:
    if days == 0:
        return "The same day"
    shown = f"{days:.1f}".removesuffix(".0")
    return f"{shown} day" if shown == "1" else f"{shown} days"
