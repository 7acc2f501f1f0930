"""The signing form: the kiosk and the personal link show the same one.

The family signs by drawing in the box (finger, stylus or mouse) or by typing
their name, which works with a keyboard alone. A second parent or carer may
sign too. The form carries an idempotency key chosen when it was shown, so a
double tap or a resubmission after a timeout makes one agreement.
"""

from __future__ import annotations

from typing import Any

from django import forms

from agreements.models import ENGLISH, SignatureKind
from agreements.services.signing import Signer
from agreements.signature import clean_drawn_signature
from schools.models import School, SchoolClass
from schools.validators import validate_one_line

DRAWN, TYPED = SignatureKind.DRAWN.value, SignatureKind.TYPED.value
HOW_CHOICES = [(DRAWN, "Draw a signature"), (TYPED, "Type the name instead")]


def _name(label: str, *, required: str = "") -> forms.CharField:
    return forms.CharField(
        label=label,
        max_length=120,
        required=bool(required),
        validators=[validate_one_line],
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "words"}),
        error_messages={"required": required} if required else {},
    )


class SignForm(forms.Form):
    key = forms.UUIDField(widget=forms.HiddenInput)
    language = forms.CharField(widget=forms.HiddenInput, initial=ENGLISH, max_length=12)
    parent_name = _name("Your name (parent or carer)", required="Enter your name.")
    child_name = _name("Your child's name", required="Enter your child's name.")
    school_class = forms.ModelChoiceField(
        label="Your child's class",
        queryset=SchoolClass.objects.none(),
        empty_label="Choose the class",
        error_messages={
            "required": "Choose your child's class.",
            "invalid_choice": "Choose your child's class from the list.",
        },
    )
    how = forms.ChoiceField(
        label="How will you sign?",
        choices=HOW_CHOICES,
        initial=DRAWN,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose how you will sign."},
    )
    signature = forms.CharField(required=False, max_length=60_000, widget=forms.HiddenInput)
    typed_signature = _name("Type your full name to sign")
    second_carer_name = _name("Second parent or carer's name (optional)")
    second_how = forms.ChoiceField(
        label="How will they sign?", choices=HOW_CHOICES, required=False, widget=forms.RadioSelect
    )
    second_signature = forms.CharField(required=False, max_length=60_000, widget=forms.HiddenInput)
    second_typed_signature = _name("Second parent or carer: type their full name to sign")
    email = forms.EmailField(
        label="Email for a copy (optional)",
        required=False,
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "off"}),
        help_text="We send the signed agreement to this address as a PDF, and nothing else.",
        error_messages={"invalid": "Enter an email address like name@example.com, or none."},
    )
    agree = forms.BooleanField(
        label="I have read the agreement above and agree to it.",
        error_messages={"required": "Tick the box to show you agree."},
    )

    def __init__(self, *args: Any, school: School, languages: frozenset[str], **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.languages = languages | {ENGLISH}
        field = self.fields["school_class"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = SchoolClass.objects.for_school(school).filter(is_active=True)

    def clean_language(self) -> str:
        language: str = self.cleaned_data["language"]
        if language not in self.languages:
            raise forms.ValidationError("Choose one of the languages offered.")
        return language

    def _signature(self, how: str, drawn_field: str, typed_field: str, name: str) -> str:
        data = self.cleaned_data
        if how == DRAWN:
            try:
                return clean_drawn_signature(data.get(drawn_field, ""))
            except forms.ValidationError as error:
                # Shown with the choice of how to sign, next to the box.
                self.add_error("how" if drawn_field == "signature" else "second_how", error)
                return ""
        typed = (data.get(typed_field) or "").strip()
        if not typed:
            self.add_error(typed_field, "Type the full name to sign.")
        elif name and " ".join(typed.casefold().split()) != " ".join(name.casefold().split()):
            self.add_error(typed_field, f"Type the name exactly as above: {name}.")
        return typed

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if "how" in data:
            data["signature"] = self._signature(
                data["how"], "signature", "typed_signature", data.get("parent_name", "")
            )
        second = (data.get("second_carer_name") or "").strip()
        if second:
            how = data.get("second_how") or ""
            if not how:
                self.add_error("second_how", "Choose how the second parent or carer will sign.")
            else:
                data["second_signature"] = self._signature(
                    how, "second_signature", "second_typed_signature", second
                )
        return data

    def signer(self) -> Signer:
        """What the family entered, for ``agreement_sign`` (only once the form is valid)."""
        data = self.cleaned_data
        second = (data.get("second_carer_name") or "").strip()
        return Signer(
            parent_name=data["parent_name"],
            child_name=data["child_name"],
            school_class=data["school_class"],
            signature_kind=data["how"],
            signature=data["signature"],
            email=data.get("email") or "",
            second_carer_name=second,
            second_signature_kind=(data.get("second_how") or "") if second else "",
            second_signature=data.get("second_signature", "") if second else "",
            language=data["language"],
        )
