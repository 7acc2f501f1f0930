"""The fuzzer passes a right school form and fails each broken one (``scratch_forms.py``)."""

from __future__ import annotations

import re

import pytest

from tests.fuzz.scratch_forms import BROKEN_FORMS, GOOD_FORM, HEAD_ONLY
from tests.helpers.demo import DemoSchools, member_with
from tests.helpers.fuzzing import FoundForm, crawl, fuzz
from tests.helpers.matrix import SchoolPage, school_url

pytestmark = pytest.mark.urls("tests.fuzz.scratch_forms")


def own_form(schools: DemoSchools, page: SchoolPage) -> FoundForm:
    actor = member_with("chestnuts", page.allows("GET", "chestnuts") or frozenset())
    assert actor is not None
    found = [f for f in crawl(actor, school_url(page, schools["chestnuts"])) if f.posts_to_its_page]
    assert len(found) == 1
    return found[0]


def test_a_right_school_form_passes(demo_schools: DemoSchools) -> None:
    found = own_form(demo_schools, GOOD_FORM)
    fields = {f.name: f.kind for f in found.form.fields}
    assert fields["like"] == "select"
    assert fields["confirmed"] == "checkbox"
    assert fuzz(found, [demo_schools["norris-bank"]]) > 100


@pytest.mark.parametrize(("name", "symptom"), BROKEN_FORMS.items())
def test_a_broken_school_form_fails(demo_schools: DemoSchools, name: str, symptom: str) -> None:
    found = own_form(demo_schools, SchoolPage(name, get=HEAD_ONLY, post=HEAD_ONLY))
    with pytest.raises(AssertionError, match=re.escape(symptom)):
        fuzz(found, [demo_schools["norris-bank"]])
