"""The headteacher's forms: the school's settings and its reference lists.

They validate and nothing more; the services in ``schools/services.py`` save.
"""

from __future__ import annotations

from typing import Any

from crispy_forms.bootstrap import InlineCheckboxes
from crispy_forms.helper import FormHelper
from crispy_forms.layout import HTML, Fieldset, Layout
from django import forms
from django.core.exceptions import ValidationError

from schools.configuration import REFRESH_CHOICES, SchoolSettings
from schools.models import School, SocialNetwork, TrainingRule
from schools.roles import REQUIRABLE_TRAINING, Module, RecordKind, Role, TrainingKind
from schools.validators import (
    validate_one_line,
    validate_phone_numbers,
    validate_text,
    validate_web_url,
)

NOT_REQUIRED, ONCE = "off", "once"


def add_service_errors(form: forms.Form, error: ValidationError) -> None:
    """Show a service's refusal on the form: next to its field where it names one of them."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error.messages)
        return
    for field, messages in error.message_dict.items():
        form.add_error(field if field in form.fields else None, messages)


def _refresh_label(months: int) -> str:
    return TrainingRule(required=True, refresh_months=months).describe()


def _rule_choices(current: TrainingRule) -> list[tuple[str, str]]:
    choices = [(NOT_REQUIRED, "Not required"), (ONCE, "Once (does not expire)")]
    months = sorted(
        {*REFRESH_CHOICES, *([current.refresh_months] if current.refresh_months else [])}
    )
    return choices + [(str(m), _refresh_label(m)) for m in months]


def _rule_value(rule: TrainingRule) -> str:
    if not rule.required:
        return NOT_REQUIRED
    return ONCE if rule.refresh_months is None else str(rule.refresh_months)


def _rule_from(value: str) -> TrainingRule:
    if value == NOT_REQUIRED:
        return TrainingRule(required=False)
    return TrainingRule(required=True, refresh_months=None if value == ONCE else int(value))


class NetworkChoiceField(forms.ModelMultipleChoiceField):  # type: ignore[type-arg]
    def label_from_instance(self, obj: SocialNetwork) -> str:
        return obj.name


class SettingsForm(forms.Form):
    """Everything on the settings page; a field per record kind and per kind of training."""

    modules = forms.MultipleChoiceField(
        label="Parts of the portal the school uses",
        choices=Module.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="A part switched off leaves everyone's menu. Its records are kept.",
    )
    reminder_overdue_days = forms.IntegerField(
        label="In reminders, mark as overdue what has waited this many days",
        min_value=1,
        max_value=90,
        help_text="From 1 to 90 days.",
    )
    blocks_all_social_media = forms.BooleanField(
        label="The school's filter blocks all social media", required=False
    )
    blocked_networks = NetworkChoiceField(
        label="Blocked by the school's filter",
        queryset=SocialNetwork.objects.none(),
        to_field_name="public_id",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": "Choose from the school's own list of social networks."},
    )
    filtering_provider = forms.CharField(
        label="Who manages the filtering",
        max_length=200,
        required=False,
        validators=[validate_one_line],
    )
    blocking_note = forms.CharField(
        label="Note for staff on what is blocked",
        max_length=500,
        required=False,
        validators=[validate_text],
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    # Saved by twofactor.services.school_two_factor_require, beside the settings.
    requires_two_factor = forms.BooleanField(
        label="Require two-factor sign-in of the headteacher, DSL and e-safety team",
        required=False,
        help_text=(
            "They see incidents and their evidence. Once required, each is asked to set up "
            "an authenticator app on their phone before they next open the school's pages."
        ),
    )

    def __init__(self, *args: Any, school: School, current: SchoolSettings, **kwargs: Any) -> None:
        kwargs.setdefault("initial", self._initial(current))
        super().__init__(*args, **kwargs)
        for kind in RecordKind:
            self.fields[f"reviewers_{kind}"] = forms.MultipleChoiceField(
                label=kind.label,
                choices=Role.choices,
                widget=forms.CheckboxSelectMultiple,
                error_messages={
                    "required": f"Choose at least one role to review {kind.label.lower()}."
                },
            )
        for training_kind in REQUIRABLE_TRAINING:
            self.fields[f"training_{training_kind}"] = forms.ChoiceField(
                label=training_kind.label, choices=_rule_choices(current.training[training_kind])
            )
        networks: NetworkChoiceField = self.fields["blocked_networks"]  # type: ignore[assignment]
        networks.queryset = SocialNetwork.objects.for_school(school).filter(retired=False)
        self.fields["requires_two_factor"].initial = school.requires_two_factor
        self.helper = self._helper()

    @staticmethod
    def _initial(current: SchoolSettings) -> dict[str, Any]:
        initial: dict[str, Any] = {
            "modules": sorted(current.modules),
            "reminder_overdue_days": current.reminder_overdue_days,
            "blocks_all_social_media": current.blocks_all_social_media,
            "blocked_networks": sorted(str(n.public_id) for n in current.blocked),
            "filtering_provider": current.filtering_provider,
            "blocking_note": current.blocking_note,
        }
        for kind, roles in current.reviewers.items():
            initial[f"reviewers_{kind}"] = sorted(roles)
        for training_kind, rule in current.training.items():
            initial[f"training_{training_kind}"] = _rule_value(rule)
        return initial

    @staticmethod
    def _helper() -> FormHelper:
        helper = FormHelper()
        helper.form_tag = False
        helper.disable_csrf = True  # the page's form has its token
        helper.layout = Layout(
            "modules",
            Fieldset(
                "Who reviews each kind of record",
                HTML(
                    '<p class="form-text">They receive these records to decide or act on, '
                    "and the morning reminder of what awaits them. At least one role each.</p>"
                ),
                *(InlineCheckboxes(f"reviewers_{kind}") for kind in RecordKind),
            ),
            Fieldset(
                "Reminders and training",
                "reminder_overdue_days",
                HTML(
                    '<p class="form-text">How often staff need each kind of training. '
                    "Staff overdue are listed on the training page and in your reminder.</p>"
                ),
                *(f"training_{kind}" for kind in REQUIRABLE_TRAINING),
            ),
            Fieldset(
                "What the school's filter blocks",
                "blocks_all_social_media",
                InlineCheckboxes("blocked_networks"),
                "filtering_provider",
                "blocking_note",
            ),
            Fieldset("Signing in", "requires_two_factor"),
        )
        return helper

    def wanted(self) -> SchoolSettings:
        """The settings the headteacher asked for (only once the form is valid)."""
        data = self.cleaned_data
        return SchoolSettings(
            modules=frozenset(data["modules"]),
            reviewers={
                kind: frozenset(Role(r) for r in data[f"reviewers_{kind}"]) for kind in RecordKind
            },
            reminder_overdue_days=data["reminder_overdue_days"],
            training={
                TrainingKind(kind): _rule_from(data[f"training_{kind}"])
                for kind in REQUIRABLE_TRAINING
            },
            blocks_all_social_media=data["blocks_all_social_media"],
            blocked=frozenset(data["blocked_networks"]),
            filtering_provider=data["filtering_provider"],
            blocking_note=data["blocking_note"],
        )


class TelInput(forms.TextInput):
    input_type = "tel"


def _url(label: str) -> forms.URLField:
    return forms.URLField(
        label=label,
        max_length=300,
        required=False,
        assume_scheme="https",
        validators=[validate_web_url],
    )


def _numbers(label: str) -> forms.CharField:
    return forms.CharField(
        label=label,
        max_length=40,
        required=False,
        validators=[validate_phone_numbers],
        widget=TelInput,
    )


class EntryForm(forms.Form):
    """What the two reference lists share: a name, advice, and whether staff see it."""

    name = forms.CharField(max_length=100, validators=[validate_one_line])
    advice = forms.CharField(
        label="Advice",
        max_length=1000,
        required=False,
        validators=[validate_text],
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    hidden = forms.BooleanField(label="Leave this out of the list staff see", required=False)


class SocialNetworkForm(EntryForm):
    field_order = ["name", "help_url", "rules_url", "report_url", "safety_url", "advice", "hidden"]

    help_url = _url("Help centre")
    rules_url = _url("Rules")
    report_url = _url("How to report")
    safety_url = _url("Safety advice")


class PhoneProviderForm(EntryForm):
    field_order = [
        "name", "from_mobile", "pay_as_you_go", "pay_monthly", "numbers_note", "website_url",
        "advice", "hidden",
    ]  # fmt: skip

    from_mobile = _numbers("From your mobile")
    pay_as_you_go = _numbers("Pay as you go")
    pay_monthly = _numbers("Pay monthly contracts")
    numbers_note = forms.CharField(
        label="Where the numbers come from",
        max_length=200,
        required=False,
        validators=[validate_one_line],
    )
    website_url = _url("Website")
