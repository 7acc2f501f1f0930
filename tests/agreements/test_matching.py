"""Matching signatures to children: the review list, a choice, and its limits."""

from __future__ import annotations

import pytest
from django.urls import reverse

from agreements.coverage import candidates_for
from agreements.models import Agreement, Child, Match
from agreements.services.roster import agreements_rematch
from tests.agreements.factories import child_in, class_in, signed_in, version_in
from tests.helpers.querycount import assert_queries_constant

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("head", "teacher")]


def url(school, name: str, **kwargs) -> str:
    return reverse(f"agreements:{name}", kwargs={"school_slug": school.slug, **kwargs})


@pytest.fixture
def oak(school):
    return class_in(school)


@pytest.fixture
def zachary(school, oak):
    return child_in(school, "Zachary", "Kowalski", oak)


@pytest.fixture
def zac(school, oak, zachary):
    """A signature with a short name the roster does not match exactly."""
    version_in(school)
    agreement = signed_in(school, child_name="Zac Kowalski", school_class=oak)
    assert agreement.match == Match.UNMATCHED
    return agreement


def fresh(agreement: Agreement) -> Agreement:
    return Agreement.objects.for_school(agreement.school).get(pk=agreement.pk)


def test_an_exact_name_is_matched_when_signed(school, oak):
    version_in(school)
    amira = child_in(school, "Amira", "Khan", oak)

    agreement = signed_in(school, child_name="amira  KHAN", school_class=oak)

    assert (agreement.match, agreement.child) == (Match.MATCHED, amira)


def test_the_review_lists_likely_children(school, teacher, oak, zachary, zac, client_for):
    child_in(school, "Zoë", "Nowak", oak)  # nothing like it

    page = client_for(teacher).get(url(school, "matching")).content.decode()

    assert "“Zac Kowalski”, Oak (Year 3)" in page
    assert "It is Zachary Kowalski (Oak (Year 3))" in page
    assert "Zoë Nowak" not in page
    assert [c.child for c in candidates_for(zac, Child.objects.for_school(school))] == [zachary]


def test_choosing_the_child_matches_and_records_who(school, teacher, zachary, zac, client_for):
    response = client_for(teacher).post(
        url(school, "agreement-match", agreement_id=zac.public_id), {"child": zachary.public_id}
    )

    assert response.status_code == 302
    agreement = fresh(zac)
    assert (agreement.match, agreement.child, agreement.matched_by) == (
        Match.MATCHED,
        zachary,
        teacher,
    )
    assert agreement.history.first().history_user == teacher


def test_not_on_the_roster_is_recorded(school, teacher, zac, client_for):
    client_for(teacher).post(
        url(school, "agreement-match", agreement_id=zac.public_id), {"child": "not-on-roster"}
    )

    agreement = fresh(zac)
    assert (agreement.match, agreement.child, agreement.matched_by) == (
        Match.NOT_ON_ROSTER,
        None,
        teacher,
    )
    assert "Zac Kowalski" not in client_for(teacher).get(url(school, "matching")).content.decode()


def test_another_schools_child_is_refused(school, other_school, teacher, zac, client_for):
    other_class = class_in(other_school, "Rowan (Year 5)", 5)
    other = Child(
        school=other_school, first_name="Zac", last_name="Kowalski", school_class=other_class
    )
    other._history_user = None  # type: ignore[attr-defined]
    other.save()

    response = client_for(teacher).post(
        url(school, "agreement-match", agreement_id=zac.public_id), {"child": other.public_id}
    )

    assert response.status_code == 200
    assert "Choose a child on the school&#x27;s roster from the list." in response.content.decode()
    assert fresh(zac).match == Match.UNMATCHED


def test_a_child_off_roll_is_refused(school, teacher, oak, zac, client_for):
    gone = child_in(school, "Zac", "Kowalski-Gone", oak, on_roll=False)

    response = client_for(teacher).post(
        url(school, "agreement-match", agreement_id=zac.public_id), {"child": gone.public_id}
    )

    assert response.status_code == 200
    assert fresh(zac).match == Match.UNMATCHED


def test_nothing_chosen_is_refused(school, teacher, zac, client_for):
    response = client_for(teacher).post(url(school, "agreement-match", agreement_id=zac.public_id))

    assert "Choose the child, or say the child is not on the roster." in response.content.decode()
    assert fresh(zac).match == Match.UNMATCHED


def test_the_match_page_offers_every_child_on_roll(school, teacher, oak, zachary, zac, client_for):
    child_in(school, "Maja", "Okafor", class_in(school, "Ash (Year 4)", 4))

    page = client_for(teacher).get(url(school, "agreement-match", agreement_id=zac.public_id))

    text = page.content.decode()
    assert '<optgroup label="Likely">' in text
    assert "Okafor, Maja (Ash (Year 4))" in text
    assert "The child is not on the roster" in text


def test_a_new_child_on_the_roster_matches_what_was_waiting(school, head, oak, zac):
    child_in(school, "Zac", "Kowalski", oak)

    assert agreements_rematch(school=school, by=head, year=zac.academic_year) == 1

    assert fresh(zac).match == Match.MATCHED


def test_a_persons_not_on_the_roster_is_not_undone(school, head, oak, zac):
    agreement = fresh(zac)
    agreement.match = Match.NOT_ON_ROSTER
    agreement._history_user = head  # type: ignore[attr-defined]
    agreement.save()
    child_in(school, "Zac", "Kowalski", oak)

    assert agreements_rematch(school=school, by=head, year=zac.academic_year) == 0


def test_the_review_costs_the_same_queries_at_two_sizes(school, teacher, oak, client_for):
    version_in(school)
    client = client_for(teacher)
    counter = {"n": 0}

    def add(n: int) -> None:
        for _ in range(n):
            counter["n"] += 1
            child_in(school, f"Child{counter['n']}", "Kowalski", oak)
            signed_in(school, child_name=f"Kid{counter['n']} Kowalski", school_class=oak)

    assert_queries_constant(lambda: client.get(url(school, "matching")), add)


def test_a_governor_does_not_see_the_review(school, governor, zac, client_for):
    response = client_for(governor).get(url(school, "matching"))

    assert response.status_code == 403
