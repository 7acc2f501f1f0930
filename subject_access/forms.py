"""Forms of the subject access pages: they validate, and the services save."""

from __future__ import annotations

import datetime
import uuid
from dataclasses import dataclass
from typing import Any

from django import forms

from accounts.models import User
from agreements.models import Child
from schools.calendar import school_today
from schools.models import School
from schools.validators import validate_one_line, validate_text
from subject_access.models import Relationship, SubjectKind
from subject_access.search import MIN_LENGTH
from subject_access.services import EARLIEST_DATE, parent_agreements, staff_of

UNKNOWN = "Choose the person from the search: the portal does not know them."


@dataclass(frozen=True)
class Subject:
    """The person a request is about, as the search found them."""

    kind: SubjectKind
    name: str
    email: str = ""
    child: Child | None = None
    staff: User | None = None
    detail: str = ""  # what tells them apart: a class, a child signed for, roles

    def service_kwargs(self) -> dict[str, Any]:
        return {
            "subject_kind": self.kind,
            "child": self.child,
            "staff": self.staff,
            "parent_name": self.name if self.kind == SubjectKind.PARENT else "",
            "parent_email": self.email if self.kind == SubjectKind.PARENT else "",
        }


def subject_token(kind: str, key: str, email: str = "") -> str:
    """How the search names a person to the new-request page."""
    return f"{kind}:{key}|{email}" if kind == SubjectKind.PARENT else f"{kind}:{key}"


def _uuid(text: str) -> uuid.UUID | None:
    try:
        return uuid.UUID(text)
    except ValueError:
        return None


def resolve_subject(school: School, token: str) -> Subject | None:
    """The person ``token`` names in ``school``; None when the portal does not know them."""
    kind, _, rest = token.partition(":")
    if kind == SubjectKind.PUPIL and (public_id := _uuid(rest)):
        child = (
            Child.objects.for_school(school)
            .select_related("school_class")
            .filter(public_id=public_id)
            .first()
        )
        if child is not None:
            return Subject(
                SubjectKind.PUPIL, child.full_name, child=child, detail=child.school_class.name
            )
    elif kind == SubjectKind.STAFF and (public_id := _uuid(rest)):
        user = staff_of(school, public_id)
        if user is not None:
            return Subject(SubjectKind.STAFF, user.full_name or user.email, user.email, staff=user)
    elif kind == SubjectKind.PARENT and "|" in rest:
        name, email = rest.rsplit("|", 1)
        agreements = parent_agreements(school, name, email) if name.strip() else []
        if agreements:
            children = sorted({f"{a.child_name} ({a.school_class.name})" for a in agreements})
            detail = "Signed for " + ", ".join(children)
            return Subject(SubjectKind.PARENT, name.strip(), email.strip(), detail=detail)
    return None


class SearchForm(forms.Form):
    q = forms.CharField(
        label="Name or email",
        min_length=MIN_LENGTH,
        max_length=100,
        validators=[validate_one_line],
        help_text="A pupil's, parent's or carer's, or member of staff's name (or part of it), "
        "an email address, or a pupil reference.",
        error_messages={
            "required": "Enter a name or an email address to search for.",
            "min_length": f"Enter at least {MIN_LENGTH} characters.",
        },
    )


class RequestForm(forms.Form):
    subject = forms.CharField(widget=forms.HiddenInput, error_messages={"required": UNKNOWN})
    requester_name = forms.CharField(
        label="Asked by",
        max_length=200,
        validators=[validate_one_line],
        help_text="The name of the person who made the request.",
        error_messages={"required": "Enter the name of the person who made the request."},
    )
    requester_relationship = forms.ChoiceField(
        label="Who asked",
        choices=Relationship.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose who made the request.",
            "invalid_choice": "Choose who made the request from the list.",
        },
    )
    received_on = forms.DateField(
        label="Received on",
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text="The day the school received the request: the answer is due one calendar "
        "month later.",
        error_messages={
            "required": "Enter the day the request was received.",
            "invalid": "Enter the day the request was received as a date, e.g. 3 March 2026.",
        },
    )
    notes = forms.CharField(
        label="Notes (optional)",
        required=False,
        max_length=4000,
        validators=[validate_text],
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="E.g. how the request arrived, how the requester's identity was checked.",
    )

    def __init__(self, *args: Any, school: School, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.school = school
        self.fields["received_on"].widget.attrs["max"] = school_today(school).isoformat()

    def clean_subject(self) -> Subject:
        subject = resolve_subject(self.school, self.cleaned_data["subject"])
        if subject is None:
            raise forms.ValidationError(UNKNOWN)
        return subject

    def clean_received_on(self) -> datetime.date:
        day: datetime.date = self.cleaned_data["received_on"]
        if day > school_today(self.school):
            raise forms.ValidationError(
                "Enter the day the request was received: it cannot be in the future."
            )
        if day < EARLIEST_DATE:
            raise forms.ValidationError(
                "Enter the day the request was received, from the year 2000 on."
            )
        return day

    def clean_requester_name(self) -> str:
        name = str(self.cleaned_data["requester_name"]).strip()
        if not name:
            raise forms.ValidationError("Enter the name of the person who made the request.")
        return name


class CloseForm(forms.Form):
    note = forms.CharField(
        label="Note",
        max_length=2000,
        validators=[validate_text],
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    closed_on = forms.DateField(
        label="On",
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={
            "required": "Enter the day.",
            "invalid": "Enter the day as a date, e.g. 3 March 2026.",
        },
    )

    def __init__(self, *args: Any, school: School, completing: bool, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {"closed_on": school_today(school)})
        super().__init__(*args, **kwargs)
        note, closed_on = self.fields["note"], self.fields["closed_on"]
        if completing:
            note.label = "How the answer was sent"
            note.help_text = "E.g. “ZIP sent by secure email to the parent on 3 March.”"
            note.error_messages["required"] = "Say how the answer was sent."
            closed_on.label = "Answer sent on"
        else:
            note.label = "Why it was withdrawn"
            note.help_text = "E.g. “The parent withdrew the request in writing.”"
            note.error_messages["required"] = "Say why the request was withdrawn."
            closed_on.label = "Withdrawn on"
        closed_on.widget.attrs["max"] = school_today(school).isoformat()
