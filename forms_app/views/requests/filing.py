"""The requester's pages: their list, the form, and the same-site box."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_http_methods, require_safe

from forms_app.access import (
    FILERS,
    RECORD_ROLES,
    reviewer_roles,
)
from forms_app.forms.reports import first_address
from forms_app.forms.requests import (
    AccessRequestForm,
)
from forms_app.models import AccessRequest
from forms_app.services import (
    access_request_submit,
)
from forms_app.views.common import domain_of, precedent_context
from forms_app.views.requests.shared import (
    KIND,
    PER_PAGE,
    TEAM_NAMES,
    M,
    posted,
    to_detail,
)
from schools.access import MemberRoles, SchoolRequest, school_view
from schools.forms import add_service_errors
from schools.roles import Role


@school_view(*FILERS, module=M)
@require_safe
def own_list(request: SchoolRequest) -> HttpResponse:
    """The person's own requests, newest first."""
    mine = (
        AccessRequest.objects.for_school(request.school)
        .filter(requested_by=request.user)
        .order_by("-submitted_at", "-number")
    )
    page = Paginator(mine, PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "forms_app/requests/own_list.html", {"page": page})


def _sent_to(member: MemberRoles) -> str:
    roles = reviewer_roles(member, KIND)
    names = [TEAM_NAMES.get(role, f"the {role.label.lower()}") for role in Role if role in roles]
    return " and ".join(names)


@school_view(*FILERS, module=M)
@require_http_methods(["GET", "HEAD", "POST"])
def add(request: SchoolRequest) -> HttpResponse:
    """Appendix 1. Posted to ?check, the form shows earlier decisions and saves nothing.

    The "check" button posts to ``?check`` (its ``formaction``) rather than
    adding a value to the body: a plain submission never carries it, so what is
    sent to the form's own address is always judged and saved as a request.
    """
    form = AccessRequestForm(posted(request), school=request.school)
    if form.is_bound and "check" in request.GET:
        form.judge_url_only()
    elif form.is_bound and form.is_valid():
        try:
            record = access_request_submit(
                school=request.school, by=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                f"Sent to {_sent_to(request.membership)}: {record.reference} awaits a decision. "
                "You will be told the outcome by email and here.",
            )
            return to_detail(request, record)
    return _add_page(request, form, form.data.get("url", ""))


def _add_page(request: SchoolRequest, form: AccessRequestForm, url: str) -> HttpResponse:
    context = {"form": form, **precedent_context(request, [domain_of(url)])}
    return render(request, "forms_app/requests/form.html", context)


@school_view(*RECORD_ROLES)
@require_safe
def same_site(request: SchoolRequest) -> HttpResponse:
    """Just the precedent box, for ?url=…: same-site.js swaps it in as an address is typed.

    The content report's box holds one address per line: its first is the one shown.
    """
    context = precedent_context(request, [domain_of(first_address(request.GET.get("url", "")))])
    return render(request, "forms_app/_same_site.html", context)
