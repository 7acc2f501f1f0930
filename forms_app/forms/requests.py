"""Forms of a blocked-content access request (Appendix 1): they validate, the services save."""

from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.urls import reverse

from forms_app.models import AccessLength, Audience
from forms_app.sites import EXAMPLE, check_site_url
from schools.calendar import school_today
from schools.models import School, SchoolClass
from schools.validators import validate_text

APPROVE, REFUSE = "approve", "refuse"


def _box(label: str, max_length: int, help_text: str, required: str) -> forms.CharField:
    return forms.CharField(
        label=label,
        max_length=max_length,
        validators=[validate_text],
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=help_text,
        error_messages={"required": required},
    )


def _day(label: str, help_text: str, required: str | None = None) -> forms.DateField:
    return forms.DateField(
        label=label,
        required=required is not None,
        # ISO: a date input shows nothing for a value in any other format.
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text=help_text,
        error_messages={
            "required": required or "",
            "invalid": "Enter a real date, e.g. 21/11/2026.",
        },
    )


def _no_later_than(field: forms.Field, today: datetime.date) -> None:
    field.widget.attrs["max"] = today.isoformat()


class ClassChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: SchoolClass) -> str:
        return obj.name


class AccessRequestForm(forms.Form):
    """Appendix 1. The teacher's name comes from the account, so it is not asked for."""

    url = forms.CharField(
        label="Full URL",
        strip=True,
        widget=forms.TextInput(
            attrs={"inputmode": "url", "spellcheck": "false", "autocapitalize": "none"}
        ),
        help_text=f"Copy it from the browser's address bar, e.g. {EXAMPLE}",
        error_messages={"required": f"Enter the site's full address, e.g. {EXAMPLE}."},
    )
    site_content = _box(
        "Site content",
        2000,
        "What the site is and what is on the page you need.",
        "Describe what is on the site.",
    )
    reasons = _box(
        "Reasons",
        4000,
        "Why you need the site: what it is for and how it will be used.",
        "Give your reasons for needing the site.",
    )
    risks = _box(
        "Risks",
        4000,
        "What could go wrong (adverts, comments, suggested videos…) and how you will manage it.",
        "Say what the risks are, or write “none that I know of”.",
    )
    needed_by = _day("Needed by (optional)", "The first day you need the site, if there is one.")
    audience = forms.ChoiceField(
        label="Who will use it",
        choices=Audience.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose who will use the site."},
    )
    school_class = ClassChoiceField(
        label="Which class",
        queryset=SchoolClass.objects.none(),
        to_field_name="public_id",
        required=False,
        empty_label="Choose a class",
        help_text="Only needed if a class will use the site.",
        error_messages={"invalid_choice": "Choose one of the school's own classes."},
    )
    access_length = forms.ChoiceField(
        label="How long is access needed",
        choices=AccessLength.choices,
        widget=forms.RadioSelect,
        help_text="The person who decides may give a different end date.",
        error_messages={"required": "Choose how long access is needed."},
    )

    def __init__(self, *args: Any, school: School, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        classes: ClassChoiceField = self.fields["school_class"]  # type: ignore[assignment]
        classes.queryset = SchoolClass.objects.for_school(school).filter(is_active=True)
        self.fields["needed_by"].widget.attrs["min"] = school_today(school).isoformat()
        # same-site.js fetches earlier decisions about the address as it is typed.
        self.fields["url"].widget.attrs.update(
            {
                "data-same-site": reverse(
                    "forms_app:same-site", kwargs={"school_slug": school.slug}
                ),
                "aria-controls": "same-site",
            }
        )

    def clean_url(self) -> str:
        return check_site_url(self.cleaned_data["url"]).url

    def judge_url_only(self) -> None:
        """For the "check" button: the address is judged, the rest kept as typed, unjudged."""
        for name in [name for name in self.errors if name != "url"]:
            del self.errors[name]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        class_missing = data.get("audience") == Audience.CLASS and not data.get("school_class")
        if class_missing and "school_class" not in self.errors:
            self.add_error("school_class", "Choose the class that will use the site.")
        return data


class DecideForm(forms.Form):
    """The reviewer's decision (Chestnuts 7.5: the headteacher's is final)."""

    decision = forms.ChoiceField(
        label="Decision",
        choices=[(APPROVE, "Approve"), (REFUSE, "Refuse")],
        widget=forms.RadioSelect,
        error_messages={"required": "Choose whether to approve or refuse the request."},
    )
    reason = _box(
        "Reason", 2000, "The requester will read this.", "Give the reason for the decision."
    )
    access_until = _day(
        "Last day of access",
        "Only used when approving. Suggested from how long access was asked for; "
        "leave it empty for no end date.",
    )

    @property
    def approve(self) -> bool:
        return bool(self.cleaned_data["decision"] == APPROVE)


class WithdrawForm(forms.Form):
    reason = forms.CharField(
        label="Why are you withdrawing it? (optional)",
        required=False,
        max_length=2000,
        validators=[validate_text],
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="E.g. “I found another video that is not blocked”.",
    )


class RevokeForm(forms.Form):
    reason = _box(
        "Why is the approval being revoked?",
        2000,
        "The requester will read this.",
        "Say why the approval is being revoked.",
    )


class UnblockedForm(forms.Form):
    unblocked_on = _day(
        "Unblocked on",
        "The day the site was opened in the school's filter.",
        required="Enter the day the site was unblocked.",
    )

    def __init__(self, *args: Any, today: datetime.date, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _no_later_than(self.fields["unblocked_on"], today)


class ReblockedForm(forms.Form):
    reblocked_on = _day(
        "Blocked again on",
        "The day the site was blocked again in the school's filter.",
        required="Enter the day the site was blocked again.",
    )

    def __init__(self, *args: Any, today: datetime.date, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _no_later_than(self.fields["reblocked_on"], today)


class QueueFilterForm(forms.Form):
    """The reviewer's queue: which requests, and a search. Read from the query string."""

    show = forms.ChoiceField(label="Show", required=False)
    q = forms.CharField(
        label="Search",
        required=False,
        max_length=200,
        help_text="A reference (AR-12), part of the address, the requester's name or the content.",
    )

    def __init__(self, *args: Any, groups: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        show: forms.ChoiceField = self.fields["show"]  # type: ignore[assignment]
        show.choices = groups
