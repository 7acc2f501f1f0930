"""``form_fields`` draws every kind of field, and whole forms, exactly as crispy-bootstrap5 does."""

from __future__ import annotations

import datetime
import re

import pytest
from crispy_forms.helper import FormHelper
from crispy_forms.templatetags.crispy_forms_filters import as_crispy_field, as_crispy_form
from django import forms
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template import Context, Template

from schools.forms import TelInput
from schools.templatetags.form_fields import as_crispy_field as ours_field
from schools.templatetags.form_fields import crispy as ours_form
from schools.templatetags.form_fields import widget_html
from tests.helpers.html import parse

SOME = [("1", "Ann"), ("2", "Bob <b>"), ("3", "Cath")]
GROUPED = [("Year 1", [("a", "1A"), ("b", "1B")]), ("Year 2", [("c", "2C")])]


class Every(forms.Form):
    q = forms.CharField(label="Reference", max_length=5, required=False)
    note = forms.CharField(label="Note", widget=forms.Textarea(attrs={"rows": 3}), max_length=8)
    show = forms.ChoiceField(label="Show", choices=[("open", "Open"), ("all", "All")])
    since = forms.DateField(
        label="From",
        required=False,
        help_text="The first day, e.g. 1 <b>September</b>.",
        widget=forms.DateInput(attrs={"type": "date", "class": "narrow"}),
    )
    at = forms.TimeField(label="At", required=False, widget=forms.TimeInput(attrs={"type": "time"}))
    count = forms.IntegerField(label="At least", required=False, min_value=1)
    email = forms.EmailField(label="Email", required=False, help_text="Work address")
    site = forms.URLField(label="Site", required=False, assume_scheme="https")
    phone = forms.CharField(label="Phone", required=False, widget=TelInput)
    secret = forms.CharField(label="Password", required=False, widget=forms.PasswordInput)
    people = forms.MultipleChoiceField(label="People", choices=SOME, required=False)
    severity = forms.ChoiceField(label="Severity", choices=SOME, widget=forms.RadioSelect)
    classes = forms.MultipleChoiceField(
        label="Classes",
        choices=GROUPED,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text="Any number",
    )
    urgent = forms.BooleanField(label="Urgent only", required=False)
    agreed = forms.BooleanField(label="I agree", help_text="Read it first")
    unlabelled = forms.CharField(label="", required=False)
    token = forms.CharField(required=False, widget=forms.HiddenInput)
    upload = forms.FileField(label="Evidence", required=False)  # drawn by crispy-forms

    def clean(self):
        if self.data.get("q") == "both":
            raise forms.ValidationError(["Not both <at once>.", "Pick one."])
        return super().clean()


DATA = [
    None,
    {"q": "ab", "note": "fine", "show": "all", "since": "2026-09-01", "at": "09:00",
     "count": "2", "email": "a@example.test", "people": ["1"], "severity": "2",
     "classes": ["a", "c"], "urgent": "on", "agreed": "on", "token": "x"},
    {"q": "far too long", "note": "far too long", "show": "nope", "since": "soon", "at": "25:00",
     "count": "0", "email": "no", "site": "::", "people": ["9"], "severity": "9",
     "classes": ["z"]},
    {"q": "both", "show": "open", "urgent": "on", "severity": "1"},
]  # fmt: skip


def _same_markup(html: str) -> str:
    """Whitespace between and at the edges of elements, and before a tag's end, means nothing."""
    html = re.sub(r"\s+", " ", html)
    html = re.sub(r"\s*(<[^>]+>)\s*", r"\1", html)
    return re.sub(r"\s+>", ">", html).strip()


def _pair(data):
    forms_ = Every(data=data), Every(data=data)
    if data is not None:
        for form in forms_:
            form.is_valid()
    return forms_


@pytest.mark.parametrize("data", DATA)
@pytest.mark.parametrize("name", list(Every.base_fields))
def test_each_field_is_drawn_as_crispy_forms_draws_it(data, name):
    ours, crispys = _pair(data)

    assert _same_markup(ours_field(ours[name])) == _same_markup(as_crispy_field(crispys[name]))


@pytest.mark.parametrize("data", DATA)
@pytest.mark.parametrize("name", list(Every.base_fields))
def test_each_widget_is_drawn_as_django_draws_it(data, name):
    ours, djangos = _pair(data)

    # Django's escaping writes an apostrophe as &#x27;, Jinja2's as &#39;.
    assert widget_html(ours[name]) == str(djangos[name]).replace("&#39;", "&#x27;")


def test_a_select_keeps_its_groups_its_choice_and_escapes_its_labels():
    class Grouped(forms.Form):
        pick = forms.ChoiceField(choices=[("", "---"), *GROUPED, ("o'k", "Tom's <i>")])

    form = Grouped(data={"pick": "o'k"})
    form.is_valid()
    drawn = widget_html(form["pick"])
    (select,) = parse(drawn).find_all("select")
    (chosen,) = [option for option in select.find_all("option") if "selected" in option.attrs]

    assert [group.attrs["label"] for group in select.find_all("optgroup")] == ["Year 1", "Year 2"]
    assert chosen.attrs["value"] == "o'k"
    assert chosen.all_text() == "Tom's <i>"
    assert drawn == str(Grouped(data={"pick": "o'k"})["pick"]).replace("&#39;", "&#x27;")


@pytest.mark.parametrize("data", DATA)
def test_a_whole_form_is_drawn_as_crispy_forms_draws_it(data):
    ours, crispys = _pair(data)

    assert _same_markup(ours_form(ours)) == _same_markup(as_crispy_form(crispys))


def test_a_form_with_a_crispy_helper_is_left_to_crispy_forms():
    ours, crispys = Every(), Every()
    ours.helper = crispys.helper = FormHelper()
    ours.helper.form_show_labels = crispys.helper.form_show_labels = False

    assert _same_markup(ours_field(ours["q"])) == _same_markup(as_crispy_field(crispys["q"]))
    assert "<label" not in ours_field(ours["q"])


def test_templates_load_it_in_place_of_crispy_forms():
    page = Template("{% load form_fields %}{{ form.q|as_crispy_field }}{{ form|crispy }}")
    drawn = page.render(Context({"form": Every(data={"q": "far too long"})}))

    assert drawn.count('id="div_id_q"') == 2
    assert "Ensure this value has at most 5 characters" in drawn


def test_drawing_a_field_twice_adds_its_classes_once():
    form = Every(data={"q": "far too long", "show": "all"})
    form.is_valid()
    ours_field(form["q"])
    (box,) = parse(ours_field(form["q"])).find_all("input")

    assert box.attrs["class"] == "textinput form-control is-invalid"


def test_a_wrong_value_is_announced_beside_its_field():
    form = Every(data={"q": "far too long", "show": "all", "since": "soon"})
    form.is_valid()
    field = parse(ours_field(form["since"]))
    (box,) = field.find_all("input")
    (error,) = field.find_all(id="id_since_error")

    assert box.attrs["aria-invalid"] == "true"
    assert box.attrs["aria-describedby"].split() == ["id_since_helptext", "id_since_error"]
    assert "Enter a valid date." in error.all_text()
    assert box.attrs["value"] == "soon"


def test_a_label_names_its_field_and_help_text_keeps_its_markup():
    field = parse(ours_field(Every(initial={"since": datetime.date(2026, 9, 1)})["since"]))
    (label,) = field.find_all("label")
    (help_text,) = field.find_all(id="id_since_helptext")

    assert label.attrs["for"] == "id_since"
    assert label.all_text().strip() == "From"
    assert [b.all_text() for b in help_text.find_all("b")] == ["September"]


def test_radio_buttons_are_a_fieldset_named_by_its_legend_with_the_error_after_the_last():
    form = Every(data={"severity": "9"})
    form.is_valid()
    drawn = parse(ours_field(form["severity"]))
    (fieldset,) = drawn.find_all("fieldset")
    (legend,) = fieldset.find_all("legend")
    radios = fieldset.find_all("input")
    (error,) = fieldset.find_all(id="id_severity_error")

    assert legend.all_text().strip() == "Severity*"
    assert fieldset.attrs["aria-describedby"] == "id_severity_error"
    assert [radio.attrs["value"] for radio in radios] == ["1", "2", "3"]
    assert all(radio.attrs["class"] == "form-check-input is-invalid" for radio in radios)
    assert error.parent is not None
    assert error.parent.find_all("input")[0] is radios[-1]
    # An option's label is text, never markup.
    assert "Bob <b>" in drawn.all_text()


def test_a_checked_box_and_a_chosen_option_stay_chosen_when_the_form_comes_back():
    form = Every(data={"urgent": "on", "classes": ["c"]})
    form.is_valid()
    (urgent,) = parse(ours_field(form["urgent"])).find_all("input")
    boxes = parse(ours_field(form["classes"])).find_all("input")

    assert "checked" in urgent.attrs
    assert [box.attrs["value"] for box in boxes if "checked" in box.attrs] == ["c"]


def test_a_file_field_is_left_to_crispy_forms():
    upload = SimpleUploadedFile("a.txt", b"x")
    ours = Every(data={}, files={"upload": upload})
    crispys = Every(data={}, files={"upload": upload})
    drawn = ours_field(ours["upload"])

    assert _same_markup(drawn) == _same_markup(as_crispy_field(crispys["upload"]))
    assert 'type="file"' in drawn
