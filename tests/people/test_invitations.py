"""Inviting someone by email, and the link that lets them in."""

from __future__ import annotations

import datetime

import pytest
from django.contrib.auth import SESSION_KEY
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from people.models import Invitation
from people.services import invitation_create, invitation_resend, invitation_revoke
from schools.access import roles_of
from schools.roles import Role
from tests.factories import TEST_PASSWORD, member
from tests.helpers.backdate import backdate
from tests.people.helpers import NEW_PASSWORD, emailed_link, invite, sent_mail, text, url

pytestmark = pytest.mark.django_db


def invitations(school) -> list[Invitation]:
    return list(Invitation.objects.for_school(school))


def test_inviting_emails_a_link_naming_the_school_and_who_invited(
    client_for, school, head, django_capture_on_commit_callbacks
):
    response = invite(client_for(head), school, django_capture_on_commit_callbacks)

    assert response.status_code == 302
    assert response["Location"] == url(school, "list")
    (message,) = sent_mail()
    assert message.to == ["nina@oakfield.test"]
    assert "Oakfield Primary School" in message.subject
    assert "Helen Hughes has invited you" in message.body
    assert "/invitations/" in message.body
    invitation = Invitation.objects.for_school(school).get()
    assert invitation.roles == ["teacher"]
    assert invitation.invited_by == head
    # Only the token's hash is kept.
    assert invitation.token_hash not in message.body
    assert emailed_link("nina@oakfield.test").split("/")[2] not in invitation.token_hash


def test_the_link_lets_a_new_person_set_a_password_and_signs_them_in(
    client_for, school, head, django_capture_on_commit_callbacks
):
    invite(client_for(head), school, django_capture_on_commit_callbacks, title="Year 4 teacher")
    link = emailed_link("nina@oakfield.test")
    visitor = Client()

    page = visitor.get(link)
    assert page.status_code == 200
    assert "Join Oakfield Primary School" in text(page)
    response = visitor.post(
        link,
        {"full_name": "Nina Newton", "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )

    assert response.status_code == 302
    assert response["Location"] == reverse("schools:home", kwargs={"school_slug": school.slug})
    nina = User.objects.get(email="nina@oakfield.test")
    assert nina.check_password(NEW_PASSWORD)
    assert visitor.session[SESSION_KEY] == str(nina.pk)
    assert roles_of(nina, school) == {Role.TEACHER}
    assert nina.memberships.get().title == "Year 4 teacher"
    invitation = Invitation.objects.for_school(school).get()
    assert invitation.accepted_by == nina
    assert visitor.get(response["Location"]).status_code == 200


def test_the_password_must_pass_the_validators_and_nothing_is_saved(
    client_for, school, head, django_capture_on_commit_callbacks
):
    invite(client_for(head), school, django_capture_on_commit_callbacks)
    link = emailed_link("nina@oakfield.test")

    response = Client().post(
        link, {"full_name": "Nina Newton", "new_password1": "short", "new_password2": "short"}
    )

    assert response.status_code == 200
    assert response.context["form"].errors["new_password2"]
    assert not User.objects.filter(email="nina@oakfield.test").exists()
    assert Invitation.objects.for_school(school).get().accepted_at is None


def test_an_existing_account_signs_in_first_then_accepting_adds_the_roles(
    client_for, school, other_school, head, outsider, django_capture_on_commit_callbacks
):
    invite(
        client_for(head),
        school,
        django_capture_on_commit_callbacks,
        email=outsider.email,
        roles=["governor", "clerk"],
    )
    link = emailed_link(outsider.email)

    signed_out = Client().get(link)
    assert "Sign in as teacher@riverside.test to accept" in text(signed_out)
    assert f"?next={link}".replace("/", "%2F") in signed_out.content.decode() or link in (
        signed_out.content.decode()
    )
    as_someone_else = client_for(head).get(link)
    assert "but you are signed in as head@oakfield.test" in text(as_someone_else)

    client = client_for(outsider)
    assert "Accept and go to Oakfield Primary School" in text(client.get(link))
    response = client.post(link)

    assert response.status_code == 302
    assert roles_of(outsider, school) == {Role.GOVERNOR, Role.CLERK}
    assert roles_of(outsider, other_school) == {Role.TEACHER}
    outsider.refresh_from_db()
    assert outsider.check_password(TEST_PASSWORD)


def _dead_page(link: str) -> str:
    response = Client().get(link)
    assert response.status_code == 200
    return text(response)


def test_every_link_that_does_not_work_gets_the_same_page(school, head):
    used, used_token = invitation_create(
        school=school, email="used@x.test", full_name="U", roles=["teacher"], by=head
    )
    _, expired_token = invitation_create(
        school=school, email="old@x.test", full_name="O", roles=["teacher"], by=head
    )
    revoked, revoked_token = invitation_create(
        school=school, email="gone@x.test", full_name="G", roles=["teacher"], by=head
    )
    resent, first_token = invitation_create(
        school=school, email="twice@x.test", full_name="T", roles=["teacher"], by=head
    )
    from people.services import invitation_accept

    invitation_accept(invitation=used, user=None, full_name="U", password=NEW_PASSWORD)
    expired = Invitation.objects.for_school(school).get(email="old@x.test")
    backdate(expired, expires_at=timezone.now() - datetime.timedelta(minutes=1))
    invitation_revoke(invitation=revoked, by=head)
    invitation_resend(invitation=resent, by=head)

    def link(token: str) -> str:
        return reverse("invitations:accept", kwargs={"token": token})

    unknown = _dead_page(link("no-such-token"))
    assert "This invitation link no longer works" in unknown
    assert "Ask the school for a new invitation" in unknown
    for token in (used_token, expired_token, revoked_token, first_token):
        assert _dead_page(link(token)) == unknown
        assert text(Client().post(link(token), {"new_password1": "x"})) == unknown


def test_resending_sends_a_new_link_and_the_old_one_stops_working(
    client_for, school, head, django_capture_on_commit_callbacks
):
    client = client_for(head)
    invite(client, school, django_capture_on_commit_callbacks)
    first = emailed_link("nina@oakfield.test")
    invitation = Invitation.objects.for_school(school).get()
    backdate(invitation, expires_at=timezone.now() + datetime.timedelta(hours=1))

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url(school, "invitation-resend", invitation_id=invitation.public_id))

    assert response.status_code == 302
    second = emailed_link("nina@oakfield.test")
    assert second != first
    assert len(sent_mail()) == 2
    assert "no longer works" in _dead_page(first)
    assert "Join Oakfield" in text(Client().get(second))
    invitation.refresh_from_db()
    assert invitation.expires_at > timezone.now() + datetime.timedelta(days=6)


def test_withdrawing_an_invitation_stops_its_link(
    client_for, school, head, django_capture_on_commit_callbacks
):
    client = client_for(head)
    invite(client, school, django_capture_on_commit_callbacks)
    link = emailed_link("nina@oakfield.test")
    invitation = Invitation.objects.for_school(school).get()

    client.post(url(school, "invitation-revoke", invitation_id=invitation.public_id))

    assert "no longer works" in _dead_page(link)
    invitation.refresh_from_db()
    assert invitation.revoked_at is not None
    assert "Nina Newton" not in text(client.get(url(school, "list")))


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"full_name": ""}, "full_name", "This field is required."),
        ({"email": "not-an-email"}, "email", "Enter a valid email address."),
        ({"roles": []}, "roles", "Choose at least one role."),
        ({"roles": ["pupil"]}, "roles", "Select a valid choice"),
        ({"email": "teacher@oakfield.test"}, "email", "already a member of the school"),
        ({"full_name": "Two\nlines"}, "full_name", ""),
    ],
)
def test_bad_input_is_refused_on_its_field_and_nothing_is_saved(
    client_for, school, head, teacher, django_capture_on_commit_callbacks, change, field, message
):
    response = invite(client_for(head), school, django_capture_on_commit_callbacks, **change)

    assert response.status_code == 200
    errors = response.context["form"].errors
    assert field in errors
    assert message in " ".join(errors[field])
    assert "There is a problem: nothing was saved" in text(response)
    assert invitations(school) == []
    assert sent_mail() == []


def test_a_second_invitation_to_a_waiting_address_is_refused(
    client_for, school, head, django_capture_on_commit_callbacks
):
    client = client_for(head)
    invite(client, school, django_capture_on_commit_callbacks)

    response = invite(client, school, django_capture_on_commit_callbacks, full_name="Nina N")

    assert "An invitation to this address is waiting" in " ".join(
        response.context["form"].errors["email"]
    )
    assert len(invitations(school)) == 1


def test_a_deactivated_person_invited_again_chooses_a_new_password(school, head):
    from people.services import invitation_accept, person_deactivate

    former = member(school, Role.TEACHER, email="former@oakfield.test", full_name="Fay Former")
    person_deactivate(school=school, user=former, by=head)
    former.refresh_from_db()
    assert not former.is_active
    invitation, token = invitation_create(
        school=school,
        email="former@oakfield.test",
        full_name="Fay Former",
        roles=["support"],
        by=head,
    )
    link = reverse("invitations:accept", kwargs={"token": token})
    assert "Join Oakfield Primary School" in text(Client().get(link))

    invitation_accept(
        invitation=invitation, user=None, full_name="Fay Former", password=NEW_PASSWORD
    )

    former.refresh_from_db()
    assert former.is_active
    assert former.check_password(NEW_PASSWORD)
    assert roles_of(former, school) == {Role.SUPPORT}
