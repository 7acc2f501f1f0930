"""The form staff fill in from a signed paper copy, with its scan."""

from __future__ import annotations

import datetime
from typing import Any

from django import forms

from agreements.models import ENGLISH, AgreementVersion, SignatureKind
from agreements.services.signing import Signer
from agreements.uploads import MAX_BYTES, Scan, clean_scan
from schools.models import School, SchoolClass
from schools.validators import validate_one_line

SCAN_TYPES = ".pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png"


def _name(label: str, required: str = "") -> forms.CharField:
    return forms.CharField(
        label=label,
        max_length=120,
        required=bool(required),
        validators=[validate_one_line],
        error_messages={"required": required} if required else {},
    )


def text_choices(versions: list[AgreementVersion]) -> list[tuple[str, str]]:
    """Each version of the year, in English and in each of its translations."""
    choices = []
    for version in versions:
        label = f"Version {version.number}"
        choices.append((f"{version.public_id}:{ENGLISH}", f"{label}, English"))
        for translation in version.translations.all():
            choices.append(
                (
                    f"{version.public_id}:{translation.language}",
                    f"{label}, {translation.language_name}",
                )
            )
    return choices


class PaperForm(forms.Form):
    key = forms.UUIDField(widget=forms.HiddenInput)
    parent_name = _name("Name of parent or carer", "Enter the name of the parent or carer.")
    child_name = _name("Name of child", "Enter the child's name.")
    school_class = forms.ModelChoiceField(
        label="Child's class",
        queryset=SchoolClass.objects.none(),
        empty_label="Choose the class",
        error_messages={
            "required": "Choose the child's class.",
            "invalid_choice": "Choose the child's class from the list.",
        },
    )
    second_carer_name = _name("Second parent or carer who signed (optional)")
    signed_on = forms.DateField(
        label="Date signed",
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text="The date written on the paper copy.",
        error_messages={
            "required": "Enter the date written on the paper copy.",
            "invalid": "Enter a real date, e.g. 14 10 2026.",
        },
    )
    text = forms.ChoiceField(
        label="Text signed",
        help_text="The version and language printed on the paper copy.",
        error_messages={
            "required": "Choose the text that was signed.",
            "invalid_choice": "Choose the text that was signed from the list.",
        },
    )
    scan = forms.FileField(
        label="Scan of the signed copy",
        widget=forms.ClearableFileInput(attrs={"accept": SCAN_TYPES}),
        help_text=f"A PDF, JPEG or PNG, up to {MAX_BYTES // (1024 * 1024)} MB.",
        error_messages={
            "required": "Choose the scan of the signed paper copy.",
            "empty": "The file is empty. Choose the scan again.",
            "invalid": "Choose the scan of the signed paper copy.",
        },
    )

    def __init__(
        self,
        *args: Any,
        school: School,
        versions: list[AgreementVersion],
        today: datetime.date,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.versions = {str(version.public_id): version for version in versions}
        classes = self.fields["school_class"]
        assert isinstance(classes, forms.ModelChoiceField)
        classes.queryset = SchoolClass.objects.for_school(school).filter(is_active=True)
        text = self.fields["text"]
        assert isinstance(text, forms.ChoiceField)
        text.choices = text_choices(versions)
        if versions:
            text.initial = f"{versions[0].public_id}:{ENGLISH}"
        self.fields["signed_on"].widget.attrs["max"] = today.isoformat()

    def clean_scan(self) -> Scan:
        return clean_scan(self.cleaned_data["scan"])

    def version_and_language(self) -> tuple[AgreementVersion, str]:
        version_id, language = self.cleaned_data["text"].split(":", 1)
        return self.versions[version_id], language

    def signer(self) -> Signer:
        data = self.cleaned_data
        second = data.get("second_carer_name", "").strip()
        return Signer(
            parent_name=data["parent_name"],
            child_name=data["child_name"],
            school_class=data["school_class"],
            signature_kind=SignatureKind.PAPER,
            second_carer_name=second,
            second_signature_kind=SignatureKind.PAPER if second else "",
            language=self.version_and_language()[1],
        )
