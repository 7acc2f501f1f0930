"""The headteacher's people pages: the list, a person's roles, and deactivation."""

from __future__ import annotations

import datetime
import itertools

import pytest
from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from people.models import SignedInSession
from people.services import invitation_create
from schools.access import roles_of
from schools.models import Membership
from schools.roles import Role
from schools.services import membership_grant
from tests.factories import TEST_PASSWORD, UserFactory, member
from tests.helpers.backdate import backdate
from tests.helpers.querycount import assert_queries_constant
from tests.people.helpers import text, url
from tests.twofactor.helpers import enrol

pytestmark = pytest.mark.django_db
_serial = itertools.count()


def person_url(school, user, name="person") -> str:
    return url(school, name, person_id=user.public_id)


def signed_in(user: User) -> Client:
    """A browser that signed in with the password, through the sign-in page."""
    client = Client()
    response = client.post(
        reverse("accounts:login"), {"username": user.email, "password": TEST_PASSWORD}
    )
    assert response.status_code == 302, response.content.decode()[:500]
    return client


# --- The list ------------------------------------------------------------------------------


def test_the_list_shows_each_person_once_with_all_their_roles_and_last_sign_in(
    client_for, school, head, teacher, dsl
):
    membership_grant(school=school, user=teacher, role=Role.ESAFETY, by=head)
    # 23:30 UTC on 1 July is 00:30 on 2 July in London (summer time).
    backdate(teacher, last_login=datetime.datetime(2026, 7, 1, 23, 30, tzinfo=datetime.UTC))
    backdate(dsl, last_login=None)

    page = text(client_for(head).get(url(school, "list")))

    assert page.count("Tara Thompson") == 1
    assert (
        "Tara Thompson teacher@oakfield.test E-safety team member, Teacher 2 Jul 2026, 00:30 Off"
        in page
    )
    assert "Dan Douglas dsl@oakfield.test Designated safeguarding lead Never Off" in page


def test_the_list_shows_who_signs_in_with_two_factor(client_for, school, head, teacher, dsl):
    enrol(dsl)

    page = text(client_for(head).get(url(school, "list")))

    assert "Dan Douglas dsl@oakfield.test Designated safeguarding lead Never On" in page
    assert "Tara Thompson teacher@oakfield.test Teacher Never Off" in page


def test_the_list_searches_and_filters_by_role(client_for, school, head, teacher, dsl, governor):
    invitation_create(
        school=school, email="gail@x.test", full_name="Gail Guest", roles=["governor"], by=head
    )
    client = client_for(head)

    governors = client.get(url(school, "list"), {"role": "governor"}).context
    assert [p.user for p in governors["people"]] == [governor]
    assert [i.email for i in governors["invitations"]] == ["gail@x.test"]
    found = client.get(url(school, "list"), {"q": "thomp"}).context
    assert [p.user for p in found["people"]] == [teacher]
    assert found["invitations"] == []


def test_a_filter_not_offered_says_so(client_for, school, head):
    response = client_for(head).get(url(school, "list"), {"role": "pupil"})

    assert response.status_code == 200
    assert "The filter could not be used" in text(response)


def test_the_list_costs_the_same_queries_for_5_and_50_people(client_for, school, head):
    client = client_for(head)

    def add_people(n: int) -> None:
        for _ in range(n):
            k = next(_serial)
            person = member(school, Role.TEACHER, email=f"p{k}@oakfield.test")
            membership_grant(school=school, user=person, role=Role.SUPPORT, by=head)
            invitation_create(
                school=school, email=f"i{k}@x.test", full_name=f"I {k}", roles=["teacher"], by=head
            )

    assert_queries_constant(lambda: client.get(url(school, "list")), add_people)


def test_the_person_page_costs_the_same_queries_however_many_roles_came_and_went(
    client_for, school, head, teacher
):
    client = client_for(head)
    roles = itertools.cycle([Role.SUPPORT, Role.VOLUNTEER])

    def add_spells(n: int) -> None:
        for _ in range(n):
            m = membership_grant(school=school, user=teacher, role=next(roles), by=head)
            m.ended_at = timezone.now()
            m._history_user = head
            m.save()

    assert_queries_constant(lambda: client.get(person_url(school, teacher)), add_spells)


# --- Who may -------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["list", "invite"])
def test_other_members_are_refused(client_for, school, dsl, name):
    assert client_for(dsl).get(url(school, name)).status_code == 403


@pytest.mark.parametrize("name", ["person", "deactivate", "role-end"])
def test_another_schools_person_is_not_found(client_for, school, head, outsider, name):
    client = client_for(head)

    assert client.get(person_url(school, outsider, name)).status_code == 404
    assert client.post(person_url(school, outsider, name)).status_code == 404


@pytest.mark.parametrize("name", ["invitation-resend", "invitation-revoke"])
def test_another_schools_invitation_is_not_found(client_for, school, other_school, head, name):
    theirs, _ = invitation_create(
        school=other_school, email="x@x.test", full_name="X", roles=["teacher"], by=None
    )

    response = client_for(head).post(url(school, name, invitation_id=theirs.public_id))

    assert response.status_code == 404
    theirs.refresh_from_db()
    assert theirs.revoked_at is None


# --- Roles ---------------------------------------------------------------------------------


def test_adding_a_role_is_recorded_with_the_head_as_actor(client_for, school, head, teacher):
    response = client_for(head).post(person_url(school, teacher), {"add_role": "dsl", "title": ""})

    assert response.status_code == 302
    assert roles_of(teacher, school) == {Role.TEACHER, Role.DSL}
    added = Membership.objects.for_school(school).get(user=teacher, role=Role.DSL)
    assert added.history.get().history_user == head


def test_ending_a_role_is_recorded_with_the_head_as_actor(client_for, school, head, teacher):
    membership_grant(school=school, user=teacher, role=Role.DSL, by=head)

    client_for(head).post(person_url(school, teacher, "role-end"), {"end_role": "teacher"})

    assert roles_of(teacher, school) == {Role.DSL}
    ended = Membership.objects.for_school(school).get(user=teacher, role=Role.TEACHER)
    assert ended.history.latest().history_user == head
    page = text(client_for(head).get(person_url(school, teacher)))
    assert "ended by Helen Hughes" in page


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({}, "Choose a role."),
        ({"add_role": "teacher"}, "Select a valid choice"),
        ({"add_role": "x"}, ""),
    ],
)
def test_adding_a_role_not_offered_is_refused_on_the_field(
    client_for, school, head, teacher, data, message
):
    response = client_for(head).post(person_url(school, teacher), data)

    assert response.status_code == 200
    assert message in " ".join(response.context["add_form"].errors["add_role"])
    assert roles_of(teacher, school) == {Role.TEACHER}


def test_the_last_headteacher_keeps_the_role(client_for, school, head):
    membership_grant(school=school, user=head, role=Role.DSL, by=head)
    client = client_for(head)

    response = client.post(
        person_url(school, head, "role-end"), {"end_role": "headteacher"}, follow=True
    )

    assert "must keep at least one headteacher" in text(response)
    assert roles_of(head, school) == {Role.HEADTEACHER, Role.DSL}


def test_a_headteacher_may_step_down_once_there_is_another(client_for, school, head):
    member(school, Role.HEADTEACHER, email="deputy@oakfield.test")
    membership_grant(school=school, user=head, role=Role.TEACHER, by=head)

    client_for(head).post(person_url(school, head, "role-end"), {"end_role": "headteacher"})

    assert roles_of(head, school) == {Role.TEACHER}


def test_a_persons_only_role_is_ended_by_deactivating(client_for, school, head, teacher):
    response = client_for(head).post(
        person_url(school, teacher, "role-end"), {"end_role": "teacher"}, follow=True
    )

    assert "deactivate them instead" in text(response)
    assert roles_of(teacher, school) == {Role.TEACHER}


# --- Deactivation --------------------------------------------------------------------------


def test_deactivating_ends_a_live_session_at_once(client_for, school, head, teacher):
    theirs = signed_in(teacher)
    home = reverse("schools:home", kwargs={"school_slug": school.slug})
    assert theirs.get(home).status_code == 200
    session_key = theirs.session.session_key
    assert Session.objects.filter(session_key=session_key).exists()

    response = client_for(head).post(person_url(school, teacher, "deactivate"), {"confirm": "on"})

    assert response.status_code == 302
    assert not Session.objects.filter(session_key=session_key).exists()
    assert not SignedInSession.objects.filter(user=teacher).exists()
    after = theirs.get(home)
    assert after.status_code == 302
    assert after["Location"].startswith(reverse("accounts:login"))
    assert roles_of(teacher, school) == frozenset()
    teacher.refresh_from_db()
    assert not teacher.is_active
    assert teacher.history.latest().history_user == head


def test_someone_still_in_another_school_keeps_their_account(
    client_for, school, other_school, head
):
    both = member(school, Role.TEACHER, email="both@x.test")
    membership_grant(school=other_school, user=both, role=Role.TEACHER)
    theirs = signed_in(both)

    client_for(head).post(person_url(school, both, "deactivate"), {"confirm": "on"})

    both.refresh_from_db()
    assert both.is_active
    assert roles_of(both, other_school) == {Role.TEACHER}
    assert roles_of(both, school) == frozenset()
    other_home = reverse("schools:home", kwargs={"school_slug": other_school.slug})
    assert theirs.get(other_home).status_code == 302  # signed out: they sign in again


def test_deactivating_needs_the_box_ticked(client_for, school, head, teacher):
    response = client_for(head).post(person_url(school, teacher, "deactivate"), {})

    assert response.status_code == 200
    assert "Tick the box to confirm." in response.context["form"].errors["confirm"]
    assert roles_of(teacher, school) == {Role.TEACHER}


def test_a_headteacher_cannot_deactivate_themselves(client_for, school, head):
    member(school, Role.HEADTEACHER, email="deputy@oakfield.test")

    response = client_for(head).post(person_url(school, head, "deactivate"), {"confirm": "on"})

    assert response.status_code == 200
    assert "You cannot deactivate yourself." in text(response)
    assert roles_of(head, school) == {Role.HEADTEACHER}


def test_the_last_headteacher_cannot_be_deactivated(school, head):
    from django.core.exceptions import ValidationError

    from people.services import person_deactivate

    other_head = UserFactory()
    with pytest.raises(ValidationError, match="at least one headteacher"):
        person_deactivate(school=school, user=head, by=other_head)
    assert roles_of(head, school) == {Role.HEADTEACHER}


def test_a_signed_in_session_is_noted_and_forgotten_on_signing_out(teacher):
    client = signed_in(teacher)
    assert SignedInSession.objects.filter(user=teacher).count() == 1

    client.post(reverse("accounts:logout"))

    assert not SignedInSession.objects.filter(user=teacher).exists()


def test_signing_in_forgets_sessions_that_ended_long_ago(teacher):
    stale = SignedInSession.objects.create(user=teacher, session_key="x" * 32)
    backdate(stale, signed_in_at=timezone.now() - datetime.timedelta(days=2))

    signed_in(teacher)

    assert not SignedInSession.objects.filter(pk=stale.pk).exists()
    assert SignedInSession.objects.filter(user=teacher).count() == 1
