"""Invitations, and the roles and accounts the people pages change.

An invitation's own rows name the headteacher who sent, resent or withdrew it
(the platform administrator for a new school's first headteacher; no person
and the reason ``create_school`` from the command), and the invited person
once they accept. The roles granted on accepting name whoever invited them.
"""

from __future__ import annotations

from django.test import Client
from django.urls import reverse

from accounts.models import User
from people.models import Invitation
from people.services import (
    first_headteacher_invite,
    invitation_accept,
    invitation_create,
    invitation_resend,
    invitation_revoke,
    person_deactivate,
)
from schools.models import Membership, School
from schools.roles import Role
from tests.audit.admin_forms import admin_add
from tests.audit.paths import COMMAND, SERVICE, VIEW, Changed, World, path
from tests.factories import UserFactory, member

NEW_PASSWORD = "Plum-orchard-lantern-42"


def _invite(w: World, email: str = "nina@oakfield.test") -> tuple[Invitation, str]:
    return invitation_create(
        school=w.school, email=email, full_name="Nina Newton", roles=[Role.TEACHER], by=w.head
    )


def _invitation(w: World) -> Invitation:
    return Invitation.objects.for_school(w.school).get()


# --- Invitation -------------------------------------------------------------------------------


@path("people.Invitation", VIEW, "invite")
def _invite_view(w: World) -> Changed:
    data = {"full_name": "Nina Newton", "email": "nina@oakfield.test", "roles": ["teacher"]}
    w.post(w.head, "people:invite", data)
    return Changed(_invitation(w), w.head)


@path("people.Invitation", VIEW, "invitation-resend")
def _resend_view(w: World) -> Changed:
    invitation, _ = _invite(w)
    w.start()
    w.post(w.head, "people:invitation-resend", invitation_id=invitation.public_id)
    return Changed(invitation, w.head)


@path("people.Invitation", VIEW, "invitation-revoke")
def _revoke_view(w: World) -> Changed:
    invitation, _ = _invite(w)
    w.start()
    w.post(w.head, "people:invitation-revoke", invitation_id=invitation.public_id)
    return Changed(invitation, w.head)


@path("people.Invitation", VIEW, "invitations:accept (a new account)")
def _accept_view(w: World) -> Changed:
    invitation, token = _invite(w)
    w.start()
    link = reverse("invitations:accept", kwargs={"token": token})
    data = {
        "full_name": "Nina Newton",
        "new_password1": NEW_PASSWORD,
        "new_password2": NEW_PASSWORD,
    }
    assert Client().post(link, data).status_code == 302
    return Changed(invitation, User.objects.get(email="nina@oakfield.test"))


@path("people.Invitation", VIEW, "invitations:accept (signed in)")
def _accept_signed_in_view(w: World) -> Changed:
    someone = UserFactory(email="elsewhere@riverside.test")
    invitation, token = _invite(w, email=someone.email)
    w.start()
    link = reverse("invitations:accept", kwargs={"token": token})
    assert w.client_for(someone).post(link).status_code == 302
    return Changed(invitation, someone)


@path("people.Invitation", SERVICE, "invitation_create")
def _create_service(w: World) -> Changed:
    invitation, _ = _invite(w)
    return Changed(invitation, w.head)


@path("people.Invitation", SERVICE, "invitation_resend")
def _resend_service(w: World) -> Changed:
    invitation, _ = _invite(w)
    w.start()
    invitation_resend(invitation=invitation, by=w.head)
    return Changed(invitation, w.head)


@path("people.Invitation", SERVICE, "invitation_revoke")
def _revoke_service(w: World) -> Changed:
    invitation, _ = _invite(w)
    w.start()
    invitation_revoke(invitation=invitation, by=w.head)
    return Changed(invitation, w.head)


@path("people.Invitation", SERVICE, "invitation_accept")
def _accept_service(w: World) -> Changed:
    someone = UserFactory(email="elsewhere@riverside.test")
    invitation, _ = _invite(w, email=someone.email)
    w.start()
    invitation_accept(invitation=invitation, user=someone)
    return Changed(invitation, someone)


@path("people.Invitation", SERVICE, "first_headteacher_invite")
def _first_head_service(w: World) -> Changed:
    invitation, _ = first_headteacher_invite(
        school=w.school, full_name="Nina Newton", email="nina@oakfield.test", by=w.admin
    )
    return Changed(invitation, w.admin)


# The School admin's add form invites the first headteacher: an Invitation written from
# the admin, though Invitation has no admin page of its own.
@path("people.Invitation", SERVICE, "first_headteacher_invite (School admin add form)")
def _first_head_admin(w: World) -> Changed:
    admin_add(
        w.admin,
        School,
        slug="elmtree",
        name="Elm Tree Primary School",
        head_name="Ellen Elm",
        head_email="ellen@elmtree.test",
    )
    school = School.objects.get(slug="elmtree")
    return Changed(Invitation.objects.for_school(school).get(), w.admin)


@path("people.Invitation", COMMAND, "create_school")
def _create_school_command(w: World) -> Changed:
    from django.core.management import call_command

    call_command(
        "create_school",
        name="Ash Grove Primary School",
        slug="ash-grove",
        head_email="amir@ashgrove.test",
        head_name="Amir Ash",
        stdout=open("/dev/null", "w"),  # noqa: SIM115 - the link is not the test's concern
    )
    school = School.objects.get(slug="ash-grove")
    return Changed(Invitation.objects.for_school(school).get(), None, "create_school")


# --- Membership and User through the people pages -------------------------------------------


@path("schools.Membership", VIEW, "people:person (add a role)")
def _role_add_view(w: World) -> Changed:
    w.post(w.head, "people:person", {"add_role": "dsl"}, person_id=w.teacher.public_id)
    return Changed(Membership.objects.for_school(w.school).get(user=w.teacher, role="dsl"), w.head)


@path("schools.Membership", VIEW, "people:role-end")
def _role_end_view(w: World) -> Changed:
    extra = member(w.school, Role.TEACHER, Role.SUPPORT)
    w.start()
    w.post(w.head, "people:role-end", {"end_role": "support"}, person_id=extra.public_id)
    return Changed(Membership.objects.for_school(w.school).get(user=extra, role="support"), w.head)


@path("schools.Membership", VIEW, "people:deactivate")
def _deactivate_roles_view(w: World) -> Changed:
    w.post(w.head, "people:deactivate", {"confirm": "on"}, person_id=w.teacher.public_id)
    return Changed(Membership.objects.for_school(w.school).get(user=w.teacher), w.head)


@path("schools.Membership", VIEW, "invitations:accept (roles name the inviter)")
def _accept_roles_view(w: World) -> Changed:
    _, token = _invite(w)
    w.start()
    link = reverse("invitations:accept", kwargs={"token": token})
    data = {
        "full_name": "Nina Newton",
        "new_password1": NEW_PASSWORD,
        "new_password2": NEW_PASSWORD,
    }
    assert Client().post(link, data).status_code == 302
    nina = User.objects.get(email="nina@oakfield.test")
    return Changed(Membership.objects.for_school(w.school).get(user=nina), w.head)


@path("accounts.User", VIEW, "people:deactivate (closes the account)")
def _deactivate_account_view(w: World) -> Changed:
    w.post(w.head, "people:deactivate", {"confirm": "on"}, person_id=w.teacher.public_id)
    return Changed(User.objects.get(pk=w.teacher.pk), w.head)


@path("accounts.User", SERVICE, "person_deactivate")
def _deactivate_service(w: World) -> Changed:
    person_deactivate(school=w.school, user=w.teacher, by=w.head)
    return Changed(User.objects.get(pk=w.teacher.pk), w.head)


@path("accounts.User", VIEW, "invitations:accept (a new account names its owner)")
def _accept_account_view(w: World) -> Changed:
    _, token = _invite(w)
    w.start()
    link = reverse("invitations:accept", kwargs={"token": token})
    data = {
        "full_name": "Nina Newton",
        "new_password1": NEW_PASSWORD,
        "new_password2": NEW_PASSWORD,
    }
    assert Client().post(link, data).status_code == 302
    nina = User.objects.get(email="nina@oakfield.test")
    return Changed(nina, nina)
