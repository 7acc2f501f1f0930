"""``as_filter_field`` draws a filter field exactly as crispy-bootstrap5 does."""

from __future__ import annotations

import datetime
import re

import pytest
from crispy_forms.templatetags.crispy_forms_filters import as_crispy_field
from django import forms

from schools.templatetags.filter_fields import as_filter_field
from tests.helpers.html import parse


class Filters(forms.Form):
    q = forms.CharField(label="Reference", max_length=5, required=False)
    show = forms.ChoiceField(label="Show", choices=[("open", "Open"), ("all", "All")])
    since = forms.DateField(
        label="From",
        required=False,
        help_text="The first day, e.g. 1 <b>September</b>.",
        widget=forms.DateInput(attrs={"type": "date", "class": "narrow"}),
    )
    count = forms.IntegerField(label="At least", required=False, min_value=1)
    people = forms.MultipleChoiceField(
        label="People", choices=[("1", "Ann"), ("2", "Bob")], required=False
    )
    urgent = forms.BooleanField(label="Urgent only", required=False)  # drawn by crispy-forms
    token = forms.CharField(required=False, widget=forms.HiddenInput)  # drawn by crispy-forms


DATA = [
    None,
    {"q": "ab", "show": "all", "since": "2026-09-01", "count": "2", "people": ["1"]},
    {"q": "far too long", "show": "nope", "since": "soon", "count": "0", "people": ["9"]},
    {"show": "open", "urgent": "on"},
]


def _same_markup(html: str) -> str:
    """Whitespace between and at the edges of elements means nothing in these fields."""
    return re.sub(r"\s*(<[^>]+>)\s*", r"\1", re.sub(r"\s+", " ", html)).strip()


@pytest.mark.parametrize("data", DATA)
@pytest.mark.parametrize("name", list(Filters.base_fields))
def test_each_field_is_drawn_as_crispy_forms_draws_it(data, name):
    ours, crispys = Filters(data=data), Filters(data=data)
    if data is not None:
        ours.is_valid()
        crispys.is_valid()

    assert _same_markup(as_filter_field(ours[name])) == _same_markup(as_crispy_field(crispys[name]))


def test_drawing_a_field_twice_adds_its_classes_once():
    form = Filters(data={"q": "far too long", "show": "all"})
    form.is_valid()
    as_filter_field(form["q"])
    (box,) = parse(as_filter_field(form["q"])).find_all("input")

    assert box.attrs["class"] == "textinput form-control is-invalid"


def test_a_wrong_value_is_announced_beside_its_field():
    form = Filters(data={"q": "far too long", "show": "all", "since": "soon"})
    form.is_valid()
    field = parse(as_filter_field(form["since"]))
    (box,) = field.find_all("input")
    (error,) = field.find_all(id="id_since_error")

    assert box.attrs["aria-invalid"] == "true"
    assert box.attrs["aria-describedby"].split() == ["id_since_helptext", "id_since_error"]
    assert "Enter a valid date." in error.all_text()
    assert box.attrs["value"] == "soon"


def test_a_label_names_its_field_and_help_text_keeps_its_markup():
    field = parse(as_filter_field(Filters(initial={"since": datetime.date(2026, 9, 1)})["since"]))
    (label,) = field.find_all("label")
    (help_text,) = field.find_all(id="id_since_helptext")

    assert label.attrs["for"] == "id_since"
    assert label.all_text().strip() == "From"
    assert [b.all_text() for b in help_text.find_all("b")] == ["September"]
