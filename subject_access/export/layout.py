"""The pieces of an export: tables (one CSV each), pages (one PDF each), and how values read."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.utils import timezone

from schools.models import School
from subject_access.export.redact import Redactor

Fields = list[tuple[str, str]]
# A list this long in one PDF is a reference book, not a record: its CSV has every row.
PDF_LIST_LIMIT = 300


@dataclass
class Table:
    name: str
    header: list[str]
    rows: list[list[str]] = field(default_factory=list)


@dataclass
class Page:
    name: str
    title: str
    heading: str
    sections: list[dict[str, Any]]
    intro: str = ""


@dataclass
class Bundle:
    tables: list[Table] = field(default_factory=list)
    pages: list[Page] = field(default_factory=list)


class Formatter:
    def __init__(self, school: School, redact: Redactor) -> None:
        self.tz = school.tz
        self.redact = redact

    def when(self, value: datetime.datetime | None) -> str:
        if value is None:
            return ""
        local = timezone.localtime(value, self.tz)
        return f"{local.day} {local:%B %Y} {local:%H:%M}"

    @staticmethod
    def day(value: datetime.date | None) -> str:
        return f"{value.day} {value:%B %Y}" if value else ""

    @staticmethod
    def person(user: Any) -> str:
        """A member of staff as the record names them (``user`` is a User or None)."""
        return (user.full_name or user.email) if user is not None else ""

    def text(self, value: str) -> str:
        return self.redact(value or "")


def table(name: str, fields: list[Fields]) -> Table:
    """A CSV whose columns are the fields' labels and whose rows are ``fields``."""
    header = [label for label, _ in fields[0]] if fields else []
    return Table(name, header, [[value for _, value in row] for row in fields])


def list_page(name: str, title: str, rows: list[Fields], what: str) -> Page:
    shown = rows[-PDF_LIST_LIMIT:]
    intro = f"{len(rows)} {what}."
    if len(rows) > len(shown):
        intro += f" The latest {len(shown)} are shown here; the CSV beside this file lists all."
    entries = [{"heading": f"{i}.", "fields": row} for i, row in enumerate(shown, 1)]
    return Page(name, title, title, [{"heading": title, "entries": entries}], intro)
