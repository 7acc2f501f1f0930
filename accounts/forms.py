from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm


class EmailAuthenticationForm(AuthenticationForm):
    """Sign in by email. A wrong password and an unknown email read the same."""

    error_messages = {
        "invalid_login": (
            "That email address and password do not match an account. Check both and try again."
        ),
        "inactive": (
            "That email address and password do not match an account. Check both and try again."
        ),
    }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["username"] = forms.EmailField(
            label="Email address",
            max_length=254,
            widget=forms.EmailInput(attrs={"autocomplete": "email"}),
        )
        self.fields["password"].widget.attrs["autocomplete"] = "current-password"


class EmailPasswordResetForm(PasswordResetForm):
    email = forms.EmailField(
        label="Email address",
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
