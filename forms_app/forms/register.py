"""The register's filters: a GET form, so a filtered view can be bookmarked and downloaded."""

from __future__ import annotations

from typing import Any

from django import forms

from forms_app.models import Verdict
from forms_app.register import RegisterFilter
from schools.validators import validate_one_line


class RegisterFilterForm(forms.Form):
    verdict = forms.ChoiceField(
        label="Decision", required=False, choices=[("", "Any decision"), *Verdict.choices]
    )
    date_from = forms.DateField(
        label="Decided from", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = forms.DateField(
        label="Decided up to", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    q = forms.CharField(
        label="Search",
        required=False,
        max_length=200,
        validators=[validate_one_line],
        help_text="Part of a site's name, an address or a reason.",
    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", "Choose a day on or after the “Decided from” day.")
        return cleaned

    def filters(self) -> RegisterFilter:
        """What to show: the fields that are valid (a wrong one is shown, and ignored)."""
        self.is_valid()
        data = self.cleaned_data
        return RegisterFilter(
            verdict=data.get("verdict") or "",
            date_from=data.get("date_from"),
            date_to=data.get("date_to"),
            q=data.get("q") or "",
        )
