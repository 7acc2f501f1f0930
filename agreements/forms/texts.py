"""Forms of the agreement text and its translations: they validate, the services save."""

from __future__ import annotations

import re
from typing import Any

from django import forms

from agreements.models import ENGLISH, AgreementVersion
from schools.validators import validate_one_line, validate_text

# ISO 639 (two or three letters), perhaps with a region: pl, ur, pt-br, zh-hant.
_LANGUAGE = re.compile(r"[a-z]{2,3}(?:-[a-z0-9]{2,4})?")
MATERIAL_HELP = (
    "Tick this when the change alters what families agree to: every family who signed an "
    "earlier version this year is asked to sign again, and coverage counts only signatures "
    "of this version or later. Leave it unticked for a correction that changes no meaning "
    "(a typo, a name): signatures already given still count."
)


def _box(rows: int) -> forms.Textarea:
    return forms.Textarea(attrs={"rows": str(rows)})


class VersionForm(forms.Form):
    title = forms.CharField(
        label="Title",
        max_length=200,
        validators=[validate_one_line],
        error_messages={"required": "Enter the agreement's title."},
    )
    body = forms.CharField(
        label="Text of the agreement",
        max_length=20000,
        validators=[validate_text],
        widget=_box(18),
        help_text=(
            "Separate paragraphs with a blank line. Start a line with “- ” (a dash and a "
            "space) to make it an item of a list."
        ),
        error_messages={"required": "Enter the text families sign."},
    )
    material = forms.BooleanField(
        label="Material change: families sign again", required=False, help_text=MATERIAL_HELP
    )
    change_note = forms.CharField(
        label="What changed",
        max_length=500,
        required=False,
        validators=[validate_one_line],
        help_text="One line for the list of versions, e.g. “Added the rule on gaming sites”.",
    )

    def __init__(self, *args: Any, current: AgreementVersion | None, **kwargs: Any) -> None:
        if current is not None:
            kwargs.setdefault("initial", {"title": current.title, "body": current.body})
        super().__init__(*args, **kwargs)
        self.current = current
        if current is None:
            # The year's first version: families always sign it.
            del self.fields["material"]

    def clean_change_note(self) -> str:
        note: str = self.cleaned_data["change_note"].strip()
        if not note and self.current is not None:
            raise forms.ValidationError("Say in one line what changed in this version.")
        return note

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        current = self.current
        if (
            current is not None
            and _same(data.get("body", ""), current.body)
            and _same(data.get("title", ""), current.title)
        ):
            self.add_error(
                "body", "This is the same as the current version: change the text first."
            )
        return data


def _same(a: str, b: str) -> bool:
    return " ".join(a.split()) == " ".join(b.split())


class TranslationForm(forms.Form):
    language = forms.CharField(
        label="Language code",
        max_length=12,
        widget=forms.TextInput(attrs={"autocapitalize": "off", "spellcheck": "false"}),
        help_text="Two or three letters, with a region if you need one: pl, ur, pt-br.",
        error_messages={"required": "Enter the language's code, e.g. pl for Polish."},
    )
    language_name = forms.CharField(
        label="Language name",
        max_length=60,
        validators=[validate_one_line],
        help_text="As its speakers write it, e.g. Polski; families choose from these names.",
        error_messages={"required": "Enter the language's name, e.g. Polski."},
    )
    title = forms.CharField(
        label="Title in this language",
        max_length=200,
        validators=[validate_one_line],
        error_messages={"required": "Enter the title in this language."},
    )
    body = forms.CharField(
        label="Text in this language",
        max_length=20000,
        validators=[validate_text],
        widget=_box(18),
        help_text="Laid out like the English: blank lines between paragraphs, “- ” for lists.",
        error_messages={"required": "Enter the translated text."},
    )

    def clean_language(self) -> str:
        code: str = self.cleaned_data["language"].strip().lower().replace("_", "-")
        if not _LANGUAGE.fullmatch(code):
            raise forms.ValidationError(
                "Enter a code of two or three letters, perhaps with a region: pl, ur or pt-br."
            )
        if code.split("-")[0] == ENGLISH:
            raise forms.ValidationError("English is the version's own text: choose another.")
        return code
