"""The code fields: labelled for screen readers and for the phone's own code suggestion.

Forms validate the shape of a code only; whether it is right is the service's
question (``twofactor.services.code_use``), asked by the view.
"""

from __future__ import annotations

from django import forms

from twofactor.services import normalise_recovery_code


class AppCodeForm(forms.Form):
    """The 6-digit code an authenticator app shows now."""

    code = forms.CharField(
        label="Code from your authenticator app",
        max_length=20,
        help_text="The 6 digits your app shows for Policy Portal now.",
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "inputmode": "numeric",
                "autocapitalize": "off",
                "spellcheck": "false",
            }
        ),
        error_messages={"required": "Enter the 6-digit code your app shows."},
    )

    def clean_code(self) -> str:
        code = "".join(str(self.cleaned_data["code"]).split())
        if not (len(code) == 6 and code.isdigit()):
            raise forms.ValidationError("Enter the 6 digits your app shows, e.g. 123456.")
        return code


class RecoveryCodeForm(forms.Form):
    """One of the ten recovery codes given at set-up."""

    code = forms.CharField(
        label="Recovery code",
        max_length=40,
        help_text="One of the codes you kept when you set up two-factor sign-in, e.g. abcde-fghjk.",
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "autocapitalize": "off", "spellcheck": "false"}
        ),
        error_messages={"required": "Enter one of your recovery codes."},
    )

    def clean_code(self) -> str:
        code = normalise_recovery_code(str(self.cleaned_data["code"]))
        if len(code) != 10:
            raise forms.ValidationError(
                "A recovery code has 10 letters and digits, e.g. abcde-fghjk."
            )
        return code
