"""The audit history's and the access log's filters: GET forms, so a view can be bookmarked."""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass
from typing import Any

from django import forms
from django.db.models import QuerySet

from accounts.models import User
from governance.audit.trail import RECORD_TYPES
from incidents.models import AccessAction, AccessRecordType
from schools.calendar import Term, recent_terms, term_from_key
from schools.models import School
from schools.validators import validate_one_line

AUTOMATIC = "portal"  # the person filter's value for changes the portal made itself
NOT_LISTED = "That is not one of the choices listed: choose one from the list."
EARLIEST = datetime.date(2000, 1, 1)


def _record_type_choices() -> list[tuple[str, Any]]:
    groups: dict[str, list[tuple[str, str]]] = {}
    for key, record_type in RECORD_TYPES.items():
        groups.setdefault(record_type.group, []).append((key, record_type.name))
    return [("", "Every kind of record"), *groups.items()]


def _date_field(label: str) -> forms.DateField:
    return forms.DateField(
        label=label,
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": "Enter a date as day, month and year."},
    )


@dataclass(frozen=True)
class Period:
    """The days a filtered view covers, both ends included; None: open-ended."""

    start: datetime.date | None = None
    end: datetime.date | None = None


class DateRangeForm(forms.Form):
    """A term, or days from and to: the part of both filters that picks the period."""

    term = forms.ChoiceField(
        label="Term", required=False, error_messages={"invalid_choice": NOT_LISTED}
    )
    date_from = _date_field("From")
    date_to = _date_field("Up to")

    def __init__(self, *args: Any, school: School, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.school = school
        self._choose(
            "term",
            [
                ("", "Any term"),
                *((term.key, term.label) for term in recent_terms(school, 9)),
            ],
        )

    def _choose(self, name: str, choices: list[tuple[str, str]]) -> None:
        field = self.fields[name]
        assert isinstance(field, forms.ChoiceField)
        field.choices = choices

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        for name, day in (("date_from", start), ("date_to", end)):
            if day is not None and day < EARLIEST:
                self.add_error(name, "Choose a day from the year 2000 onwards.")
        if start and end and end < start:
            self.add_error(
                "date_to", "The period ends before it starts: choose a day on or after “From”."
            )
        if cleaned.get("term") and (start or end):
            self.add_error("term", "Choose a term or days from and to, not both.")
        return cleaned

    def period(self) -> Period:
        term: Term | None = term_from_key(self.school, self.cleaned_data.get("term") or "")
        if term is not None:
            return Period(term.start, term.end)
        return Period(self.cleaned_data.get("date_from"), self.cleaned_data.get("date_to"))


class AuditFilterForm(DateRangeForm):
    record_type = forms.ChoiceField(
        label="Kind of record",
        required=False,
        choices=_record_type_choices,
        error_messages={"invalid_choice": NOT_LISTED},
    )
    person = forms.ChoiceField(
        label="Who made the change", required=False, error_messages={"invalid_choice": NOT_LISTED}
    )

    field_order = ["record_type", "person", "term", "date_from", "date_to"]

    def __init__(self, *args: Any, school: School, people: QuerySet[User], **kwargs: Any) -> None:
        super().__init__(*args, school=school, **kwargs)
        self._choose(
            "person",
            [
                ("", "Anyone"),
                (AUTOMATIC, "The portal (automatic work)"),
                *((str(user.public_id), user.full_name or user.email) for user in people),
            ],
        )


REFERENCE_PREFIXES = ("INC", "CR", "HSA")  # incidents, content reports, signed agreements
REFERENCE = re.compile(r"(?:(?P<prefix>INC|CR|HSA)-)?0*(?P<number>[1-9][0-9]{0,8})", re.ASCII)
WRONG_REFERENCE = "Enter a record's reference, such as INC-4, CR-2 or HSA-12."


class AccessLogFilterForm(DateRangeForm):
    record_type = forms.ChoiceField(
        label="Kind of record",
        required=False,
        choices=[
            ("", "Anything"),
            (AccessRecordType.INCIDENT, "Incidents"),
            (AccessRecordType.CONTENT_REPORT, "Content reports"),
            (AccessRecordType.AGREEMENT, "Signed agreements"),
        ],
        error_messages={"invalid_choice": NOT_LISTED},
    )
    person = forms.ChoiceField(
        label="Who", required=False, error_messages={"invalid_choice": NOT_LISTED}
    )
    action = forms.ChoiceField(
        label="What they did",
        required=False,
        choices=[("", "Anything"), *AccessAction.choices],
        error_messages={"invalid_choice": NOT_LISTED},
    )
    q = forms.CharField(
        label="Reference",
        required=False,
        max_length=20,
        validators=[validate_one_line],
        help_text="An incident's, content report's or signed agreement's: INC-4, CR-2, HSA-12.",
    )

    field_order = ["record_type", "person", "action", "q", "term", "date_from", "date_to"]

    def __init__(self, *args: Any, school: School, people: QuerySet[User], **kwargs: Any) -> None:
        super().__init__(*args, school=school, **kwargs)
        self._choose(
            "person",
            [
                ("", "Anyone"),
                *((str(user.public_id), user.full_name or user.email) for user in people),
            ],
        )

    def clean_q(self) -> list[str]:
        """The references meant: "inc-04" is INC-4; a bare number is that number of every kind."""
        value: str = self.cleaned_data.get("q", "").strip().upper()
        if not value:
            return []
        found = REFERENCE.fullmatch(value)
        if found is None:
            raise forms.ValidationError(WRONG_REFERENCE)
        prefix, number = found["prefix"], int(found["number"])
        return [f"{kind}-{number}" for kind in ((prefix,) if prefix else REFERENCE_PREFIXES)]
