"""Forms of the policy's management and acknowledgement pages. They validate, nothing more."""

from __future__ import annotations

import unicodedata
from datetime import date, timedelta
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator

from policies.importer import parse_policy_file
from policies.numbering import CLAUSE_NUMBER
from policies.parsing import ParsedPolicy, PolicyImportError
from schools.calendar import school_today
from schools.models import School

MAX_UPLOAD_BYTES = 5 * 1024 * 1024  # a policy is tens of kilobytes; Word adds some
LONGEST_REVIEW = timedelta(days=3 * 366)


def _no_control_characters(value: str) -> None:
    """Text typed by a person has no control characters beyond line breaks and tabs."""
    if any(unicodedata.category(c) == "Cc" and c not in "\t\n\r" for c in value):
        raise ValidationError("Remove the invisible control characters from this text.")


class PolicyImportForm(forms.Form):
    """A policy document; cleaning reads it, so a bad file is an error on the field."""

    document = forms.FileField(
        label="Policy document",
        help_text="A Word document (.docx) or a plain-text file (.txt), up to 5 MB.",
        widget=forms.ClearableFileInput(attrs={"accept": ".docx,.txt"}),
    )

    def clean_document(self) -> ParsedPolicy:
        upload = self.cleaned_data["document"]
        if upload.size is not None and upload.size > MAX_UPLOAD_BYTES:
            raise ValidationError("The file is larger than 5 MB: a policy document is far smaller.")
        try:
            return parse_policy_file(upload.name or "", upload.read())
        except PolicyImportError as exc:
            raise ValidationError(exc.messages) from None


class SectionForm(forms.Form):
    heading = forms.CharField(label="Heading", max_length=300, validators=[_no_control_characters])


class ClauseForm(forms.Form):
    number = forms.CharField(
        label="Clause number",
        max_length=12,
        required=False,
        help_text="Like 7.4. Leave it blank for a paragraph without a number.",
        validators=[RegexValidator(CLAUSE_NUMBER, "Write the clause number like 7.4.")],
    )
    text = forms.CharField(
        label="Text of the clause",
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 6}),
        validators=[_no_control_characters],
    )
    bullets = forms.CharField(
        label="List items",
        max_length=5000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="One item per line, if the clause ends with a list; otherwise leave it blank.",
        validators=[_no_control_characters],
    )

    def clean_bullets(self) -> list[str]:
        return [line.strip() for line in self.cleaned_data["bullets"].splitlines() if line.strip()]


class PublishForm(forms.Form):
    material_change = forms.TypedChoiceField(
        label="Is this a material change?",
        choices=[
            (
                "yes",
                "Yes: the policy now asks staff to do something different. Every member of "
                "staff must read it and acknowledge it again.",
            ),
            (
                "no",
                "No: a correction or a change of wording only. Acknowledgements of the "
                "earlier version still count.",
            ),
        ],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
    )
    change_summary = forms.CharField(
        label="What changed",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="A sentence or two for staff and governors, shown with the version.",
        validators=[_no_control_characters],
    )
    review_due = forms.DateField(
        label="Next review due",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text="Leave it blank for a year from today.",
    )

    def __init__(self, *args: Any, school: School, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.today = school_today(school)

    def clean_review_due(self) -> date | None:
        due: date | None = self.cleaned_data["review_due"]
        if due is not None and due <= self.today:
            raise ValidationError("The next review must be after today.")
        if due is not None and due > self.today + LONGEST_REVIEW:
            raise ValidationError("Review the policy within three years.")
        return due


class AcknowledgeForm(forms.Form):
    """The version the person read: acknowledging a version that is no longer in force fails."""

    version = forms.IntegerField(min_value=1, max_value=2**31 - 1, widget=forms.HiddenInput)
