"""The roster: importing it from CSV (every bad row listed, nothing saved), and its list."""

from __future__ import annotations

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from agreements.models import Agreement, Child, Match
from agreements.roster import parse_date, read_roster
from schools.calendar import school_today
from tests.agreements.factories import child_in, class_in, signed_in
from tests.helpers.querycount import assert_queries_constant

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("head", "teacher")]

GOOD = (
    "first_name,last_name,class,date_of_birth,reference\n"
    "Amira,Khan,Oak (Year 3),14/03/2018,A1\n"
    "Zoë,Nowak,oak (year 3),2018-05-02,A2\n"
    "Oisín,Ó Briain,Ash (Year 4),,\n"
)


def url(school, name="roster-import") -> str:
    return reverse(f"agreements:{name}", kwargs={"school_slug": school.slug})


def upload(client, school, text: str | bytes, **extra):
    data = text.encode("utf-8") if isinstance(text, str) else text
    file = SimpleUploadedFile("roster.csv", data, content_type="text/csv")
    return client.post(url(school), {"file": file, **extra})


@pytest.fixture
def classes(school):
    return class_in(school), class_in(school, "Ash (Year 4)", 4)


def names(school) -> list[tuple[str, str, str, bool]]:
    return [
        (c.first_name, c.last_name, c.school_class.name, c.on_roll)
        for c in Child.objects.for_school(school).select_related("school_class").order_by("pk")
    ]


def test_a_good_file_adds_every_child(school, head, classes, client_for):
    client = client_for(head)
    response = upload(client, school, GOOD)

    assert response.status_code == 302
    assert names(school) == [
        ("Amira", "Khan", "Oak (Year 3)", True),
        ("Zoë", "Nowak", "Oak (Year 3)", True),
        ("Oisín", "Ó Briain", "Ash (Year 4)", True),
    ]
    amira = Child.objects.for_school(school).get(reference="A1")
    assert amira.date_of_birth == datetime.date(2018, 3, 14)
    assert amira.history.first().history_user == head
    page = client.get(response["Location"])
    assert "3 children added, 0 updated, 0 unchanged, 0 marked off roll" in page.content.decode()


def test_a_file_with_a_byte_order_mark_is_read(school, head, classes, client_for):
    response = upload(client_for(head), school, "\ufeff" + GOOD.replace("first_name", "First Name"))

    assert response.status_code == 302
    assert Child.objects.for_school(school).count() == 3


def test_importing_again_updates_by_reference_and_by_name(school, head, classes, client_for):
    client = client_for(head)
    upload(client, school, GOOD)
    changed = (
        "First_Name,LAST_NAME,Class,reference\n"
        "Amira,Khan-Ali,Ash (Year 4),A1\n"  # found by reference: renamed, moved
        "Oisín,Ó Briain,Ash (Year 4),B7\n"  # found by name and class: gets a reference
        "Maja,Okafor,Oak (Year 3),\n"  # new
    )

    response = upload(client, school, changed, whole_school="on")

    assert response.status_code == 302
    assert names(school) == [
        ("Amira", "Khan-Ali", "Ash (Year 4)", True),
        ("Zoë", "Nowak", "Oak (Year 3)", False),  # not in the whole-school file
        ("Oisín", "Ó Briain", "Ash (Year 4)", True),
        ("Maja", "Okafor", "Oak (Year 3)", True),
    ]
    assert Child.objects.for_school(school).get(first_name="Oisín").reference == "B7"
    page = client.get(response["Location"]).content.decode()
    assert "1 child added, 2 updated, 0 unchanged, 1 marked off roll" in page


def test_without_the_whole_school_box_nobody_goes_off_roll(school, head, classes, client_for):
    client = client_for(head)
    upload(client, school, GOOD)

    upload(client, school, "first_name,last_name,class\nMaja,Okafor,Oak (Year 3)\n")

    assert all(on_roll for *_, on_roll in names(school))


def test_every_bad_row_is_listed_and_nothing_is_saved(school, head, classes, client_for):
    bad = (
        "first_name,last_name,class,date_of_birth,reference\n"
        "Amira,Khan,Oak (Year 3),,R1\n"
        ",Nowak,Oak (Year 3),,\n"
        "Zoë,,Oak (Year 3),,\n"
        "Oisín,Ó Briain,Oak 3,,\n"
        "Maja,Okafor,Oak (Year 3),31/02/2018,\n"
        "Kwame,Mensah,Oak (Year 3),next tuesday,\n"
        "Theo,Hughes,Oak (Year 3),,R1\n"
    )

    response = upload(client_for(head), school, bad)

    assert response.status_code == 200
    page = response.content.decode()
    assert "There is a problem: nothing was saved" in page
    for message in (
        "Row 3: the first name is missing.",
        "Row 4: the last name is missing.",
        "Row 5: class “Oak 3” is not one of the school&#x27;s classes: Oak (Year 3), Ash (Year 4).",
        "Row 6: date of birth “31/02/2018” is not a real date.",
        "Row 7: date of birth “next tuesday” is not a date",
        "Row 8: reference “R1” is also on row 2.",
    ):
        assert message in page, message
    assert not Child.objects.for_school(school).exists()


def test_another_schools_class_is_not_accepted(school, other_school, head, classes, client_for):
    class_in(other_school, "Rowan (Year 5)", 5)

    response = upload(client_for(head), school, "first_name,last_name,class\nA,B,Rowan (Year 5)\n")

    assert "Row 2: class “Rowan (Year 5)” is not one of the school" in response.content.decode()
    assert not Child.objects.for_school(school).exists()
    assert not Child.objects.for_school(other_school).exists()


def test_a_file_without_the_columns_says_what_is_missing(school, head, classes, client_for):
    response = upload(client_for(head), school, "name,form\nAmira Khan,Oak\n")

    page = response.content.decode()
    assert "Row 1 must name the columns first_name, last_name and class" in page
    assert "missing: first_name, last_name, class" in page


def test_a_file_that_is_not_utf8_is_refused(school, head, classes, client_for):
    response = upload(
        client_for(head), school, "first_name,last_name,class\nZo\xeb,N,Oak\n".encode("latin-1")
    )

    assert "The file is not UTF-8 text" in response.content.decode()


def test_a_file_over_a_megabyte_is_refused(school, head, classes, client_for):
    response = upload(client_for(head), school, "first_name,last_name,class\n" + "x" * 1_000_001)

    assert "larger than 1 MB" in response.content.decode()
    assert not Child.objects.for_school(school).exists()


def test_the_same_name_twice_in_a_class_needs_references(school, head, classes):
    text = "first_name,last_name,class\nAmira,Khan,Oak (Year 3)\nAmira,Khan,Oak (Year 3)\n"

    roster = read_roster(text.encode(), school, school_today(school))

    assert roster.errors == [
        "Row 3: Amira Khan in Oak (Year 3) is also on row 2; give each child a reference "
        "so they can be told apart."
    ]


def test_dates_are_read_both_ways_and_must_be_a_pupils():
    today = datetime.date(2026, 11, 1)
    assert parse_date("2018-03-14", today) == parse_date("14/03/2018", today)
    assert parse_date("", today) is None
    with pytest.raises(ValueError, match="cannot be a pupil"):
        parse_date("2027-01-01", today)


def test_the_import_matches_signatures_that_matched_nobody(school, head, classes, client_for):
    agreement = signed_in(school, child_name="Amira Khan")
    assert agreement.match == Match.UNMATCHED

    upload(client_for(head), school, GOOD)

    agreement = Agreement.objects.for_school(school).get(pk=agreement.pk)
    assert agreement.match == Match.MATCHED
    assert agreement.child.reference == "A1"


def test_only_the_headteacher_imports(school, teacher, classes, client_for):
    response = upload(client_for(teacher), school, GOOD)

    assert response.status_code == 403
    assert not Child.objects.for_school(school).exists()


def test_the_roster_lists_children_by_class(school, teacher, classes, client_for):
    oak, ash = classes
    child_in(school, "Amira", "Khan", oak)
    child_in(school, "Oisín", "Ó Briain", ash)
    child_in(school, "Left", "Already", ash, on_roll=False)

    page = client_for(teacher).get(url(school, "roster")).content.decode()

    assert "Khan, Amira" in page
    assert "Ó Briain, Oisín" in page
    assert "Already" not in page
    assert "Import the roster" not in page  # teachers read it; the headteacher imports


def test_the_roster_costs_the_same_queries_at_two_sizes(school, head, classes, client_for):
    client = client_for(head)

    def add(n: int) -> None:
        for i in range(n):
            child_in(school, f"Child{i}", f"Number{n}", classes[i % 2])

    assert_queries_constant(lambda: client.get(url(school, "roster")), add)


def child_url(school, child) -> str:
    return reverse(
        "agreements:roster-child", kwargs={"school_slug": school.slug, "child_id": child.public_id}
    )


def entry(child, **changes) -> dict[str, str]:
    data = {
        "first_name": child.first_name,
        "last_name": child.last_name,
        "school_class": str(child.school_class.public_id),
        "reference": child.reference,
        "on_roll": "on" if child.on_roll else "",
    }
    return {**data, **changes}


def test_the_headteacher_corrects_a_child(school, head, classes, client_for):
    oak, ash = classes
    child = child_in(school, "Amira", "Khan", oak)

    response = client_for(head).post(
        child_url(school, child), entry(child, school_class=str(ash.public_id), on_roll="")
    )

    assert response.status_code == 302
    child.refresh_from_db()
    assert (child.school_class, child.on_roll) == (ash, False)
    assert child.history.first().history_user == head


def test_a_reference_already_used_is_refused(school, head, classes, client_for):
    child_in(school, "Zoë", "Nowak", classes[0], reference="R1")
    child = child_in(school, "Amira", "Khan", classes[0])

    response = client_for(head).post(child_url(school, child), entry(child, reference="R1"))

    assert "Another child on the roster has this reference." in response.content.decode()
    child.refresh_from_db()
    assert child.reference == ""


def test_another_schools_class_is_refused_for_a_child(
    school, other_school, head, classes, client_for
):
    rowan = class_in(other_school, "Rowan (Year 5)", 5)
    child = child_in(school, "Amira", "Khan", classes[0])

    response = client_for(head).post(
        child_url(school, child), entry(child, school_class=str(rowan.public_id))
    )

    assert "Choose one of the school&#x27;s classes." in response.content.decode()
    child.refresh_from_db()
    assert child.school_class == classes[0]


def test_a_wrong_filter_is_ignored(school, teacher, classes, client_for):
    child_in(school, "Amira", "Khan", classes[0])

    response = client_for(teacher).get(url(school, "roster"), {"school_class": "nonsense"})

    assert response.status_code == 200
    assert "Khan, Amira" in response.content.decode()
