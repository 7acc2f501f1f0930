"""Forms of the inappropriate-content report (Appendix 2): they validate, the services save.

The addresses, the kinds of content and the safeguarding question are
checked by ``content_report_submit`` itself (its messages name the line at
fault), so these forms only take the text apart.
"""

from __future__ import annotations

import datetime
from typing import Any

from django import forms

from forms_app.models import MAX_URL_LENGTH, ContentCategory, ReportStatus
from forms_app.services.reports import MAX_SITES
from forms_app.sites import check_site_url
from schools.validators import validate_one_line, validate_text

YES, NO = "yes", "no"
ALL = "all"
SAFEGUARDING_HINT = (
    "Yes if a child may be at risk or has been harmed: the designated safeguarding lead "
    "and the headteacher are alerted at once. Do not describe the child here."
)


def _yes(value: str) -> bool:
    return value == YES


def _box(rows: int, **attrs: str) -> forms.Textarea:
    return forms.Textarea(attrs={"rows": str(rows), **attrs})


class ReportForm(forms.Form):
    urls = forms.CharField(
        label="Full URLs",
        # Room for the most addresses at their longest; the service explains a long line.
        max_length=MAX_SITES * (MAX_URL_LENGTH + 2),
        widget=_box(4, spellcheck="false", autocapitalize="off", autocomplete="off"),
        help_text=(
            f"One address per line, up to {MAX_SITES}. Copy each from the browser's address "
            "bar, e.g. https://www.example.org/page."
        ),
        error_messages={
            "required": "Enter the full address of at least one page.",
            "max_length": (
                f"That is too much text: enter up to {MAX_SITES} addresses, one per line."
            ),
        },
    )
    site_content = forms.CharField(
        label="General site content",
        max_length=2000,
        validators=[validate_text],
        widget=_box(3),
        help_text="What the site is about in general, e.g. “An online games site”.",
        error_messages={"required": "Say what the site is about in general."},
    )
    categories = forms.MultipleChoiceField(
        label="Nature of the content",
        choices=ContentCategory.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=(
            "Tick every kind that applies: they follow the UK Safer Internet Centre's "
            "definitions for filtering."
        ),
        error_messages={"invalid_choice": "Choose from the kinds of content listed."},
    )
    nature = forms.CharField(
        label="Describe the content (optional unless you chose “Something else”)",
        max_length=4000,
        required=False,
        validators=[validate_text],
        widget=_box(3),
    )
    safeguarding = forms.TypedChoiceField(
        label="Is this a safeguarding issue?",
        choices=[(YES, "Yes"), (NO, "No")],
        coerce=_yes,
        widget=forms.RadioSelect,
        help_text=SAFEGUARDING_HINT,
        error_messages={"required": "Say whether this is a safeguarding issue: choose Yes or No."},
    )

    def __init__(self, *args: Any, same_site_url: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # static/js/same-site.js shows earlier decisions about the site as it is typed.
        self.fields["urls"].widget.attrs["data-same-site"] = same_site_url

    def clean_urls(self) -> str:
        """Each address checked now, so its message shows with the rest (the service checks too)."""
        text: str = self.cleaned_data["urls"]
        lines = [line for line in text.splitlines() if line.strip()]
        if len(lines) > MAX_SITES:
            raise forms.ValidationError(f"Report at most {MAX_SITES} addresses at once.")
        for number, line in enumerate(lines, start=1):
            try:
                check_site_url(line)
            except forms.ValidationError as error:
                where = f"Address {number}: " if len(lines) > 1 else ""
                raise forms.ValidationError(where + error.messages[0]) from error
        return text

    def submission(self) -> dict[str, Any]:
        """The service's keyword arguments (only once the form is valid)."""
        data = self.cleaned_data
        return {
            "urls": data["urls"].splitlines(),
            "site_content": data["site_content"],
            "categories": data["categories"],
            "nature": data["nature"],
            "safeguarding": data["safeguarding"],
        }


def first_address(text: str) -> str:
    """The first non-empty line of the addresses box: whose precedent the form shows."""
    return next((line.strip() for line in text.splitlines() if line.strip()), "")


class QueueFilterForm(forms.Form):
    """The queue's filters, from the query string; anything unreadable means the default."""

    status = forms.ChoiceField(
        label="Status", choices=[*ReportStatus.choices, (ALL, "All")], required=False
    )
    safeguarding = forms.BooleanField(label="Safeguarding issues only", required=False)
    q = forms.CharField(
        label="Search",
        max_length=200,
        required=False,
        validators=[validate_one_line],
        help_text="A reference (CR-3), part of an address, the reporter's name or the site.",
    )

    def choice(self) -> tuple[str, bool, str]:
        """(status, safeguarding only, search), the defaults where the form is invalid."""
        if not self.is_valid():
            return ReportStatus.REPORTED.value, False, ""
        data = self.cleaned_data
        return data["status"] or ReportStatus.REPORTED.value, data["safeguarding"], data["q"]


class BlockedForm(forms.Form):
    blocked_on = forms.DateField(
        label="Site blocked on",
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text="The day the filter started blocking the site(s).",
        error_messages={"required": "Enter the day the site was blocked."},
    )
    provider_reference = forms.CharField(
        label="Filtering provider's case reference",
        max_length=100,
        required=False,
        validators=[validate_one_line],
        help_text="Optional: the reference your filtering provider gave, if any.",
    )

    def __init__(self, *args: Any, today: datetime.date, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {"blocked_on": today})
        super().__init__(*args, **kwargs)
        self.fields["blocked_on"].widget.attrs["max"] = today.isoformat()


class CloseForm(forms.Form):
    reason = forms.CharField(
        label="Why is no action being taken?",
        max_length=2000,
        validators=[validate_text],
        widget=_box(4),
        help_text="The reporter is told the report was closed; the reason stays on the report.",
        error_messages={"required": "Say why no action is being taken."},
    )
