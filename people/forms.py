"""The headteacher's forms for the school's people, and the invitation's own form.

They validate and nothing more; ``people/services.py`` saves.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.forms import SetPasswordForm

from schools.roles import Role
from schools.validators import validate_one_line

ANY_ROLE = ""


class InviteForm(forms.Form):
    full_name = forms.CharField(label="Full name", max_length=150, validators=[validate_one_line])
    email = forms.EmailField(
        label="Email address",
        max_length=254,
        help_text="The invitation goes here; it becomes the address they sign in with.",
    )
    roles = forms.MultipleChoiceField(
        label="Roles",
        choices=Role.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Choose at least one role."},
    )
    title = forms.CharField(
        label="Job title (optional)",
        max_length=150,
        required=False,
        validators=[validate_one_line],
        help_text="How the policy names their job, e.g. “Computing lead”.",
    )


class RoleAddForm(forms.Form):
    # Not "role": the form fuzzer smuggles a "role" into every form (tests/helpers/fuzzing.py).
    add_role = forms.ChoiceField(label="Role to add", error_messages={"required": "Choose a role."})
    title = forms.CharField(
        label="Job title (optional)", max_length=150, required=False, validators=[validate_one_line]
    )

    def __init__(self, *args: Any, held: frozenset[Role], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        offered = [(role.value, role.label) for role in Role if role not in held]
        self.fields["add_role"].choices = [("", "Choose a role"), *offered]  # type: ignore[attr-defined]


class RoleEndForm(forms.Form):
    end_role = forms.ChoiceField(label="Role to end", choices=Role.choices)


class DeactivateForm(forms.Form):
    confirm = forms.BooleanField(
        label="Yes, end all their roles here and sign them out everywhere",
        error_messages={"required": "Tick the box to confirm."},
    )


class PeopleFilterForm(forms.Form):
    q = forms.CharField(label="Name or email contains", max_length=100, required=False)
    role = forms.ChoiceField(
        label="Role", choices=[(ANY_ROLE, "Any role"), *Role.choices], required=False
    )


class AcceptForm(SetPasswordForm):  # type: ignore[type-arg]
    """A new account's name and password, with Django's password validators (as on
    the password-reset page)."""

    full_name = forms.CharField(
        label="Your full name", max_length=150, validators=[validate_one_line]
    )
    field_order = ["full_name", "new_password1", "new_password2"]
