"""The quick contact-attempt form (two questions, on a phone) and the handlers' filter."""

from __future__ import annotations

from typing import Any

from django import forms

from incidents.models import Contacter
from schools.models import School, SocialNetwork
from schools.validators import validate_one_line

ANYONE = ""


class PlaceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: SocialNetwork) -> str:
        return obj.name


def places_of(school: School) -> Any:
    """The networks staff see on the school's list: not hidden, still in existence."""
    return (
        SocialNetwork.objects.for_school(school)
        .filter(hidden=False, retired=False)
        .order_by("name")
    )


class ContactAttemptForm(forms.Form):
    """Who tried to contact you, and where: a place from the school's list, or typed."""

    who = forms.ChoiceField(
        label="Who tried to contact you?",
        choices=Contacter.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose who tried to contact you.",
            "invalid_choice": "Choose who tried to contact you.",
        },
    )
    platform = PlaceField(
        label="On the school's list",
        queryset=SocialNetwork.objects.none(),
        to_field_name="public_id",
        required=False,
        empty_label="Somewhere else (type it below)",
        widget=forms.Select(attrs={"class": "form-select-lg"}),
        error_messages={"invalid_choice": "Choose a place from the school's list."},
    )
    platform_other = forms.CharField(
        label="Somewhere else",
        max_length=120,
        required=False,
        validators=[validate_one_line],
        widget=forms.TextInput(attrs={"class": "form-control-lg"}),
        help_text="For example: a text message, email, or an app not on the list.",
    )

    def __init__(self, *args: Any, school: School, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["platform"].queryset = places_of(school)  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if "platform" in self.errors or "platform_other" in self.errors:
            return data
        if data.get("platform") is None and not data.get("platform_other", "").strip():
            self.add_error(
                "platform", "Choose where it happened, or type it under “Somewhere else”."
            )
        return data

    def attempt(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "who": data["who"],
            "platform": data.get("platform"),
            "platform_other": data.get("platform_other", ""),
        }


class ContactFilterForm(forms.Form):
    who = forms.ChoiceField(
        label="Who tried",
        choices=[(ANYONE, "Anyone"), *Contacter.choices],
        required=False,
    )
