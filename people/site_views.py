"""The invitation link, /invitations/<token>/: outside any school, signed in or not.

A link that does not open a pending, unexpired invitation (unknown, expired,
withdrawn, used, replaced by a resend) gets one page, the same whatever the
reason, so the link tells nobody whether an invitation ever existed.
"""

from __future__ import annotations

from collections.abc import Mapping

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from accounts.models import User
from people.forms import AcceptForm
from people.models import Invitation
from people.services import invitation_accept, invitation_for_token


def _dead(request: HttpRequest) -> HttpResponse:
    return render(request, "people/link_dead.html")


def _welcome(request: HttpRequest, invitation: Invitation, user: User) -> HttpResponse:
    messages.success(request, f"Welcome to {invitation.school.name}.")
    return redirect("schools:home", school_slug=invitation.school.slug)


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def accept(request: HttpRequest, token: str) -> HttpResponse:
    invitation = invitation_for_token(token)
    if invitation is None:
        return _dead(request)
    account = User.objects.filter(email__iexact=invitation.email).first()
    context = {"invitation": invitation, "account": account}
    if account is not None and account.is_active:
        return _existing_account(request, invitation, account, context)
    return _new_account(request, invitation, account, context)


def _existing_account(
    request: HttpRequest, invitation: Invitation, account: User, context: Mapping[str, object]
) -> HttpResponse:
    """The address has an account: accepting adds the roles to it, once signed in as it."""
    if request.user.pk != account.pk:
        # Not signed in, or signed in as someone else: sign in as the invited address first.
        return render(request, "people/accept_sign_in.html", context)
    if request.method == "POST":
        try:
            invitation_accept(invitation=invitation, user=account)
        except ValidationError:
            return _dead(request)
        return _welcome(request, invitation, account)
    return render(request, "people/accept_existing.html", context)


def _new_account(
    request: HttpRequest,
    invitation: Invitation,
    account: User | None,
    context: Mapping[str, object],
) -> HttpResponse:
    """No active account: the person names themselves and chooses a password."""
    if request.user.is_authenticated:
        return render(request, "people/accept_sign_in.html", context)
    # The validators compare the password with the person's name and address.
    someone = account or User(email=invitation.email, full_name=invitation.full_name)
    data = request.POST if request.method == "POST" else None
    form = AcceptForm(someone, data, initial={"full_name": invitation.full_name})
    if form.is_bound and form.is_valid():
        someone.full_name = form.cleaned_data["full_name"]
        try:
            user = invitation_accept(
                invitation=invitation,
                user=None,
                full_name=form.cleaned_data["full_name"],
                password=form.cleaned_data["new_password1"],
            )
        except ValidationError:
            return _dead(request)
        login(request, user, backend=settings.AUTHENTICATION_BACKENDS[0])
        return _welcome(request, invitation, user)
    return render(request, "people/accept.html", {**context, "form": form})
