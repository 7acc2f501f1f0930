"""Forms of the incident log: they validate what was typed; the services decide.

Every choice that names a row (a class, a platform) is narrowed to the school.
"""

from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.core.exceptions import ValidationError

from incidents.models import (
    DecisionKind,
    IncidentKind,
    Outcome,
    Part,
    PersonKind,
    ReportedTo,
    Sanction,
    SchoolDay,
    Severity,
    Status,
)
from incidents.services.incidents import IncidentFacts, PersonEntry
from schools.models import School, SchoolClass, SocialNetwork
from schools.validators import validate_one_line, validate_text

ALL = "all"
NOT_LISTED = "Somewhere else, or not known"


def _box(rows: int) -> forms.Textarea:
    return forms.Textarea(attrs={"rows": str(rows)})


def platforms_of(school: School) -> Any:
    return SocialNetwork.objects.for_school(school).filter(hidden=False).order_by("name")


def classes_of(school: School) -> Any:
    return SchoolClass.objects.for_school(school).filter(is_active=True)


class FactsForm(forms.Form):
    """What happened: shared by logging an incident and correcting it."""

    kind = forms.ChoiceField(
        label="What kind of incident is it?",
        choices=IncidentKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose what kind of incident it is."},
    )
    occurred_on = forms.DateField(
        label="Day it happened",
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={
            "required": "Give the day it happened.",
            "invalid": "Give the day as a date, e.g. 14/03/2026.",
        },
    )
    occurred_time = forms.TimeField(
        label="Time it happened (about)",
        widget=forms.TimeInput(attrs={"type": "time"}),
        help_text="The policy asks for the time and date (Chestnuts 8.4): your best estimate.",
        error_messages={
            "required": "Give the time it happened, as near as you know.",
            "invalid": "Give the time as hours and minutes, e.g. 13:45.",
        },
    )
    school_day = forms.ChoiceField(
        label="Was it during the school day?",
        choices=SchoolDay.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Say whether it happened during the school day."},
    )
    platform = forms.ModelChoiceField(
        label="Platform or app",
        queryset=SocialNetwork.objects.none(),
        required=False,
        empty_label=NOT_LISTED,
        error_messages={"invalid_choice": "Choose a platform from the list."},
    )
    platform_other = forms.CharField(
        label="Platform, if not on the list",
        max_length=120,
        required=False,
        validators=[validate_one_line],
    )
    description = forms.CharField(
        label="What happened",
        max_length=8000,
        validators=[validate_text],
        widget=_box(6),
        help_text="The facts as you know them. Quote what was said where you can.",
        error_messages={"required": "Describe what happened."},
    )
    severity = forms.MultipleChoiceField(
        label="Is the material any of these?",
        choices=Severity.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Any of these means the police must be considered (Chestnuts 8.8).",
        error_messages={"invalid_choice": "Choose from the kinds listed."},
    )
    imagery_not_viewed = forms.BooleanField(
        label="Nobody has viewed, copied or stored the imagery, and nobody will",
        required=False,
        help_text=(
            "Only for nude or semi-nude images (UKCIS guidance): do not look at the images, "
            "do not ask for them to be sent, and upload nothing."
        ),
    )
    sanction = forms.ChoiceField(
        label="Sanction (only for getting round the filtering)",
        choices=[("", "None recorded yet"), *Sanction.choices],
        required=False,
        help_text="Chestnuts 7.2: a ban from school computing equipment, except under close "
        "supervision.",
        error_messages={"invalid_choice": "Choose a sanction from the list."},
    )
    sanction_note = forms.CharField(
        label="About the sanction",
        max_length=2000,
        required=False,
        validators=[validate_text],
        widget=_box(2),
        help_text="How long it lasts, or why there is none.",
    )

    def __init__(self, *args: Any, school: School, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.school = school
        self.fields["platform"].queryset = platforms_of(school)  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        day, time = data.get("occurred_on"), data.get("occurred_time")
        if day is not None and time is not None:
            data["occurred_at"] = datetime.datetime.combine(day, time, tzinfo=self.school.tz)
        return data

    def facts(self) -> IncidentFacts:
        data = self.cleaned_data
        return IncidentFacts(
            kind=data["kind"],
            occurred_at=data["occurred_at"],
            school_day=data["school_day"],
            description=data["description"],
            platform=data.get("platform"),
            platform_other=data.get("platform_other", ""),
            severity=data.get("severity", []),
            imagery_not_viewed=data.get("imagery_not_viewed", False),
            sanction=data.get("sanction", ""),
            sanction_note=data.get("sanction_note", ""),
        )


class AttachForm(forms.Form):
    """What the screen print attached to the logging form shows (the file is checked apart)."""

    evidence_description = forms.CharField(
        label="What it shows (optional)",
        max_length=1000,
        required=False,
        validators=[validate_one_line],
    )


class PersonForm(forms.Form):
    """One person involved: who, their part, their name and (a pupil's) class."""

    kind = forms.ChoiceField(
        label="Who",
        choices=PersonKind.choices,
        error_messages={"invalid_choice": "Choose who the person is."},
    )
    part = forms.ChoiceField(
        label="Their part",
        choices=Part.choices,
        error_messages={"invalid_choice": "Choose the person's part."},
    )
    name = forms.CharField(
        label="Name", max_length=200, required=False, validators=[validate_one_line]
    )
    school_class = forms.ModelChoiceField(
        label="Class (pupils)",
        queryset=SchoolClass.objects.none(),
        required=False,
        empty_label="Not a pupil",
        error_messages={"invalid_choice": "Choose one of the school's classes."},
    )

    def __init__(self, *args: Any, school: School, optional: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.school = school
        self.fields["school_class"].queryset = classes_of(school)  # type: ignore[attr-defined]
        if optional:
            # A slot on the logging form: left blank, it names nobody.
            for name in ("kind", "part"):
                field = self.fields[name]
                field.required = False
                field.choices = [("", "—"), *field.choices]  # type: ignore[attr-defined]

    def is_blank(self) -> bool:
        data = self.cleaned_data
        return not data.get("kind") and not data.get("part") and not data.get("name")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if self.is_blank() or self.errors:
            return data
        if not data.get("kind"):
            self.add_error("kind", "Choose who the person is.")
        if not data.get("part"):
            self.add_error("part", "Choose the person's part.")
        kind, school_class = data.get("kind"), data.get("school_class")
        if kind == PersonKind.PUPIL and school_class is None:
            self.add_error("school_class", "Choose the pupil's class.")
        if school_class is not None and kind and kind != PersonKind.PUPIL:
            self.add_error("school_class", "Only a pupil has a class: choose “Not a pupil”.")
        if kind and kind != PersonKind.UNKNOWN and not data.get("name", "").strip():
            self.add_error("name", "Give the person's name, or choose “Not known” as who.")
        if kind == PersonKind.UNKNOWN and data.get("name", "").strip():
            self.add_error("name", "Leave the name empty for someone not known.")
        return data

    def entry(self) -> PersonEntry:
        data = self.cleaned_data
        return PersonEntry(
            kind=data["kind"],
            part=data["part"],
            name=data.get("name", ""),
            school_class=data.get("school_class"),
        )


PERSON_SLOTS = ("p1", "p2")  # usually the target and who did it; more afterwards


def person_forms(
    data: Any, school: School, initial: list[dict[str, Any]] | None = None
) -> list[PersonForm]:
    initial = initial or []
    return [
        PersonForm(
            data,
            school=school,
            optional=True,
            prefix=slot,
            initial=initial[index] if index < len(initial) else None,
        )
        for index, slot in enumerate(PERSON_SLOTS)
    ]


class CloseForm(forms.Form):
    outcome = forms.ChoiceField(
        label="Outcome",
        choices=Outcome.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the outcome."},
    )
    outcome_note = forms.CharField(
        label="How it ended, and why",
        max_length=4000,
        validators=[validate_text],
        widget=_box(4),
        error_messages={"required": "Say how the incident ended and why."},
    )


class NoteForm(forms.Form):
    text = forms.CharField(
        label="Note",
        max_length=4000,
        validators=[validate_text],
        widget=_box(3),
        error_messages={"required": "Write the note."},
    )


class DecisionForm(forms.Form):
    kind = forms.ChoiceField(
        label="Decision",
        choices=DecisionKind.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose what kind of decision it is."},
    )
    summary = forms.CharField(
        label="What was decided",
        max_length=2000,
        validators=[validate_text],
        widget=_box(3),
        error_messages={"required": "Say what was decided."},
    )
    reason = forms.CharField(
        label="Why",
        max_length=4000,
        validators=[validate_text],
        widget=_box(4),
        help_text="KCSIE asks for the reason, including why a referral was not made.",
        error_messages={"required": "Give the reason for the decision."},
    )


class ExternalReportForm(forms.Form):
    to = forms.ChoiceField(
        label="Reported to",
        choices=ReportedTo.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose who it was reported to."},
    )
    to_name = forms.CharField(
        label="Name (the platform, the police force, the person …)",
        max_length=200,
        required=False,
        validators=[validate_one_line],
    )
    made_on = forms.DateField(
        label="Reported on",
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={
            "required": "Give the day it was reported.",
            "invalid": "Give the day as a date, e.g. 14/03/2026.",
        },
    )
    reference = forms.CharField(
        label="Their reference number",
        max_length=100,
        required=False,
        validators=[validate_one_line],
    )
    follow_up_on = forms.DateField(
        label="Follow up on (optional)",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": "Give the day as a date, e.g. 14/03/2026."},
    )
    note = forms.CharField(
        label="Note", max_length=2000, required=False, validators=[validate_text], widget=_box(2)
    )


class FollowUpForm(forms.Form):
    note = forms.CharField(
        label="What came of the follow-up",
        max_length=1500,
        validators=[validate_text],
        widget=_box(3),
        error_messages={"required": "Say what came of the follow-up."},
    )


class ListFilterForm(forms.Form):
    status = forms.ChoiceField(
        label="Status",
        choices=[(Status.OPEN, "Open"), (Status.CLOSED, "Closed"), (ALL, "All")],
        required=False,
    )
    kind = forms.ChoiceField(
        label="Kind", choices=[("", "Any kind"), *IncidentKind.choices], required=False
    )
    q = forms.CharField(label="Reference", max_length=20, required=False)

    def clean_q(self) -> str:
        value: str = self.cleaned_data.get("q", "").strip()
        digits = value.upper().removeprefix("INC").strip(" -")
        if value and not digits.isdigit():
            raise ValidationError("Search by reference, e.g. INC-12.")
        return digits
