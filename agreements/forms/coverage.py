"""Coverage's forms: the target, the signed list's filters and a signature's match."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django import forms

from agreements.coverage import Candidate
from agreements.models import Child, Match, Method
from schools.models import School, SchoolClass
from schools.validators import validate_one_line

NOT_ON_ROSTER = "not-on-roster"


class CoverageTargetForm(forms.Form):
    target = forms.IntegerField(
        label="Coverage target (per cent)",
        min_value=1,
        max_value=100,
        help_text="The share of children whose families should have signed, from 1 to 100.",
        error_messages={
            "required": "Enter the target, a whole number from 1 to 100.",
            "invalid": "Enter the target as a whole number from 1 to 100.",
            "min_value": "Enter a target of at least 1 per cent.",
            "max_value": "Enter a target of at most 100 per cent.",
        },
    )


def _child_label(child: Child) -> str:
    return f"{child.last_name}, {child.first_name} ({child.school_class.name})"


class MatchForm(forms.Form):
    """Which child on roll the signature is for, or “not on the roster”."""

    child = forms.ChoiceField(
        label="The child this agreement is for",
        error_messages={
            "required": "Choose the child, or say the child is not on the roster.",
            "invalid_choice": "Choose a child on the school's roster from the list.",
        },
    )

    def __init__(
        self,
        *args: Any,
        children: Iterable[Child],
        candidates: Iterable[Candidate] = (),
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        likely = [
            (str(c.child.public_id), f"{_child_label(c.child)}: {c.why.lower()}")
            for c in candidates
        ]
        self.children = {str(child.public_id): child for child in children}
        everyone = [(key, _child_label(child)) for key, child in self.children.items()]
        choices: list[Any] = [("", "Choose…")]
        if likely:
            choices.append(("Likely", likely))
        choices.append(("Every child on roll", everyone))
        choices.append(("Not on the roster", [(NOT_ON_ROSTER, "The child is not on the roster")]))
        field = self.fields["child"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = choices

    def chosen(self) -> Child | None:
        """The child chosen; None for "not on the roster"."""
        return self.children.get(self.cleaned_data["child"])


@dataclass(frozen=True)
class SignedFilter:
    year: int
    school_class: SchoolClass | None = None
    method: str = ""
    match: str = ""
    q: str = ""


class SignedFilterForm(forms.Form):
    """A GET form: a wrong value is shown, and ignored."""

    year = forms.TypedChoiceField(label="Academic year", coerce=int, required=False)
    school_class = forms.ModelChoiceField(
        label="Class",
        required=False,
        queryset=SchoolClass.objects.none(),
        to_field_name="public_id",
        empty_label="Every class",
    )
    method = forms.ChoiceField(
        label="How", required=False, choices=[("", "Any way"), *Method.choices]
    )
    match = forms.ChoiceField(
        label="Roster match", required=False, choices=[("", "Any"), *Match.choices]
    )
    q = forms.CharField(
        label="Search",
        required=False,
        max_length=120,
        validators=[validate_one_line],
        help_text="Part of the child's or the parent's name.",
    )

    def __init__(self, *args: Any, school: School, years: list[tuple[int, str]], **kwargs: Any):
        super().__init__(*args, **kwargs)
        year = self.fields["year"]
        assert isinstance(year, forms.TypedChoiceField)
        year.choices = [(str(value), label) for value, label in years]
        self.default_year = years[0][0]
        field = self.fields["school_class"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = SchoolClass.objects.for_school(school).order_by("year_group", "name")

    def filters(self) -> SignedFilter:
        self.is_valid()
        data = self.cleaned_data
        return SignedFilter(
            year=data.get("year") or self.default_year,
            school_class=data.get("school_class"),
            method=data.get("method") or "",
            match=data.get("match") or "",
            q=(data.get("q") or "").strip(),
        )
