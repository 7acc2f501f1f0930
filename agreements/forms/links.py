"""The form that sends a family their personal signing link."""

from __future__ import annotations

from typing import Any

from django import forms

from agreements.models import Child
from schools.models import School


class ChildChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: Child) -> str:
        return f"{obj.full_name} ({obj.school_class.name})"


class LinkForm(forms.Form):
    child = ChildChoiceField(
        label="Child",
        queryset=Child.objects.none(),
        to_field_name="public_id",
        empty_label="Choose the child",
        help_text="Children on the school's roll, by surname.",
        error_messages={
            "required": "Choose the child.",
            "invalid_choice": "Choose a child from the list.",
        },
    )
    email = forms.EmailField(
        label="Parent or carer's email",
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "off"}),
        help_text="The link goes to this address. It works once and expires after 14 days.",
        error_messages={
            "required": "Enter the parent or carer's email address.",
            "invalid": "Enter an email address like name@example.com.",
        },
    )

    def __init__(self, *args: Any, school: School, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["child"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = (
            Child.objects.for_school(school)
            .filter(on_roll=True)
            .select_related("school_class")
            .order_by("last_name", "first_name", "pk")
        )
