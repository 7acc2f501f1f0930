"""A school's home page (schools:home, /<school_slug>/)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from schools.models import OverallResponsibility
from schools.roles import RecordKind, Role
from schools.services import membership_grant, review_routes_set
from tests.factories import MembershipFactory, member


def test_shows_the_school_and_the_persons_roles(teacher, client_for):
    response = client_for(teacher).get("/oakfield/")

    assert response.status_code == 200
    assert "<title>Home · Oakfield Primary School · Policy Portal</title>" in response.text
    assert '<h1 class="h2">Oakfield Primary School</h1>' in response.text
    assert "You are signed in as teacher." in response.text


def test_a_person_with_several_roles_sees_them_all(school, client_for):
    person = member(school, Role.HEADTEACHER, Role.ESAFETY, full_name="Hannah Holt")

    response = client_for(person).get("/oakfield/")

    assert "You are signed in as headteacher, e-safety team member." in response.text
    assert "(Headteacher, E-safety team member)" in response.text


def test_shows_how_the_school_runs_its_policy(school, head, client_for):
    school.overall_responsibility = OverallResponsibility.GOVERNING_BODY
    school.save()
    review_routes_set(school=school, kind=RecordKind.ACCESS_REQUEST, roles=[Role.HEADTEACHER])
    review_routes_set(
        school=school, kind=RecordKind.CONTENT_REPORT, roles=[Role.ESAFETY, Role.TEACHER]
    )
    membership_grant(
        school=school,
        user=member(school, full_name="Ella Ellis"),
        role=Role.ESAFETY,
        title="Curriculum team – Computing",
    )

    response = client_for(head).get("/oakfield/")

    assert "How Oakfield Primary School runs its policy" in response.text
    assert "<dd>The governing body</dd>" in response.text
    assert "<dt>Blocked-content access requests</dt>" in response.text
    assert "<dd>Handled by: Headteacher</dd>" in response.text
    assert "<dd>Handled by: E-safety team member, Teacher</dd>" in response.text
    assert "<li>Ella Ellis (Curriculum team – Computing)</li>" in response.text


def test_shows_nothing_of_another_schools_arrangements(school, other_school, head, client_for):
    review_routes_set(school=other_school, kind=RecordKind.INCIDENT, roles=[Role.DSL])
    member(other_school, Role.ESAFETY, full_name="Rita Riverside")

    response = client_for(head).get("/oakfield/")

    arrangements = response.text.split('id="arrangements"')[1].split("</section>")[0]
    assert "Incidents" not in arrangements
    assert "Rita Riverside" not in response.text
    assert "E-safety team" not in response.text


def test_every_member_role_can_open_it(head, dsl, teacher, governor, client_for):
    for person in (head, dsl, teacher, governor):
        assert client_for(person).get("/oakfield/").status_code == 200


def test_offers_a_switch_only_to_people_with_another_school(
    other_school, teacher, head, client_for
):
    MembershipFactory(school=other_school, user=teacher, role=Role.GOVERNOR)

    assert "Switch to another of your schools" in client_for(teacher).get("/oakfield/").text
    assert "Switch to another of your schools" not in client_for(head).get("/oakfield/").text


def test_non_member_gets_the_same_404_as_a_school_that_does_not_exist(
    school, outsider, client_for, comparable_body
):
    client = client_for(outsider)

    not_mine = client.get("/oakfield/")
    no_such_school = client.get("/no-such-school/")

    assert not_mine.status_code == no_such_school.status_code == 404
    assert comparable_body(not_mine.content) == comparable_body(no_such_school.content)
    assert "Oakfield" not in not_mine.text


def test_404_is_the_portals_own_page(outsider, client_for):
    response = client_for(outsider).get("/oakfield/")

    assert "<title>Page not found · Policy Portal</title>" in response.text
    assert "There is no page at this address, or you do not have access to it." in response.text
    assert "Using the URLconf" not in response.text
    assert "Traceback" not in response.text


def test_ended_role_loses_access_with_the_same_404(school, teacher, client_for):
    membership = teacher.memberships.get()
    membership.ended_at = timezone.now()
    membership.save()

    response = client_for(teacher).get("/oakfield/")

    assert response.status_code == 404
    assert "Page not found" in response.text


def test_deactivated_school_is_not_found_even_for_its_members(school, head, client_for):
    school.is_active = False
    school.save()

    assert client_for(head).get("/oakfield/").status_code == 404


@pytest.mark.parametrize("path", ["/oakfield/", "/no-such-school/"])
def test_visitor_is_sent_to_sign_in_whether_or_not_the_school_exists(client, school, path):
    response = client.get(path)

    assert response.status_code == 302
    assert response["Location"] == f"/accounts/login/?next={path}"


def test_query_count_does_not_grow_with_the_esafety_team(school, head, client_for):
    def queries_for_home_page() -> int:
        client = client_for(head)
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/oakfield/").status_code == 200
        return len(queries)

    member(school, Role.ESAFETY)
    with_one = queries_for_home_page()
    for _ in range(5):
        member(school, Role.ESAFETY)
    with_six = queries_for_home_page()

    assert with_one == with_six
