"""Writes to a school's people: invitations, roles and deactivation.

Each is atomic, takes the acting person as ``by`` and records them in the
history. Roles are ``Membership`` rows granted and ended through
``schools.services``; a school always keeps at least one headteacher.
"""

from __future__ import annotations

import datetime
import hashlib
import secrets
from collections.abc import Iterable

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone

from accounts.mail import account_mail
from accounts.models import User
from notifications.email import absolute_url, render_email
from people.models import Invitation
from people.sessions import sessions_end
from schools.models import Membership, School
from schools.records import save_as
from schools.roles import Role
from schools.services import membership_end, membership_grant, school_ensure

INVITATION_TEMPLATE = "invitation"
LAST_HEAD = "The school must keep at least one headteacher. Make someone else headteacher first."


def invitation_days() -> int:
    """How long an invitation link works (``PEOPLE_INVITATION_DAYS``, default 7)."""
    return int(getattr(settings, "PEOPLE_INVITATION_DAYS", 7))


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def invitation_url(token: str) -> str:
    return absolute_url(reverse("invitations:accept", kwargs={"token": token}))


def _save(invitation: Invitation, by: User | None, fields: list[str] | None = None) -> None:
    invitation._history_user = by  # type: ignore[attr-defined]
    # The id and the hash are unique across schools: checking them would read unscoped.
    invitation.full_clean(exclude=["public_id", "token_hash"])
    invitation.save(update_fields=fields)


def _new_link(invitation: Invitation) -> str:
    token = secrets.token_urlsafe(32)
    now = timezone.now()
    invitation.token_hash = _hash(token)
    invitation.sent_at = now
    invitation.expires_at = now + datetime.timedelta(days=invitation_days())
    return token


def _send_on_commit(invitation: Invitation, token: str) -> None:
    """Email the link once committed, from the background sender (accounts/mail.py).

    The token exists only in this process's memory, never in the database or
    the jobs outbox, so the email cannot wait for a worker: it goes from the
    same background thread as password-reset emails, and the page never waits
    for the mail server. A lost email is sent again with "Resend".
    """
    school = invitation.school
    inviter = invitation.invited_by
    context = {
        "school": school,
        "full_name": invitation.full_name,
        "inviter": inviter.full_name if inviter is not None else "",
        "link": invitation_url(token),
        "expires_on": _day(invitation.expires_at, school),
    }
    to = invitation.email

    def send() -> None:
        from django.core.mail import EmailMultiAlternatives

        rendered = render_email(INVITATION_TEMPLATE, context)
        message = EmailMultiAlternatives(subject=rendered.subject, body=rendered.text, to=[to])
        message.attach_alternative(rendered.html, "text/html")
        message.send()

    transaction.on_commit(lambda: account_mail.submit(send))


def _day(moment: datetime.datetime, school: School) -> str:
    local = timezone.localtime(moment, school.tz)
    return f"{local.day} {local:%B %Y} at {local:%H:%M}"


def active_members(school: School) -> QuerySet[Membership]:
    return Membership.objects.for_school(school).filter(ended_at__isnull=True)


def pending_invitations(school: School) -> QuerySet[Invitation]:
    return Invitation.objects.for_school(school).filter(
        accepted_at__isnull=True, revoked_at__isnull=True
    )


def _check_roles(roles: Iterable[str]) -> list[str]:
    chosen = [str(role) for role in roles]
    if not chosen:
        raise ValidationError({"roles": "Choose at least one role."})
    unknown = set(chosen) - set(Role.values)
    if unknown:
        raise ValidationError({"roles": "Choose roles from the list."})
    return [role.value for role in Role if role.value in chosen]


@transaction.atomic
def invitation_create(
    *,
    school: School,
    email: str,
    full_name: str,
    roles: Iterable[str],
    title: str = "",
    by: User | None,
) -> tuple[Invitation, str]:
    """Invite ``email`` to take up ``roles`` in ``school``; the link is emailed on commit.

    Returns the invitation and its token (the only copy: the database keeps its hash).
    """
    email = User.objects.normalize_email(email.strip()).lower()
    chosen = _check_roles(roles)
    if active_members(school).filter(user__email__iexact=email).exists():
        raise ValidationError(
            {
                "email": "This person is already a member of the school: "
                "change their roles on their page."
            }
        )
    if pending_invitations(school).filter(email__iexact=email).exists():
        raise ValidationError(
            {
                "email": "An invitation to this address is waiting: "
                "resend it from the list of people."
            }
        )
    invitation = Invitation(
        school=school,
        email=email,
        full_name=full_name.strip(),
        roles=chosen,
        title=title.strip(),
        invited_by=by,
    )
    token = _new_link(invitation)
    _save(invitation, by)
    _send_on_commit(invitation, token)
    return invitation, token


@transaction.atomic
def first_headteacher_invite(
    *, school: School, full_name: str, email: str, by: User | None
) -> tuple[Invitation, str]:
    """The platform administrator's invitation to a new school's first headteacher."""
    return invitation_create(
        school=school, email=email, full_name=full_name, roles=[Role.HEADTEACHER], by=by
    )


def _locked(invitation: Invitation) -> Invitation:
    return (
        Invitation.objects.for_school(invitation.school).select_for_update().get(pk=invitation.pk)
    )


@transaction.atomic
def invitation_resend(*, invitation: Invitation, by: User) -> str:
    """A new link with a new expiry, emailed again; the earlier link stops working."""
    invitation = _locked(invitation)
    if not invitation.is_pending:
        raise ValidationError("This invitation was already accepted or withdrawn.")
    token = _new_link(invitation)
    _save(invitation, by, ["token_hash", "sent_at", "expires_at"])
    _send_on_commit(invitation, token)
    return token


@transaction.atomic
def invitation_revoke(*, invitation: Invitation, by: User) -> bool:
    """Withdraw an invitation: its link stops working. False if it was no longer pending."""
    invitation = _locked(invitation)
    if not invitation.is_pending:
        return False
    invitation.revoked_at = timezone.now()
    _save(invitation, by, ["revoked_at"])
    return True


def invitation_for_token(token: str) -> Invitation | None:
    """The pending, unexpired invitation ``token`` opens, else None (whatever the reason)."""
    if not token or len(token) > 100:
        return None
    invitation = (
        # unscoped: the link is opened outside any school; the hash names one invitation.
        Invitation.objects.unscoped("an invitation link names its own school")
        .select_related("school", "invited_by")
        .filter(token_hash=_hash(token), school__is_active=True)
        .first()
    )
    if invitation is None or not invitation.is_pending:
        return None
    if invitation.expires_at <= timezone.now():
        return None
    return invitation


@transaction.atomic
def invitation_accept(
    *,
    invitation: Invitation,
    user: User | None,
    full_name: str = "",
    password: str = "",
) -> User:
    """Take up the invitation's roles: as ``user`` (signed in as the invited address), or
    as a new account with ``full_name`` and ``password`` when the address has none.

    The account's own changes name the person; the roles name whoever invited them.
    """
    invitation = _locked(invitation)
    if not invitation.is_pending or invitation.expires_at <= timezone.now():
        raise ValidationError("This invitation link no longer works.")
    if user is None:
        user = _account_for(invitation, full_name=full_name, password=password)
    elif user.email.lower() != invitation.email.lower():
        raise ValidationError("This invitation is for another email address.")
    for role in invitation.roles:
        membership_grant(
            school=invitation.school,
            user=user,
            role=Role(role),
            title=invitation.title,
            by=invitation.invited_by,
        )
    invitation.accepted_at = timezone.now()
    invitation.accepted_by = user
    _save(invitation, user, ["accepted_at", "accepted_by"])
    return user


def _account_for(invitation: Invitation, *, full_name: str, password: str) -> User:
    """A new account for the invited address, or its closed one opened again.

    Signed out, yet the token proved who they are: the history names the account's owner.
    """
    user = User.objects.filter(email__iexact=invitation.email).first()
    if user is not None and user.is_active:
        raise ValidationError("Sign in as this address to accept.")
    if user is None:
        user = User(email=invitation.email)
    user.full_name = full_name.strip()
    user.is_active = True
    user.set_password(password)
    user._history_user = user  # type: ignore[attr-defined]
    user.full_clean(exclude=["password", "public_id", "email"])
    user.save()
    return user


def _heads(school: School) -> QuerySet[Membership]:
    return active_members(school).filter(role=Role.HEADTEACHER)


def _guard_last_head(school: School, user: User) -> None:
    heads = list(_heads(school).select_for_update().values_list("user_id", flat=True))
    if set(heads) <= {user.pk}:
        raise ValidationError(LAST_HEAD)


@transaction.atomic
def person_role_add(
    *, school: School, user: User, role: Role, title: str = "", by: User
) -> Membership:
    """Give a member of ``school`` another role there."""
    if not active_members(school).filter(user=user).exists():
        raise ValidationError("This person is no longer a member of the school.")
    if active_members(school).filter(user=user, role=role).exists():
        raise ValidationError({"add_role": "This person already holds this role."})
    return membership_grant(school=school, user=user, role=role, title=title, by=by)


@transaction.atomic
def person_role_end(*, school: School, user: User, role: Role, by: User) -> None:
    """End one of a member's roles. The last headteacher keeps theirs; and a person's
    last role is ended by deactivating them, which ends their sessions too."""
    membership = active_members(school).filter(user=user, role=role).first()
    if membership is None:
        raise ValidationError("This person does not hold this role.")
    if role == Role.HEADTEACHER:
        _guard_last_head(school, user)
    if not active_members(school).filter(user=user).exclude(pk=membership.pk).exists():
        raise ValidationError(
            "This is the person's only role here: deactivate them instead, "
            "which also signs them out."
        )
    membership_end(membership=membership, by=by)


@transaction.atomic
def person_deactivate(*, school: School, user: User, by: User) -> bool:
    """End every role ``user`` holds in ``school`` and every session they have.

    If they then hold no role in any school, the account itself is made
    inactive. Returns whether it was. The school keeps a headteacher, and no
    one deactivates themselves.
    """
    if user.pk == by.pk:
        raise ValidationError("You cannot deactivate yourself.")
    memberships = list(active_members(school).filter(user=user).select_for_update())
    if not memberships:
        raise ValidationError("This person is no longer a member of the school.")
    if any(m.role == Role.HEADTEACHER for m in memberships):
        _guard_last_head(school, user)
    for membership in memberships:
        membership_end(membership=membership, by=by)
    deactivated = False
    if not user.memberships.filter(ended_at__isnull=True).exists() and user.is_active:
        user.is_active = False
        save_as(user, by, fields=["is_active"])
        deactivated = True
    # At once, not on commit: the database's sessions go with this transaction.
    sessions_end(user)
    return deactivated


@transaction.atomic
def school_create_with_head(
    *,
    name: str,
    slug: str,
    head_name: str,
    head_email: str,
    time_zone: str = "Europe/London",
    by: User | None,
) -> tuple[School, Invitation, str]:
    """A new school (with its reference lists) and the invitation of its first headteacher."""
    if School.objects.filter(slug=slug).exists():
        raise ValidationError({"slug": f"A school already has the address “{slug}”."})
    school = school_ensure(slug=slug, name=name, time_zone=time_zone, by=by)
    invitation, token = first_headteacher_invite(
        school=school, full_name=head_name, email=head_email, by=by
    )
    return school, invitation, token
