"""Forms of the policy checklists: they validate what was typed; the services decide."""

from __future__ import annotations

from typing import Any

from django import forms

from incidents.models import IncidentKind, PersonKind, Requirement, SchoolDay, StepStatus
from incidents.services.checklists import MAX_DUE_DAYS, MAX_POSITION
from schools.validators import validate_one_line, validate_text

ANYONE = ("", "Anyone (the step applies whoever it is)")
ANY_TIME = ("", "In or outside the school day")
DUE_DAYS_MESSAGE = f"Give a number of days from 0 to {MAX_DUE_DAYS}."
POSITION_MESSAGE = f"Give a number from 0 to {MAX_POSITION}."


class StepForm(forms.Form):
    """One step of the school's checklist; ``kind`` is asked only for a new step."""

    kind = forms.ChoiceField(
        label="Kind of incident",
        choices=IncidentKind.choices,
        error_messages={"required": "Choose the kind of incident."},
    )
    text = forms.CharField(
        label="What to do",
        max_length=1000,
        validators=[validate_text],
        widget=forms.Textarea(attrs={"rows": "4"}),
        help_text="In plain words for a busy teacher, e.g. “Save the evidence: screen prints "
        "with the time and date.”",
        error_messages={
            "required": "Say what to do in this step.",
            "max_length": "Keep the step to 1,000 characters.",
        },
    )
    clause_number = forms.CharField(
        label="Policy clause (optional)",
        max_length=20,
        required=False,
        validators=[validate_one_line],
        help_text="The number of the clause this step comes from, as the published policy "
        "numbers it, e.g. 8.4. Leave it blank if the policy has no clause on it.",
        widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
    )
    perpetrator = forms.ChoiceField(
        label="When the alleged perpetrator is",
        choices=[ANYONE, *PersonKind.choices],
        required=False,
    )
    school_day = forms.ChoiceField(
        label="When it happened",
        choices=[ANY_TIME, *[c for c in SchoolDay.choices if c[0] != SchoolDay.UNKNOWN]],
        required=False,
    )
    requirement = forms.ChoiceField(
        label="Is the step required?",
        choices=Requirement.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose whether the step is required."},
    )
    due_days = forms.IntegerField(
        label="Due within (days)",
        min_value=0,
        max_value=MAX_DUE_DAYS,
        help_text="Days after the incident is logged. Police and safeguarding steps: 1.",
        error_messages={
            "required": DUE_DAYS_MESSAGE,
            "invalid": DUE_DAYS_MESSAGE,
            "min_value": DUE_DAYS_MESSAGE,
            "max_value": DUE_DAYS_MESSAGE,
        },
    )
    position = forms.IntegerField(
        label="Order (optional)",
        min_value=0,
        max_value=MAX_POSITION,
        required=False,
        help_text="Steps are listed from the lowest number up. They go up in tens, so 15 puts "
        "a step between 10 and 20. Leave it blank to add the step at the end.",
        error_messages={
            "invalid": POSITION_MESSAGE,
            "min_value": POSITION_MESSAGE,
            "max_value": POSITION_MESSAGE,
        },
    )

    def __init__(self, *args: Any, new: bool = True, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not new:
            # The kind is fixed once made: retire the step and add one to another kind.
            del self.fields["kind"]
            self.fields["position"].required = True
            self.fields["position"].label = "Order"
            self.fields["position"].help_text = (
                "Steps are listed from the lowest number up. They go up in tens, so 15 puts "
                "a step between 10 and 20."
            )
            self.fields["position"].error_messages["required"] = POSITION_MESSAGE


class TickForm(forms.Form):
    """A step done, or not needed (then the note says why)."""

    status = forms.ChoiceField(
        label="Done or not needed",
        choices=[(StepStatus.DONE, "Done"), (StepStatus.NOT_NEEDED, "Not needed")],
        widget=forms.HiddenInput,
        error_messages={
            "required": "Choose “Done” or “Not needed”.",
            "invalid_choice": "Choose “Done” or “Not needed”.",
        },
    )
    note = forms.CharField(
        label="Note",
        max_length=2000,
        required=False,
        validators=[validate_text],
        widget=forms.Textarea(attrs={"rows": "3"}),
        help_text="What was done, or why the step is not needed (a note is needed then).",
        error_messages={"max_length": "Keep the note to 2,000 characters."},
    )
