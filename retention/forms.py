"""Forms of the retention pages: they validate input; the services check the meaning."""

from __future__ import annotations

from typing import Any

from django import forms

from retention.models import RetainedKind
from retention.rules import DEFAULT_YEARS, UNITS, rule_text


class RulesForm(forms.Form):
    """The years of every kind at once, each starting from the school's current value."""

    def __init__(self, *args: Any, current: dict[RetainedKind, int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for kind in RetainedKind:
            default = DEFAULT_YEARS[kind]
            self.fields[kind.value] = forms.IntegerField(
                label=kind.label,
                initial=current[kind],
                help_text=f"In {UNITS[kind]}. Default {default}: "
                f"{rule_text(kind, default).lower()}.",
                error_messages={
                    "required": "Enter a whole number of years.",
                    "invalid": "Enter a whole number of years, such as 6.",
                },
            )

    def years(self) -> dict[RetainedKind, int | None]:
        return {kind: self.cleaned_data.get(kind.value) for kind in RetainedKind}


class HoldForm(forms.Form):
    reference = forms.CharField(
        label="Record",
        max_length=20,
        help_text="Its reference, such as INC-3, AR-5, CR-2, HSA-4 or CMP-1.",
        error_messages={"required": "Enter the record's reference, such as INC-3."},
    )
    reason = forms.CharField(
        label="Why it must be kept",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="A claim, an inquiry, a subject access request… Never a child's name.",
        error_messages={"required": "Say why the record must be kept."},
    )


class LiftForm(forms.Form):
    lift_reason = forms.CharField(
        label="Why the hold is lifted",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Say why the record no longer needs to be held."},
    )
