"""One request: its page, and the pages that move it on (one service each)."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_http_methods, require_safe

from forms_app.access import (
    FILERS,
    RECORD_ROLES,
    REVIEW_CAPABLE,
    may_oversee,
    may_review,
    may_view_request,
)
from forms_app.forms.requests import (
    DecideForm,
    ReblockedForm,
    RevokeForm,
    UnblockedForm,
    WithdrawForm,
)
from forms_app.models import AccessRequest
from forms_app.services import (
    RecordError,
    access_request_decide,
    access_request_record_reblocked,
    access_request_record_unblocked,
    access_request_revoke,
    access_request_withdraw,
    suggested_access_until,
)
from forms_app.services.common import ACCESS_REQUEST_PDF
from forms_app.views.common import latest_pdf_columns, pdf_read_with, precedent_context
from forms_app.views.requests.shared import (
    ENDABLE,
    HISTORY_LABELS,
    KIND,
    M,
    S,
    day_label,
    may_read_queue,
    posted,
    record_for,
    to_detail,
)
from schools.access import MemberRoles, SchoolRequest, school_view
from schools.calendar import school_today
from schools.forms import add_service_errors
from schools.history import record_history
from schools.roles import Role

# --- One request ---------------------------------------------------------------------


@dataclass(frozen=True)
class Actions:
    """What this person may do with the request now."""

    withdraw: bool
    decide: bool
    unblocked: bool
    revoke: bool
    reblocked: bool

    @property
    def any(self) -> bool:
        return any((self.withdraw, self.decide, self.unblocked, self.revoke, self.reblocked))


def _actions(member: MemberRoles, record: AccessRequest) -> Actions:
    reviewer = may_review(member, KIND)
    network = member.has(Role.NETWORK_MANAGER)
    return Actions(
        withdraw=record.requested_by_id == member.user.pk and record.is_waiting,
        decide=reviewer and record.is_waiting,
        unblocked=network and record.status == S.APPROVED,
        revoke=reviewer and record.status in ENDABLE,
        reblocked=network and record.needs_reblock,
    )


@school_view(*RECORD_ROLES, module=M)
def detail(request: SchoolRequest, request_id: uuid.UUID) -> HttpResponse:
    # The page's PDF link comes with the request, not in a query of its own.
    pdf = latest_pdf_columns(request.school, ACCESS_REQUEST_PDF, request_id)
    record = record_for(request, request_id, **pdf)
    if not may_view_request(request.membership, record):
        raise PermissionDenied  # before the method: whoever may not see it learns no more
    return _detail_page(request, record)


@require_safe
def _detail_page(request: SchoolRequest, record: AccessRequest) -> HttpResponse:
    member = request.membership
    context: dict[str, Any] = {
        "record": record,
        "actions": _actions(member, record),
        "pdf": pdf_read_with(record),
        "entries": record_history(record, labels=HISTORY_LABELS),
        "show_precedent": may_oversee(member, KIND),
        "may_queue": may_read_queue(member),
    }
    if context["show_precedent"]:
        context.update(precedent_context(request, [record.domain], exclude=record))
    return render(request, "forms_app/requests/detail.html", context)


# --- Moving a request on ---------------------------------------------------------


@dataclass(frozen=True)
class Move:
    """A page that moves a request on: where it may start from and what the page says."""

    title: str
    intro: str
    button: str
    possible: Callable[[AccessRequest], bool]
    danger: bool = False


WITHDRAW = Move(
    "Withdraw your request",
    "Withdraw the request if you no longer need the site. It stays on record, marked withdrawn.",
    "Withdraw the request",
    lambda record: record.is_waiting,
    danger=True,
)
DECIDE = Move("Decide", "", "Send the decision", lambda record: record.is_waiting)
UNBLOCKED = Move(
    "Record the site as unblocked",
    "Record the day you opened the site in the school's filter. The requester is told.",
    "Record as unblocked",
    lambda record: record.status == S.APPROVED,
)
REVOKE = Move(
    "Revoke the approval",
    "End the approval now. The requester is told, and the network manager is asked to block "
    "the site again if it was unblocked.",
    "Revoke the approval",
    lambda record: record.status in ENDABLE,
    danger=True,
)
REBLOCKED = Move(
    "Record the site as blocked again",
    "The approval has ended. Record the day you blocked the site again in the school's filter.",
    "Record as blocked again",
    lambda record: record.needs_reblock,
)


def _not_now(request: SchoolRequest, record: AccessRequest) -> HttpResponse:
    state = f"{record.reference} is now “{record.get_status_display()}”"
    if request.method == "POST":
        messages.error(request, f"{state}, so this cannot be done: nothing was changed.")
    else:
        messages.info(request, f"{state}: there is nothing to do on that page.")
    return to_detail(request, record)


def _move(
    request: SchoolRequest,
    record: AccessRequest,
    move: Move,
    form: forms.Form,
    perform: Callable[[dict[str, Any]], str],
    template: str = "forms_app/requests/move.html",
    **extra: Any,
) -> HttpResponse:
    """The state check, the form and one service call; ``perform`` returns the message."""
    if not move.possible(record):
        return _not_now(request, record)
    if form.is_bound and form.is_valid():
        try:
            done = perform(form.cleaned_data)
        except RecordError as error:
            messages.error(request, " ".join(error.messages))
            return to_detail(request, record)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, done)
            return to_detail(request, record)
    context = {"record": record, "form": form, "move": move, **extra}
    return render(request, template, context)


@school_view(*FILERS, module=M)
@require_http_methods(["GET", "HEAD", "POST"])
def withdraw(request: SchoolRequest, request_id: uuid.UUID) -> HttpResponse:
    """Only the requester, while the request waits; the reason is optional.

    For anyone else the page does not exist: another person's request here is
    the same 404 as a request that does not exist.
    """
    record = record_for(request, request_id)
    if record.requested_by_id != request.user.pk:
        raise Http404

    def perform(data: dict[str, Any]) -> str:
        access_request_withdraw(request=record, by=request.user, reason=data["reason"])
        return f"You have withdrawn {record.reference}."

    return _move(request, record, WITHDRAW, WithdrawForm(posted(request)), perform)


def _reviewer_only(request: SchoolRequest) -> None:
    if not may_review(request.membership, KIND):
        raise PermissionDenied


@school_view(*REVIEW_CAPABLE, module=M)
@require_http_methods(["GET", "HEAD", "POST"])
def decide(request: SchoolRequest, request_id: uuid.UUID) -> HttpResponse:
    """The reviewer's decision, with the reason the requester will read."""
    record = record_for(request, request_id)
    _reviewer_only(request)
    until = suggested_access_until(record, school_today(request.school))
    form = DecideForm(posted(request), initial={"access_until": until})

    def perform(data: dict[str, Any]) -> str:
        decided = access_request_decide(
            request=record,
            by=request.user,
            approve=form.approve,
            reason=data["reason"],
            access_until=data["access_until"],
        )
        if decided.status == S.REJECTED:
            return f"{record.reference} is refused. The requester has been told why."
        return (
            f"{record.reference} is approved. The requester has been told, "
            "and the network manager asked to unblock the site."
        )

    precedent = precedent_context(request, [record.domain], exclude=record)
    return _move(
        request, record, DECIDE, form, perform, "forms_app/requests/decide.html", **precedent
    )


@school_view(Role.NETWORK_MANAGER, module=M)
@require_http_methods(["GET", "HEAD", "POST"])
def unblocked(request: SchoolRequest, request_id: uuid.UUID) -> HttpResponse:
    """The network manager records the day the site was opened in the filter."""
    record = record_for(request, request_id)
    today = school_today(request.school)
    form = UnblockedForm(posted(request), initial={"unblocked_on": today}, today=today)

    def perform(data: dict[str, Any]) -> str:
        access_request_record_unblocked(
            request=record, by=request.user, unblocked_on=data["unblocked_on"]
        )
        return (
            f"{record.reference}: recorded as unblocked on {day_label(data['unblocked_on'])}. "
            "The requester has been told."
        )

    return _move(request, record, UNBLOCKED, form, perform)


@school_view(*REVIEW_CAPABLE, module=M)
@require_http_methods(["GET", "HEAD", "POST"])
def revoke(request: SchoolRequest, request_id: uuid.UUID) -> HttpResponse:
    """A reviewer ends an approval early, saying why."""
    record = record_for(request, request_id)
    _reviewer_only(request)

    def perform(data: dict[str, Any]) -> str:
        access_request_revoke(request=record, by=request.user, reason=data["reason"])
        return f"The approval of {record.reference} is revoked. The requester has been told."

    return _move(request, record, REVOKE, RevokeForm(posted(request)), perform)


@school_view(Role.NETWORK_MANAGER, module=M)
@require_http_methods(["GET", "HEAD", "POST"])
def reblocked(request: SchoolRequest, request_id: uuid.UUID) -> HttpResponse:
    """The network manager records the day the site was blocked again after the approval ended."""
    record = record_for(request, request_id)
    today = school_today(request.school)
    form = ReblockedForm(posted(request), initial={"reblocked_on": today}, today=today)

    def perform(data: dict[str, Any]) -> str:
        access_request_record_reblocked(
            request=record, by=request.user, reblocked_on=data["reblocked_on"]
        )
        return (
            f"{record.reference}: recorded as blocked again on {day_label(data['reblocked_on'])}."
        )

    return _move(request, record, REBLOCKED, form, perform)
