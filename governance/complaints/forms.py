"""Forms of the complaints log: they validate, and the services save."""

from __future__ import annotations

import datetime
import re
from typing import Any

from django import forms

from governance.complaints.services import EARLIEST_DATE, later_stages
from governance.models import (
    ComplainantKind,
    Complaint,
    ComplaintAbout,
    ComplaintOutcome,
    ComplaintStage,
    ComplaintStatus,
)
from schools.calendar import school_today
from schools.models import School
from schools.validators import validate_one_line, validate_text

OVERDUE = "overdue"
REFERENCE = re.compile(r"^(?:CMP)?[\s-]*(\d{1,9})$", re.IGNORECASE)


def _day(label: str, *, required: bool = True, help_text: str = "") -> forms.DateField:
    return forms.DateField(
        label=label,
        required=required,
        help_text=help_text,
        widget=forms.DateInput(attrs={"type": "date"}),
    )


def _past(school: School, day: datetime.date, what: str) -> datetime.date:
    """A date that happened: today at the latest, from 2000 on."""
    if day > school_today(school):
        raise forms.ValidationError(f"Enter the day {what}: it cannot be in the future.")
    if day < EARLIEST_DATE:
        raise forms.ValidationError(f"Enter the day {what}, from the year 2000 onwards.")
    return day


def _choose(what: str) -> dict[str, str]:
    return {"required": f"Choose {what}.", "invalid_choice": f"Choose {what} from the list."}


class ComplaintForm(forms.Form):
    """The complaint as it came in: recording it, or correcting it while it is open."""

    received_on = _day("Received on", help_text="The day the school received the complaint.")
    complainant = forms.CharField(
        label="Complainant",
        max_length=200,
        validators=[validate_one_line],
        help_text="The name of the person making the complaint.",
        error_messages={"required": "Enter the name of the person complaining."},
    )
    complainant_kind = forms.ChoiceField(
        label="Who the complainant is",
        choices=[("", "Choose…"), *ComplainantKind.choices],
        error_messages=_choose("who the complainant is"),
    )
    about = forms.ChoiceField(
        label="What it is about",
        choices=ComplaintAbout.choices,
        widget=forms.RadioSelect,
        error_messages=_choose("whether it is about the policy or how it was applied"),
    )
    subject = forms.CharField(
        label="Subject",
        max_length=200,
        validators=[validate_one_line],
        help_text="A short line the governors will recognise it by, e.g. "
        "“Photos of my child on the school Facebook page”.",
        error_messages={"required": "Enter a short subject for the complaint."},
    )
    details = forms.CharField(
        label="What the complaint says",
        max_length=4000,
        validators=[validate_text],
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="In the complainant's terms: what happened and what they would like done.",
        error_messages={"required": "Say what the complaint is."},
    )
    respond_by = _day(
        "Response due by",
        required=False,
        help_text="The date by which the school's complaints procedure says the school must "
        "reply at this stage. Leave it empty if there is none yet.",
    )

    def __init__(self, *args: Any, school: School, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.school = school
        self.fields["received_on"].widget.attrs["max"] = school_today(school).isoformat()

    def clean_received_on(self) -> datetime.date:
        return _past(self.school, self.cleaned_data["received_on"], "the complaint was received")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        received, respond_by = data.get("received_on"), data.get("respond_by")
        if received and respond_by and respond_by < received:
            self.add_error(
                "respond_by", "The response cannot be due before the day it was received."
            )
        return data


class RecordForm(ComplaintForm):
    """Recording a new complaint: it may arrive at a later stage (a formal letter)."""

    stage = forms.ChoiceField(
        label="Stage it is at",
        choices=ComplaintStage.choices,
        initial=ComplaintStage.INFORMAL,
        help_text="Most complaints start informally; a complaint put in writing under the "
        "complaints procedure starts at the formal stage.",
        error_messages=_choose("the stage"),
    )


class StageForm(forms.Form):
    stage = forms.ChoiceField(label="Move it to", error_messages=_choose("the stage"))
    moved_on = _day("Moved on", help_text="The day the complaint reached this stage.")
    respond_by = _day(
        "Response due by at this stage",
        required=False,
        help_text="The earlier stage's date no longer applies. Leave empty if none is set yet.",
    )
    note = forms.CharField(
        label="Note (optional)",
        required=False,
        max_length=2000,
        validators=[validate_text],
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="E.g. “The parent asked in writing for the complaint to be heard formally.”",
    )

    def __init__(self, *args: Any, complaint: Complaint, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {"moved_on": school_today(complaint.school)})
        super().__init__(*args, **kwargs)
        self.school = complaint.school
        stage: forms.ChoiceField = self.fields["stage"]  # type: ignore[assignment]
        stage.choices = [(s.value, s.label) for s in later_stages(complaint.stage)]
        self.fields["moved_on"].widget.attrs["max"] = school_today(self.school).isoformat()

    def clean_moved_on(self) -> datetime.date:
        return _past(self.school, self.cleaned_data["moved_on"], "the complaint moved on")


class CloseForm(forms.Form):
    outcome = forms.ChoiceField(
        label="Outcome",
        choices=[("", "Choose…"), *ComplaintOutcome.choices],
        error_messages=_choose("the outcome"),
    )
    outcome_note = forms.CharField(
        label="The outcome and the reasons for it",
        max_length=4000,
        validators=[validate_text],
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="As the school wrote to the complainant: what was decided and why.",
        error_messages={"required": "Say what was decided and why."},
    )
    closed_on = _day("Closed on", help_text="The day the outcome was sent to the complainant.")

    def __init__(self, *args: Any, school: School, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {"closed_on": school_today(school)})
        super().__init__(*args, **kwargs)
        self.school = school
        self.fields["closed_on"].widget.attrs["max"] = school_today(school).isoformat()

    def clean_closed_on(self) -> datetime.date:
        return _past(self.school, self.cleaned_data["closed_on"], "the complaint was closed")


class FilterForm(forms.Form):
    """The list's filters. A value not offered is an error shown on the page, never ignored."""

    status = forms.ChoiceField(
        label="Status",
        required=False,
        choices=[
            ("", "Any status"),
            (ComplaintStatus.OPEN, "Open"),
            (OVERDUE, "Open, response overdue"),
            (ComplaintStatus.CLOSED, "Closed"),
        ],
        error_messages=_choose("a status"),
    )
    stage = forms.ChoiceField(
        label="Stage",
        required=False,
        choices=[("", "Any stage"), *ComplaintStage.choices],
        error_messages=_choose("a stage"),
    )
    about = forms.ChoiceField(
        label="About",
        required=False,
        choices=[("", "The policy or how it was applied"), *ComplaintAbout.choices],
        error_messages=_choose("what it is about"),
    )
    received_from = _day("Received from", required=False)
    received_to = _day("Received up to", required=False)
    q = forms.CharField(
        label="Search",
        required=False,
        max_length=100,
        help_text="A reference (CMP-4), or words from the subject or the complainant's name.",
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("received_from"), data.get("received_to")
        if start and end and end < start:
            self.add_error(
                "received_to",
                "The range ends before it starts: enter an end date on or after the start date.",
            )
        return data

    @staticmethod
    def reference_number(text: str) -> int | None:
        match = REFERENCE.match(text)
        return int(match.group(1)) if match else None
