"""Adding a screen print or document to an incident's evidence vault."""

from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.utils import timezone

from incidents.evidence import ACCEPT, MAX_BYTES, Scan, clean_evidence
from incidents.services.evidence import CLOCK_SLACK
from schools.models import School
from schools.validators import validate_text


class EvidenceForm(forms.Form):
    file = forms.FileField(
        label="Screen print or document",
        widget=forms.ClearableFileInput(attrs={"accept": ACCEPT}),
        help_text=f"A JPEG or PNG image, or a PDF, up to {MAX_BYTES // (1024 * 1024)} MB. "
        "Images are saved again without their hidden details (such as where they were taken).",
        error_messages={
            "required": "Choose the file to add.",
            "empty": "The file is empty. Choose the file again.",
            "invalid": "Choose the file to add.",
        },
    )
    description = forms.CharField(
        label="What it shows (optional)",
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": "3"}),
        validators=[validate_text],
        help_text="For example: the messages in the class group chat, with their times.",
    )
    captured_on = forms.DateField(
        label="Day the screen print was taken (optional)",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        error_messages={"invalid": "Give the day as a date, e.g. 14/03/2026."},
    )
    captured_time = forms.TimeField(
        label="Time it was taken (optional)",
        required=False,
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
        error_messages={"invalid": "Give the time as hours and minutes, e.g. 13:45."},
    )

    def __init__(self, *args: Any, school: School, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.school = school

    def clean_file(self) -> Scan:
        return clean_evidence(self.cleaned_data["file"])

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        day: datetime.date | None = data.get("captured_on")
        time: datetime.time | None = data.get("captured_time")
        data["captured_at"] = None
        if "captured_on" in self.errors or "captured_time" in self.errors:
            return data
        if time is not None and day is None:
            self.add_error("captured_on", "Give the day it was taken as well as the time.")
        elif day is not None and time is None:
            self.add_error(
                "captured_time", "Give the time it was taken (your best estimate), or no day."
            )
        elif day is not None and time is not None:
            at = datetime.datetime.combine(day, time, tzinfo=self.school.tz)
            if at > timezone.now() + CLOCK_SLACK:
                self.add_error("captured_on", "When it was taken cannot be in the future.")
            data["captured_at"] = at
        return data
