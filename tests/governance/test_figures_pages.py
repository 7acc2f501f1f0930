"""The governors' figures page: who reads it, which term it shows, its charts and its cost."""

from __future__ import annotations

import itertools

import pytest
from django.urls import reverse

from schools.calendar import current_term
from schools.roles import Role
from tests.agreements.factories import child_in, class_in, signed_in
from tests.factories import member
from tests.forms_app.factories import report_in, request_in
from tests.governance.factories import complaint_in
from tests.helpers.html import Element, parse
from tests.helpers.querycount import assert_queries_constant
from tests.incidents.factories import PUPIL_NAME, incident_in
from tests.training.factories import session_in

pytestmark = pytest.mark.django_db

UNKNOWN = "There are no figures for that term: choose one of the terms listed."
# What the records below say about people, none of which a governor may read here.
CHILD, PARENT, COMPLAINANT = "Amira Khan", "Farah Khan", "Petunia Complainer"
REPORTED_PAGE = "https://www.tiktok.com/@zoltan.quibblesworth"
_serial = itertools.count()


def figures_url(school, term: str | None = None) -> str:
    url = reverse("governance:figures", kwargs={"school_slug": school.slug})
    return url if term is None else f"{url}?term={term}"


def records_naming_people(school) -> None:
    """One of each record the figures count, each naming a child, a parent or a page."""
    incident_in(school)  # names PUPIL_NAME as the target
    oak = class_in(school)
    child_in(school, "Amira", "Khan", oak)
    signed_in(school, child_name=CHILD, parent_name=PARENT, school_class=oak)
    complaint_in(school, complainant=COMPLAINANT)
    report_in(school, urls=[REPORTED_PAGE], nature=f"Posts about {CHILD}.", categories=["other"])
    request_in(school, url="https://www.youtube.com/watch?v=volcano")


def test_a_governor_sees_the_current_term_by_default(client_for, school, governor):
    term = current_term(school)

    page = client_for(governor).get(figures_url(school))

    assert page.status_code == 200
    html = page.content.decode()
    assert f'<h2 class="h3">{term.label}</h2>' in html
    selected = parse(html).find_all("option", selected="")
    assert [option.attrs["value"] for option in selected] == [term.key]


def test_an_earlier_term_is_shown_when_asked_for(client_for, school, governor):
    earlier = current_term(school).previous

    html = client_for(governor).get(figures_url(school, earlier.key)).content.decode()

    assert earlier.label in html
    assert f"?term={earlier.key}" in html  # the pack of that term
    assert "The term has not ended" not in html


def test_a_term_older_than_the_list_can_still_be_named(client_for, school, governor):
    html = client_for(governor).get(figures_url(school, "2019-spring")).content.decode()

    assert '<h2 class="h3">Spring term 2019 to 2020</h2>' in html
    assert '<option value="2019-spring" selected>' in html


@pytest.mark.parametrize(
    "term", ["nonsense", "2099-autumn", "1999-autumn", "", "2025-winter", "<script>x</script>"]
)
def test_an_unknown_term_says_so_clearly(client_for, school, governor, term):
    page = client_for(governor).get(figures_url(school, term))

    assert page.status_code == 200
    html = page.content.decode()
    assert UNKNOWN in html
    assert "<script>x" not in html
    assert not parse(html).find_all("svg", role="img")


def charts_and_tables(html: str) -> list[tuple[Element, Element, Element]]:
    """Each chart with the element naming it and the table describing it."""
    root = parse(html)
    found = []
    for chart in root.find_all("svg", role="img"):
        (title,) = root.find_all(id=chart.attrs["aria-labelledby"])
        (table,) = root.find_all("table", id=chart.attrs["aria-describedby"])
        found.append((chart, title, table))
    return found


def test_each_chart_has_its_title_and_a_table_of_the_same_numbers(
    client_for, school, governor, head, teacher
):
    records_naming_people(school)
    html = client_for(governor).get(figures_url(school)).content.decode()

    pairs = charts_and_tables(html)

    assert len(pairs) == 9  # every figure but acknowledgement: Oakfield has no policy yet
    for chart, title, table in pairs:
        assert chart.attrs["role"] == "img"
        assert title.tag == "title"
        assert title.parent is chart
        (caption,) = table.find_all("caption")
        assert caption.all_text().startswith(title.all_text())
        bars = [text.all_text() for text in chart.find_all("text")][1:]  # after the title
        rows = [[cell.all_text().strip() for cell in row.children] for row in table.find_all("tr")]
        labels_and_values = rows[1:]
        assert bars[0::2] == [row[0] for row in labels_and_values]
        for shown, row in zip(bars[1::2], labels_and_values, strict=True):
            assert shown.startswith(row[1]), (shown, row)
            if row[-1].endswith("%"):
                assert f"({row[-1]})" in shown


def test_the_counts_on_the_page_are_those_of_the_term(client_for, school, governor, teacher):
    request_in(school)
    request_in(school)

    html = client_for(governor).get(figures_url(school)).content.decode()

    requests = {
        row.find_all("th")[0].all_text(): row.find_all("td")[0].all_text()
        for row in parse(html).find_all("table", id="table-requests-outcome")[0].find_all("tr")[1:]
    }
    assert requests == {"Approved": "0", "Refused": "0", "Withdrawn": "0", "Awaiting decision": "2"}


def test_no_one_is_named_on_the_page(client_for, school, governor, head, teacher):
    records_naming_people(school)

    html = client_for(governor).get(figures_url(school)).content.decode()

    for named in (PUPIL_NAME, "Another Pupil", CHILD, PARENT, COMPLAINANT, "zoltan"):
        assert named not in html
    for written in ("Amira", "tiktok", "volcano"):
        assert written not in html
    assert "Tara Thompson" not in html  # the teacher who made the requests


def test_the_page_costs_the_same_however_many_records(client_for, school, governor, head, teacher):
    oak = class_in(school)

    def add(n: int) -> None:
        for _ in range(n):
            k = next(_serial)
            request_in(school)
            report_in(school)
            incident_in(school)
            complaint_in(school)
            session_in(school, attendees=[teacher])
            child_in(school, f"Child{k}", "Pupil", oak)
            signed_in(school, child_name=f"Child{k} Pupil", school_class=oak)

    client = client_for(governor)
    queries = assert_queries_constant(lambda: client.get(figures_url(school)), add, sizes=(2, 6))
    # The page itself (session, person, school, roles, menu, bell) takes six.
    assert queries <= 23, queries


@pytest.mark.parametrize("role", [Role.HEADTEACHER, Role.GOVERNOR, Role.CLERK])
def test_the_headteacher_governors_and_the_clerk_read_the_figures(client_for, school, role):
    reader = member(school, role)
    assert client_for(reader).get(figures_url(school)).status_code == 200


@pytest.mark.parametrize("role", [Role.TEACHER, Role.DSL, Role.NETWORK_MANAGER])
def test_staff_without_a_governance_role_are_refused(client_for, school, role):
    assert client_for(member(school, role)).get(figures_url(school)).status_code == 403


def test_another_schools_member_finds_nothing(client_for, school, outsider):
    assert client_for(outsider).get(figures_url(school)).status_code == 404
