"""SchoolMiddleware: every page under /<school_slug>/ must declare who may see it.

The views below exist only in this module's URLconf, in front of the portal's
own URLs (so its error pages can still link to the home page).
"""

from __future__ import annotations

import pytest
from django.contrib.auth import HASH_SESSION_KEY, SESSION_KEY
from django.core.exceptions import ImproperlyConfigured
from django.db import connection
from django.http import HttpRequest, HttpResponse
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import path

from policyportal.urls import urlpatterns as portal_urlpatterns
from schools.access import SchoolRequest, public_school_view, school_view
from schools.roles import Module, Role
from tests.factories import member


def undeclared(request: HttpRequest, school_slug: str) -> HttpResponse:
    return HttpResponse("this should never be served")


def describe(request: SchoolRequest) -> HttpResponse:
    roles = ", ".join(sorted(request.membership.roles))
    return HttpResponse(f"{request.school.name}: {roles}")


# school_view marks the function it is given, so each declaration needs its own.
@school_view(Role.HEADTEACHER)
def heads_only(request: SchoolRequest) -> HttpResponse:
    return describe(request)


@school_view(Role.HEADTEACHER, Role.DSL)
def safeguarding(request: SchoolRequest) -> HttpResponse:
    return describe(request)


@school_view(module=Module.AGREEMENTS)
def agreements(request: SchoolRequest) -> HttpResponse:
    return describe(request)


@school_view()
def any_member(request: SchoolRequest) -> HttpResponse:
    return describe(request)


@public_school_view
def published(request: SchoolRequest) -> HttpResponse:
    return HttpResponse(f"The published policy of {request.school.name}")


urlpatterns = [
    path("<slug:school_slug>/undeclared/", undeclared),
    path("<slug:school_slug>/heads-only/", heads_only),
    path("<slug:school_slug>/safeguarding/", safeguarding),
    path("<slug:school_slug>/agreements/", agreements),
    path("<slug:school_slug>/any-member/", any_member),
    path("<slug:school_slug>/published/", published),
    *portal_urlpatterns,
]

pytestmark = pytest.mark.urls(__name__)


def test_view_without_a_declaration_is_refused(teacher, client_for):
    with pytest.raises(ImproperlyConfigured, match="has no @school_view or @public_school_view"):
        client_for(teacher).get("/oakfield/undeclared/")


def test_view_without_a_declaration_is_refused_before_sign_in_too(client, school):
    with pytest.raises(ImproperlyConfigured, match="undeclared is under /<school_slug>/"):
        client.get("/oakfield/undeclared/")


def test_member_gets_the_view_with_their_school_and_roles(teacher, client_for):
    response = client_for(teacher).get("/oakfield/any-member/")

    assert response.status_code == 200
    assert response.text == "Oakfield Primary School: teacher"


def test_member_without_the_role_gets_403(teacher, governor, client_for):
    for person in (teacher, governor):
        response = client_for(person).get("/oakfield/heads-only/")

        assert response.status_code == 403
        assert "You cannot open this page" in response.text
        assert "Your role in this school does not include this page." in response.text


def test_member_with_the_role_gets_the_page(head, client_for):
    response = client_for(head).get("/oakfield/heads-only/")

    assert response.status_code == 200
    assert response.text == "Oakfield Primary School: headteacher"


def test_any_one_of_the_listed_roles_is_enough(dsl, client_for):
    assert client_for(dsl).get("/oakfield/safeguarding/").status_code == 200


def test_a_second_role_can_grant_what_the_first_does_not(school, client_for):
    person = member(school, Role.TEACHER, Role.DSL)

    response = client_for(person).get("/oakfield/safeguarding/")

    assert response.text == "Oakfield Primary School: dsl, teacher"


def test_a_role_in_another_school_grants_nothing_here(school, other_school, client_for):
    riverside_head = member(other_school, Role.HEADTEACHER)
    member_here = member(school, Role.TEACHER)
    riverside_head.memberships.create(school=school, role=Role.TEACHER)

    assert client_for(riverside_head).get("/oakfield/heads-only/").status_code == 403
    assert client_for(member_here).get("/riverside/heads-only/").status_code == 404


def test_outsider_gets_404_not_403(school, outsider, client_for):
    response = client_for(outsider).get("/oakfield/heads-only/")

    assert response.status_code == 404
    assert "Page not found" in response.text


def test_visitor_is_asked_to_sign_in(client, school):
    response = client.get("/oakfield/heads-only/")

    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=/oakfield/heads-only/"


def test_module_the_school_switched_off_is_not_found(school, head, client_for):
    school.enabled_modules = [str(Module.INCIDENTS)]
    school.save()

    response = client_for(head).get("/oakfield/agreements/")

    assert response.status_code == 404
    assert "Page not found" in response.text


def test_module_the_school_uses_is_served(school, teacher, client_for):
    assert school.has_module(Module.AGREEMENTS)

    assert client_for(teacher).get("/oakfield/agreements/").status_code == 200


def test_public_page_is_open_to_visitors(client, school):
    response = client.get("/oakfield/published/")

    assert response.status_code == 200
    assert response.text == "The published policy of Oakfield Primary School"


@pytest.mark.django_db
def test_public_page_of_a_school_that_does_not_exist_is_not_found(client):
    assert client.get("/no-such-school/published/").status_code == 404


def test_public_page_of_a_deactivated_school_is_not_found(client, school):
    school.is_active = False
    school.save()

    assert client.get("/oakfield/published/").status_code == 404


@pytest.mark.django_db
def test_pages_outside_schools_are_left_alone(client):
    assert client.get("/accounts/login/").status_code == 200


# The signed-in person is read with their roles, in one query, when the session passes
# Django's checks; every other session takes Django's own path.


def test_member_and_roles_are_read_in_one_query(teacher, client_for):
    client = client_for(teacher)

    with CaptureQueriesContext(connection) as queries:
        response = client.get("/oakfield/any-member/")

    assert response.text == "Oakfield Primary School: teacher"
    reads_of_people = [q["sql"] for q in queries if '"accounts_user"' in q["sql"]]
    assert len(reads_of_people) == 1
    assert "schools_membership" in reads_of_people[0]


def test_password_changed_elsewhere_signs_this_session_out(teacher, client_for):
    client = client_for(teacher)
    teacher.set_password("a new password for the teacher")
    teacher.save()

    response = client.get("/oakfield/any-member/")

    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=/oakfield/any-member/"
    assert SESSION_KEY not in client.session


def test_deactivated_account_is_signed_out(teacher, client_for):
    client = client_for(teacher)
    teacher.is_active = False
    teacher.save()

    response = client.get("/oakfield/any-member/")

    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=/oakfield/any-member/"


def test_session_signed_with_an_older_secret_is_kept_and_signed_again(teacher):
    client = Client()
    with override_settings(SECRET_KEY="the secret before rotation " * 3):
        client.force_login(teacher)
        old_hash = client.session[HASH_SESSION_KEY]

    with override_settings(
        SECRET_KEY="the secret after rotation " * 3,
        SECRET_KEY_FALLBACKS=["the secret before rotation " * 3],
    ):
        response = client.get("/oakfield/any-member/")

        assert response.text == "Oakfield Primary School: teacher"
        new_hash = client.session[HASH_SESSION_KEY]
        assert new_hash == teacher.get_session_auth_hash()
        assert new_hash != old_hash


def test_a_member_on_a_public_page_is_read_with_their_roles(teacher, client_for):
    client = client_for(teacher)

    with CaptureQueriesContext(connection) as queries:
        response = client.get("/oakfield/published/")

    assert response.status_code == 200
    assert sum('"accounts_user"' in q["sql"] for q in queries) == 1


def test_outsider_is_still_signed_in_on_the_404(school, outsider, client_for):
    client = client_for(outsider)

    assert client.get("/oakfield/heads-only/").status_code == 404
    assert int(client.session[SESSION_KEY]) == outsider.pk
