"""Pages under /<school_slug>/people/: the headteacher manages the school's people.

Only the headteacher opens them (403 for other members). A person is
addressed by their account's public id and must hold, or have held, a role
in this school: anyone else is the 404 of an id that does not exist.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_safe

from accounts.models import User
from people.forms import DeactivateForm, InviteForm, PeopleFilterForm, RoleAddForm, RoleEndForm
from people.models import Invitation
from people.services import (
    active_members,
    invitation_create,
    invitation_days,
    invitation_resend,
    invitation_revoke,
    pending_invitations,
    person_deactivate,
    person_role_add,
    person_role_end,
)
from schools.access import SchoolRequest, get_object_for, school_view
from schools.forms import add_service_errors
from schools.models import Membership
from schools.roles import Role
from twofactor.models import TOTPDevice

HEAD = Role.HEADTEACHER
GET_POST = ["GET", "HEAD", "POST"]


@dataclass
class Person:
    """One member of the school with every role they hold there now."""

    user: User
    memberships: list[Membership] = field(default_factory=list)

    @property
    def roles(self) -> list[Role]:
        held = {m.role for m in self.memberships}
        return [role for role in Role if role.value in held]

    @property
    def titles(self) -> list[str]:
        return sorted({m.title for m in self.memberships if m.title})

    @property
    def two_factor(self) -> bool:
        """Whether they sign in with an authenticator app's code (``with_two_factor``)."""
        return any(getattr(m, "two_factor", False) for m in self.memberships)


def people_of(memberships: Any) -> list[Person]:
    """Memberships (users selected with them) grouped by person, by name."""
    people: dict[int, Person] = {}
    for membership in memberships:
        people.setdefault(membership.user_id, Person(membership.user)).memberships.append(
            membership
        )
    return sorted(people.values(), key=lambda p: (p.user.full_name.lower(), p.user.email))


def with_two_factor(memberships: QuerySet[Membership]) -> QuerySet[Membership]:
    """Each membership knows whether its person has set up two-factor sign-in."""
    return memberships.annotate(
        two_factor=Exists(TOTPDevice.objects.filter(user_id=OuterRef("user_id")))
    )


def _to_list(request: SchoolRequest) -> HttpResponse:
    return redirect("people:list", school_slug=request.school.slug)


def _to_person(request: SchoolRequest, user: User) -> HttpResponse:
    return redirect("people:person", school_slug=request.school.slug, person_id=user.public_id)


@school_view(HEAD)
@require_safe
def people_list(request: SchoolRequest) -> HttpResponse:
    """Everyone who holds a role here now, by person, and the invitations still waiting."""
    form = PeopleFilterForm(request.GET)
    memberships = with_two_factor(active_members(request.school).select_related("user"))
    invitations = pending_invitations(request.school).select_related("invited_by")
    if form.is_valid():
        if text := form.cleaned_data["q"].strip():
            found = Q(user__full_name__icontains=text) | Q(user__email__icontains=text)
            holders = active_members(request.school).filter(found).values("user_id")
            memberships = memberships.filter(user_id__in=holders)
            invitations = invitations.filter(
                Q(full_name__icontains=text) | Q(email__icontains=text)
            )
        if role := form.cleaned_data["role"]:
            holders = active_members(request.school).filter(role=role).values("user_id")
            memberships = memberships.filter(user_id__in=holders)
    invitation_list = list(invitations)
    if form.is_valid() and (role := form.cleaned_data["role"]):
        # Roles are a JSON list; SQLite has no containment lookup, and the list is short.
        invitation_list = [i for i in invitation_list if role in i.roles]
    context = {
        "form": form,
        "people": people_of(memberships),
        "invitations": invitation_list,
        "now": timezone.now(),
        "filtered": any(request.GET.get(name) for name in form.fields),
    }
    return render(request, "people/list.html", context)


@school_view(HEAD)
@require_http_methods(GET_POST)
def invite(request: SchoolRequest) -> HttpResponse:
    form = InviteForm(request.POST if request.method == "POST" else None)
    if form.is_bound and form.is_valid():
        try:
            invitation, _ = invitation_create(
                school=request.school, by=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                f"Invitation sent to {invitation.email}. The link works for "
                f"{_days_left(invitation)} days.",
            )
            return _to_list(request)
    return render(request, "people/invite.html", {"form": form, "days": invitation_days()})


def _days_left(invitation: Invitation) -> int:
    return max(1, round((invitation.expires_at - invitation.sent_at).total_seconds() / 86400))


def _invitation(request: SchoolRequest, invitation_id: uuid.UUID) -> Invitation:
    invitations = Invitation.objects.get_queryset().select_related("school", "invited_by")
    return get_object_for(request, invitations, public_id=invitation_id)


def _invitation_action(
    request: SchoolRequest, invitation_id: uuid.UUID, act: Callable[[Invitation], str]
) -> HttpResponse:
    invitation = _invitation(request, invitation_id)
    if request.method == "POST":
        try:
            messages.success(request, act(invitation))
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
    return _to_list(request)


@school_view(HEAD)
@require_http_methods(GET_POST)
def invitation_resend_view(request: SchoolRequest, invitation_id: uuid.UUID) -> HttpResponse:
    def act(invitation: Invitation) -> str:
        invitation_resend(invitation=invitation, by=request.user)
        return f"A new invitation was sent to {invitation.email}; the earlier link no longer works."

    return _invitation_action(request, invitation_id, act)


@school_view(HEAD)
@require_http_methods(GET_POST)
def invitation_revoke_view(request: SchoolRequest, invitation_id: uuid.UUID) -> HttpResponse:
    def act(invitation: Invitation) -> str:
        if invitation_revoke(invitation=invitation, by=request.user):
            return f"The invitation to {invitation.email} was withdrawn: its link no longer works."
        return "That invitation was no longer waiting."

    return _invitation_action(request, invitation_id, act)


def _person(request: SchoolRequest, person_id: uuid.UUID) -> tuple[User, list[Membership]]:
    """The person and their current roles here; 404 unless they hold or held one."""
    rows = Membership.objects.for_school(request.school).select_related("user")
    try:
        found = list(rows.filter(user__public_id=person_id).order_by("started_at"))
    except (ValidationError, ValueError) as exc:
        raise Http404 from exc
    if not found:
        raise Http404
    return found[0].user, [m for m in found if m.ended_at is None]


def _person_page(
    request: SchoolRequest,
    user: User,
    memberships: list[Membership],
    add_form: RoleAddForm | None = None,
) -> HttpResponse:
    held = frozenset(Role(m.role) for m in memberships)
    context = {
        "person": Person(user, memberships),
        "add_form": add_form or RoleAddForm(held=held),
        "is_self": user.pk == request.user.pk,
        "record": role_record(request.school, user),
    }
    return render(request, "people/person.html", context)


@dataclass(frozen=True)
class RoleSpell:
    """One role held for a while: who gave it and, once ended, who ended it."""

    membership: Membership
    given_by: str
    ended_by: str


def _name(user: User | None) -> str:
    return (user.full_name or user.email) if user is not None else "the portal"


def role_record(school: Any, user: User) -> list[RoleSpell]:
    """Every role the person holds or held here, newest first, with who acted. Two queries."""
    rows = list(
        Membership.objects.for_school(school).filter(user=user).order_by("-started_at", "-pk")
    )
    history = (
        Membership.history.filter(id__in=[m.pk for m in rows])
        .select_related("history_user")
        .order_by("history_date", "history_id")
    )
    given: dict[int, str] = {}
    ended: dict[int, str] = {}
    for row in history:
        if row.history_type == "+":
            given[row.id] = _name(row.history_user)
        elif row.ended_at is not None and row.id not in ended:
            ended[row.id] = _name(row.history_user)
    return [RoleSpell(m, given.get(m.pk, ""), ended.get(m.pk, "")) for m in rows]


@school_view(HEAD)
@require_http_methods(GET_POST)
def person_detail(request: SchoolRequest, person_id: uuid.UUID) -> HttpResponse:
    """A person's roles here; a POST adds a role."""
    user, memberships = _person(request, person_id)
    if request.method != "POST":
        return _person_page(request, user, memberships)
    held = frozenset(Role(m.role) for m in memberships)
    form = RoleAddForm(request.POST, held=held)
    if not memberships:
        form.add_error(None, "This person is no longer a member of the school.")
    elif form.is_valid():
        role = Role(form.cleaned_data["add_role"])
        try:
            person_role_add(
                school=request.school,
                user=user,
                role=role,
                title=form.cleaned_data["title"],
                by=request.user,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"{user.full_name} is now also {role.label.lower()}.")
            return _to_person(request, user)
    return _person_page(request, user, memberships, add_form=form)


@school_view(HEAD)
@require_http_methods(GET_POST)
def role_end(request: SchoolRequest, person_id: uuid.UUID) -> HttpResponse:
    """End one role (a POST from the person page); a GET goes back to the page."""
    user, _ = _person(request, person_id)
    if request.method == "POST":
        form = RoleEndForm(request.POST)
        if not form.is_valid():
            messages.error(request, "Choose which role to end.")
        else:
            role = Role(form.cleaned_data["end_role"])
            try:
                person_role_end(school=request.school, user=user, role=role, by=request.user)
            except ValidationError as error:
                messages.error(request, " ".join(error.messages))
            else:
                messages.success(request, f"{user.full_name} is no longer {role.label.lower()}.")
    return _to_person(request, user)


@school_view(HEAD)
@require_http_methods(GET_POST)
def deactivate(request: SchoolRequest, person_id: uuid.UUID) -> HttpResponse:
    user, memberships = _person(request, person_id)
    form = DeactivateForm(request.POST if request.method == "POST" else None)
    if form.is_bound and form.is_valid():
        try:
            account_closed = person_deactivate(school=request.school, user=user, by=request.user)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            done = f"{user.full_name} no longer has a role here and has been signed out."
            if account_closed:
                done += " They hold no role in any school, so their account is closed too."
            messages.success(request, done)
            return _to_list(request)
    context = {
        "person": Person(user, memberships),
        "form": form,
        "is_self": user.pk == request.user.pk,
    }
    return render(request, "people/deactivate.html", context)
