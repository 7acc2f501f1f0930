"""Starting a kiosk, and leaving kiosk mode with the password of whoever started it."""

from __future__ import annotations

import datetime
from typing import Any

from django import forms

from accounts.models import User
from agreements.services.kiosk import MAX_HOURS
from schools.validators import validate_one_line

DEFAULT_HOURS = 4
HOUR_CHOICES = [(n, "1 hour" if n == 1 else f"{n} hours") for n in range(1, MAX_HOURS + 1)]


def term_of(day: datetime.date) -> str:
    """The English school term a day falls in, roughly: enough to name an event."""
    if day.month >= 9:
        return "autumn"
    return "spring" if day.month <= 3 else "summer"


def default_event(day: datetime.date) -> str:
    return f"Parents' evening, {term_of(day)} term"


class KioskStartForm(forms.Form):
    event = forms.CharField(
        label="Event",
        max_length=120,
        validators=[validate_one_line],
        help_text="Kept with each agreement signed at this kiosk. Families do not see it.",
        error_messages={"required": "Enter the event, for example Parents' evening, autumn term."},
    )
    hours = forms.TypedChoiceField(
        label="How long the kiosk runs",
        choices=HOUR_CHOICES,
        coerce=int,
        initial=DEFAULT_HOURS,
        help_text="After this the kiosk ends by itself and the tablet is signed out.",
        error_messages={
            "required": "Choose how long the kiosk runs.",
            "invalid_choice": f"Choose from 1 to {MAX_HOURS} hours.",
        },
    )


class KioskExitForm(forms.Form):
    password = forms.CharField(
        strip=False,
        # Never "current-password": the tablet's browser must not offer a saved
        # staff password to whoever is holding it.
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        error_messages={"required": "Enter the password."},
    )

    def __init__(self, *args: Any, starter: User, locked: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.starter = starter
        self.locked = locked
        self.fields["password"].label = f"Password of {starter} (who started this kiosk)"

    def clean_password(self) -> str:
        password: str = self.cleaned_data["password"]
        if self.locked:
            # agreements.kiosk.exit_locked: a family cannot keep guessing.
            raise forms.ValidationError(
                "Too many wrong passwords. Wait 15 minutes, then try again."
            )
        if not self.starter.check_password(password):
            raise forms.ValidationError(
                "That is not the right password. Nothing has changed: the kiosk is still on."
            )
        return password
