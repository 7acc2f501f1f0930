"""Coverage: per class, one class, the CSV, the live table, the signed list and one agreement."""

from __future__ import annotations

import csv
import io

import pytest
from django.urls import reverse

from agreements.coverage import Status, child_statuses, children_on_roll, round_of, school_coverage
from agreements.models import AgreementSettings, Method
from agreements.services.texts import agreement_version_create
from tests.agreements.factories import child_in, class_in, signed_in, version_in
from tests.helpers.querycount import assert_queries_constant

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("head", "teacher")]


def url(school, name: str, **kwargs) -> str:
    return reverse(f"agreements:{name}", kwargs={"school_slug": school.slug, **kwargs})


@pytest.fixture
def oak(school):
    return class_in(school)


@pytest.fixture
def ash(school):
    return class_in(school, "Ash (Year 4)", 4)


@pytest.fixture
def evening(school, head, oak, ash):
    """Oak: Amira signed, Zoë signed before a material change, Oisín not yet, Left off roll
    (signed); Ash: Maja signed."""
    v1 = version_in(school)
    for first, last, school_class in (
        ("Amira", "Khan", oak),
        ("Zoë", "Nowak", oak),
        ("Oisín", "Ó Briain", oak),
        ("Maja", "Okafor", ash),
    ):
        child_in(school, first, last, school_class)
    child_in(school, "Left", "Already", oak, on_roll=False)
    signed_in(school, child_name="Zoe Nowak", school_class=oak, version=v1)  # accents aside
    signed_in(school, child_name="Left Already", school_class=oak, version=v1)
    v2 = agreement_version_create(
        school=school, by=head, academic_year=v1.academic_year, body="New words.", material=True
    )
    signed_in(
        school,
        child_name="Amira Khan",
        school_class=oak,
        version=v2,
        signature_kind="typed",
        signature="Farah Khan",
    )
    signed_in(school, child_name="Maja Okafor", school_class=ash, version=v2, method=Method.PAPER)
    # A later change that is not material: signatures on version 2 still count.
    agreement_version_create(
        school=school, by=head, academic_year=v1.academic_year, body="New word.", material=False
    )
    return v2


def test_counts_signed_to_sign_again_and_not_yet_per_class(school, oak, ash, evening):
    coverage = school_coverage(school)

    by_class = {row.school_class.name: row.counts for row in coverage.classes}
    oak_counts, ash_counts = by_class["Oak (Year 3)"], by_class["Ash (Year 4)"]
    assert (oak_counts.on_roll, oak_counts.signed, oak_counts.again, oak_counts.not_yet) == (
        3,
        1,
        1,
        1,
    )
    assert (ash_counts.on_roll, ash_counts.signed, ash_counts.not_yet) == (1, 1, 0)
    assert (coverage.total.on_roll, coverage.total.signed, coverage.total.percent) == (4, 2, 50)
    assert coverage.round.current.number == 3
    assert coverage.round.needed == evening
    assert not coverage.meets_target


def test_the_page_shows_the_classes_and_the_target(school, teacher, evening, client_for):
    page = client_for(teacher).get(url(school, "coverage")).content.decode()

    assert "Families sign version 3 of this year" in page
    assert "Below the school's target of 90%" in page
    assert '<td class="text-end">50%</td>' in page
    assert "coverage-live.js" in page
    assert 'aria-live="polite"' in page
    assert "Save the target" not in page  # the headteacher sets it


def test_a_child_is_covered_only_while_on_roll_and_matched(school, oak, evening):
    statuses = child_statuses(school, round_of(school), children_on_roll(school, oak))

    assert [(s.child.first_name, s.status) for s in statuses] == [
        ("Amira", Status.SIGNED),
        ("Zoë", Status.AGAIN),
        ("Oisín", Status.NOT_YET),
    ]


def test_the_class_page_says_who_signed_when_and_how(school, teacher, oak, evening, client_for):
    page = client_for(teacher).get(url(school, "class-coverage", class_id=oak.public_id))

    text = page.content.decode()
    assert "1 signed, 1 to sign again, 1 not yet" in text
    assert "Farah Khan" in text
    assert "At a kiosk" in text
    assert "Already" not in text


def test_the_csv_has_a_row_per_child_on_roll(school, teacher, evening, client_for):
    response = client_for(teacher).get(url(school, "coverage-csv"))

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0] == ["Class", "Child", "Status", "Signed at", "How", "Version signed"]
    assert [row[:3] + row[4:] for row in rows[1:]] == [
        ["Oak (Year 3)", "Amira Khan", "Signed", "At a kiosk", "2"],
        ["Oak (Year 3)", "Zoë Nowak", "To sign again", "At a kiosk", "1"],
        ["Oak (Year 3)", "Oisín Ó Briain", "Not yet", "", ""],
        ["Ash (Year 4)", "Maja Okafor", "Signed", "On paper (scanned copy)", "2"],
    ]


def test_the_csv_guards_against_spreadsheet_formulas(school, teacher, oak, client_for):
    version_in(school)
    child_in(school, "=HYPERLINK(1)", "Khan", oak)

    response = client_for(teacher).get(url(school, "coverage-csv"))

    assert "'=HYPERLINK(1) Khan" in response.content.decode("utf-8-sig")


def test_the_live_table_is_the_table_alone(school, teacher, evening, client_for):
    response = client_for(teacher).get(url(school, "coverage-live"))

    text = response.content.decode()
    assert 'id="coverage-table"' in text
    assert 'data-summary="2 of 4 children signed (50%), 1 not yet, 1 to sign again."' in text
    assert "<html" not in text
    assert response["Cache-Control"] == "private, no-store"


def test_the_live_table_follows_new_signatures(school, teacher, oak, evening, client_for):
    client = client_for(teacher)
    signed_in(school, child_name="Oisín Ó Briain", school_class=oak, version=evening)

    text = client.get(url(school, "coverage-live")).content.decode()

    assert "3 of 4 children signed (75%)" in text


def test_the_headteacher_sets_the_target(school, head, evening, client_for):
    client = client_for(head)
    assert "Save the target" in client.get(url(school, "coverage")).content.decode()

    response = client.post(url(school, "coverage-target"), {"target": "50"})

    assert response.status_code == 302
    assert AgreementSettings.objects.for_school(school).get().coverage_target == 50
    assert AgreementSettings.objects.for_school(school).get().history.first().history_user == head
    assert "target of 50% is reached" in client.get(url(school, "coverage")).content.decode()


@pytest.mark.parametrize("value", ["0", "101", "ninety", ""])
def test_a_target_outside_1_to_100_is_refused(school, head, client_for, value):
    response = client_for(head).post(url(school, "coverage-target"), {"target": value})

    assert response.status_code == 200
    assert "There is a problem: nothing was saved" in response.content.decode()
    assert not AgreementSettings.objects.for_school(school).exists()


def test_the_signed_list_filters_and_searches(school, teacher, oak, evening, client_for):
    client = client_for(teacher)

    everything = client.get(url(school, "signed-list")).content.decode()
    paper = client.get(url(school, "signed-list"), {"method": "paper"}).content.decode()
    searched = client.get(url(school, "signed-list"), {"q": "zoe"}).content.decode()
    in_oak = client.get(
        url(school, "signed-list"), {"school_class": oak.public_id}
    ).content.decode()
    nonsense = client.get(url(school, "signed-list"), {"year": "1900", "match": "x"})

    assert "4 agreements." in everything
    assert "1 agreement matches the filters" in paper
    assert "Maja Okafor" in paper
    assert "Zoe Nowak" in searched
    assert "Maja Okafor" not in searched
    assert "3 agreements match the filters" in in_oak
    assert nonsense.status_code == 200


def test_an_agreement_shows_the_text_signed_and_the_signature(school, teacher, oak, client_for):
    version_in(school)
    agreement = signed_in(
        school,
        second_carer_name="Jo Khan",
        second_signature_kind="typed",
        second_signature="Jo Khan",
    )

    page = client_for(teacher).get(url(school, "agreement", agreement_id=agreement.public_id))

    text = page.content.decode()
    assert "Be respectful towards members of staff" in text
    assert 'aria-label="Signature of Farah Khan"' in text
    assert "Jo Khan" in text
    assert "Version 1, in English" in text
    assert "The PDF copy is being prepared" in text or "as a PDF" in text


def _grow(school, oak, ash, version):
    counter = {"n": 0}

    def add(n: int) -> None:
        for _ in range(n):
            counter["n"] += 1
            i = counter["n"]
            school_class = class_in(school, f"Class {i % 7}", i % 7) if i % 3 else oak
            child = child_in(school, f"Child{i}", "Test", school_class)
            if i % 2:
                signed_in(
                    school, child_name=child.full_name, school_class=school_class, version=version
                )

    return add


def test_coverage_pages_cost_the_same_queries_at_two_sizes(school, teacher, oak, ash, client_for):
    version = version_in(school)
    client = client_for(teacher)
    add = _grow(school, oak, ash, version)

    assert_queries_constant(lambda: client.get(url(school, "coverage")), add)
    assert_queries_constant(lambda: client.get(url(school, "coverage-live")), add)
    assert_queries_constant(
        lambda: client.get(url(school, "class-coverage", class_id=oak.public_id)), add
    )
    assert_queries_constant(lambda: client.get(url(school, "signed-list")), add)
    assert_queries_constant(lambda: client.get(url(school, "coverage-csv")), add)


def test_coverage_before_the_years_text_exists(school, teacher, oak, client_for):
    child_in(school, "Amira", "Khan", oak)

    page = client_for(teacher).get(url(school, "coverage")).content.decode()

    assert "has not been set up yet" in page
    assert "0 of 1 children signed" in page
