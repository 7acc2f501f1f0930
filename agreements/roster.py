"""Reading a roster file: the school's list of children as CSV, checked row by row.

Columns (the header names are case-insensitive; other columns are ignored):
``first_name``, ``last_name``, ``class``, and optionally ``date_of_birth``
(YYYY-MM-DD or DD/MM/YYYY) and ``reference`` (the school's pupil reference).
UTF-8, with or without the byte-order mark Excel writes.

Every row is checked before anything is saved, and every bad row is reported
with its row number as a spreadsheet shows it (the header is row 1), so the
school can fix the whole file at once.
"""

from __future__ import annotations

import csv
import datetime
import io
import re
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError

from agreements.services.signing import name_key
from schools.models import School, SchoolClass
from schools.validators import validate_one_line

MAX_BYTES = 1_000_000
MAX_ROWS = 5000
MAX_NAME, MAX_REFERENCE = 100, 40
# More errors than this and the list stops: the file is probably the wrong one.
MAX_ERRORS = 100

_ALIASES = {
    "first_name": "first_name",
    "firstname": "first_name",
    "forename": "first_name",
    "given_name": "first_name",
    "last_name": "last_name",
    "lastname": "last_name",
    "surname": "last_name",
    "family_name": "last_name",
    "class": "class",
    "class_name": "class",
    "date_of_birth": "date_of_birth",
    "dob": "date_of_birth",
    "birth_date": "date_of_birth",
    "reference": "reference",
    "ref": "reference",
    "pupil_reference": "reference",
}
REQUIRED = ("first_name", "last_name", "class")
_UK_DATE = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")
_ISO_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")


@dataclass(frozen=True)
class RosterRow:
    row: int  # as a spreadsheet numbers it: the header is row 1
    first_name: str
    last_name: str
    school_class: SchoolClass
    date_of_birth: datetime.date | None
    reference: str

    @property
    def key(self) -> tuple[str, int]:
        """The child's name and class, as the import matches a row without a reference."""
        return name_key(f"{self.first_name} {self.last_name}"), self.school_class.pk


@dataclass
class RosterFile:
    rows: list[RosterRow] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors and bool(self.rows)


def _column(header: str) -> str:
    simple = re.sub(r"[\s\-]+", "_", header.strip().lower())
    return _ALIASES.get(simple, simple)


def _decode(data: bytes) -> str | None:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return None


def _class_key(name: str) -> str:
    return " ".join(name.split()).casefold()


def parse_date(text: str, today: datetime.date) -> datetime.date | None:
    """A date of birth written YYYY-MM-DD or DD/MM/YYYY; ValueError when it is not one."""
    text = text.strip()
    if not text:
        return None
    if iso := _ISO_DATE.match(text):
        year, month, day = (int(part) for part in iso.groups())
    elif uk := _UK_DATE.match(text):
        day, month, year = (int(part) for part in uk.groups())
    else:
        raise ValueError(
            f"date of birth “{text}” is not a date: write it as 2019-03-14 or 14/03/2019"
        )
    try:
        born = datetime.date(year, month, day)
    except ValueError:
        raise ValueError(f"date of birth “{text}” is not a real date") from None
    if born > today or born.year < today.year - 30:
        raise ValueError(f"date of birth “{text}” cannot be a pupil's")
    return born


class _Reader:
    """One file's checks; ``errors`` collects every problem found."""

    def __init__(self, school: School, today: datetime.date) -> None:
        self.today = today
        self.classes = list(
            SchoolClass.objects.for_school(school)
            .filter(is_active=True)
            .order_by("year_group", "name")
        )
        self.by_name = {_class_key(c.name): c for c in self.classes}
        self.result = RosterFile()
        self.references: dict[str, int] = {}
        self.unreferenced: dict[tuple[str, int], int] = {}

    def error(self, message: str) -> None:
        if len(self.result.errors) < MAX_ERRORS:
            self.result.errors.append(message)
        elif len(self.result.errors) == MAX_ERRORS:
            self.result.errors.append("… and more: only the first 100 problems are listed.")

    def header(self, cells: list[str]) -> dict[str, int] | None:
        columns: dict[str, int] = {}
        for index, cell in enumerate(cells):
            name = _column(cell)
            if name in columns and name in (*REQUIRED, "date_of_birth", "reference"):
                self.error(f"Row 1: the column “{cell.strip()}” appears twice.")
            columns.setdefault(name, index)
        missing = [name for name in REQUIRED if name not in columns]
        if missing:
            found = ", ".join(cell.strip() for cell in cells if cell.strip()) or "nothing"
            self.error(
                f"Row 1 must name the columns first_name, last_name and class "
                f"(missing: {', '.join(missing)}; found: {found})."
            )
            return None
        return columns

    def text(self, number: int, what: str, value: str, limit: int) -> str | None:
        value = value.strip()
        try:
            validate_one_line(value)
        except ValidationError:
            self.error(f"Row {number}: the {what} has invisible or control characters.")
            return None
        if len(value) > limit:
            self.error(f"Row {number}: the {what} is longer than {limit} characters.")
            return None
        return value

    def school_class(self, number: int, value: str) -> SchoolClass | None:
        found = self.by_name.get(_class_key(value))
        if found is not None:
            return found
        if not value.strip():
            self.error(f"Row {number}: the class is missing.")
            return None
        names = ", ".join(c.name for c in self.classes) or "(the school has no classes yet)"
        self.error(
            f"Row {number}: class “{value.strip()[:60]}” is not one of the school's "
            f"classes: {names}."
        )
        return None

    def row(self, number: int, cells: list[str], columns: dict[str, int]) -> None:
        def cell(name: str) -> str:
            index = columns.get(name)
            return cells[index] if index is not None and index < len(cells) else ""

        first = self.text(number, "first name", cell("first_name"), MAX_NAME)
        last = self.text(number, "last name", cell("last_name"), MAX_NAME)
        if first == "":
            self.error(f"Row {number}: the first name is missing.")
        if last == "":
            self.error(f"Row {number}: the last name is missing.")
        school_class = self.school_class(number, cell("class"))
        reference = self.text(number, "reference", cell("reference"), MAX_REFERENCE)
        try:
            born = parse_date(cell("date_of_birth"), self.today)
        except ValueError as problem:
            self.error(f"Row {number}: {problem}.")
            return
        if not (first and last and school_class is not None and reference is not None):
            return
        if not self.unique(number, first, last, school_class, reference):
            return
        self.result.rows.append(RosterRow(number, first, last, school_class, born, reference))

    def unique(
        self, number: int, first: str, last: str, school_class: SchoolClass, reference: str
    ) -> bool:
        if reference:
            earlier = self.references.setdefault(reference.casefold(), number)
            if earlier != number:
                self.error(f"Row {number}: reference “{reference}” is also on row {earlier}.")
                return False
            return True
        key = (name_key(f"{first} {last}"), school_class.pk)
        earlier = self.unreferenced.setdefault(key, number)
        if earlier != number:
            self.error(
                f"Row {number}: {first} {last} in {school_class.name} is also on row {earlier}; "
                "give each child a reference so they can be told apart."
            )
            return False
        return True


def read_roster(data: bytes, school: School, today: datetime.date) -> RosterFile:
    """The file's rows, or every problem found in it (nothing is saved here)."""
    reader = _Reader(school, today)
    text = _decode(data)
    if text is None:
        reader.error("The file is not UTF-8 text: save it from the spreadsheet as “CSV UTF-8”.")
        return reader.result
    try:
        lines = list(csv.reader(io.StringIO(text, newline="")))
    except csv.Error as problem:
        reader.error(f"The file could not be read as CSV ({problem}).")
        return reader.result
    if not lines:
        reader.error("The file is empty: it needs a header row and one row per child.")
        return reader.result
    columns = reader.header(lines[0])
    if columns is None:
        return reader.result
    body = [
        (n, cells) for n, cells in enumerate(lines[1:], start=2) if any(c.strip() for c in cells)
    ]
    if len(body) > MAX_ROWS:
        reader.error(
            f"The file has {len(body)} children; at most {MAX_ROWS} can be imported at once."
        )
        return reader.result
    if not body:
        reader.error("The file has a header row but no children.")
    for number, cells in body:
        reader.row(number, cells, columns)
    return reader.result
