"""The term the figures and the pack are about, chosen from a list (a GET form)."""

from __future__ import annotations

from django import forms

from governance.figures.figures import figures_term
from schools.calendar import Term, recent_terms
from schools.models import School

RECENT_TERMS = 6
UNKNOWN_TERM = "There are no figures for that term: choose one of the terms listed."


class TermForm(forms.Form):
    """Which term to show: one of the recent ones, or an earlier one a link named."""

    term = forms.ChoiceField(
        label="Term", error_messages={"invalid_choice": UNKNOWN_TERM, "required": UNKNOWN_TERM}
    )

    def __init__(self, data: dict[str, str], *, school: School) -> None:
        super().__init__(data)
        self.school = school
        terms = recent_terms(school, RECENT_TERMS)
        named = figures_term(school, str(data.get("term", "")))
        if named is not None and named not in terms:
            terms.append(named)
        field = self.fields["term"]
        assert isinstance(field, forms.ChoiceField)
        field.choices = [(term.key, term.label) for term in terms]

    def chosen(self) -> Term | None:
        return figures_term(self.school, self.cleaned_data["term"]) if self.is_valid() else None
