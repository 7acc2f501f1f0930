"""Forms of the training log: they validate, and the services save."""

from __future__ import annotations

from typing import Any

from django import forms

from accounts.models import User
from schools.calendar import school_today
from schools.models import School
from schools.roles import TrainingKind
from schools.validators import validate_one_line, validate_text
from training.services import EARLIEST_SESSION, training_staff


class StaffChoiceField(forms.ModelMultipleChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: User) -> str:
        return obj.full_name or obj.email


class SessionForm(forms.Form):
    kind = forms.ChoiceField(label="Kind of training", choices=TrainingKind.choices)
    held_on = forms.DateField(
        label="Date held",
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text="The day the session took place.",
    )
    title = forms.CharField(
        max_length=200,
        validators=[validate_one_line],
        help_text="E.g. “Safeguarding and staff conduct, including the social media policy”.",
    )
    led_by = forms.CharField(
        label="Led by",
        max_length=200,
        validators=[validate_one_line],
        help_text="A name, a role or an organisation.",
    )
    notes = forms.CharField(
        required=False,
        max_length=2000,
        validators=[validate_text],
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    attendees = StaffChoiceField(
        label="Who attended",
        queryset=User.objects.none(),
        to_field_name="public_id",
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": "Tick at least one person who attended.",
            "invalid_choice": "Only the school's own staff can be recorded as attending.",
        },
    )

    def __init__(self, *args: Any, school: School, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.school = school
        attendees: StaffChoiceField = self.fields["attendees"]  # type: ignore[assignment]
        attendees.queryset = training_staff(school)
        held_on: forms.DateField = self.fields["held_on"]  # type: ignore[assignment]
        held_on.widget.attrs["max"] = school_today(school).isoformat()

    def clean_held_on(self) -> Any:
        held_on = self.cleaned_data["held_on"]
        if held_on > school_today(self.school):
            raise forms.ValidationError(
                "Record training once it has happened: the date is in the future."
            )
        if held_on < EARLIEST_SESSION:
            raise forms.ValidationError("Enter a date from the year 2000 onwards.")
        return held_on


class WithdrawForm(forms.Form):
    reason = forms.CharField(
        label="Why is this session being withdrawn?",
        max_length=500,
        validators=[validate_text],
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="E.g. “Recorded twice by mistake”. It stays in the log, marked withdrawn.",
    )
