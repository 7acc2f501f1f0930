"""The headteacher's retention pages: rules, legal holds, the latest review, the disposal log."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_safe

from retention.forms import HoldForm, LiftForm, RulesForm
from retention.models import DisposalLog, LegalHold, RetainedKind, RetentionReview, ReviewEntry
from retention.rules import DEFAULT_YEARS, rule_text, rules_for
from retention.services import (
    REVIEW_NOTICE,
    legal_hold_lift,
    legal_hold_place,
    retention_rules_set,
)
from schools.access import SchoolRequest, get_object_for, school_view
from schools.forms import add_service_errors
from schools.roles import Role

PER_PAGE = 25
LIFTED_SHOWN = 20
GET_POST = ["GET", "HEAD", "POST"]


@dataclass(frozen=True)
class RuleRow:
    kind: RetainedKind
    text: str
    default: str
    own: bool


@dataclass(frozen=True)
class EntryRow:
    entry: ReviewEntry
    hold: LegalHold | None
    disposed: bool


def _home(request: SchoolRequest) -> HttpResponse:
    return redirect("retention:home", school_slug=request.school.slug)


def _rules(request: SchoolRequest) -> list[RuleRow]:
    years = rules_for(request.school)
    return [
        RuleRow(
            kind,
            rule_text(kind, years[kind]),
            rule_text(kind, DEFAULT_YEARS[kind]),
            years[kind] != DEFAULT_YEARS[kind],
        )
        for kind in RetainedKind
    ]


def _review_rows(
    request: SchoolRequest, review: RetentionReview, active: list[LegalHold]
) -> list[EntryRow]:
    held = {(hold.kind, hold.record_id): hold for hold in active}
    disposed = set(
        DisposalLog.objects.for_school(request.school)
        .filter(review=review)
        .values_list("kind", "reference")
    )
    return [
        EntryRow(
            entry,
            held.get((entry.kind, entry.record_id)),
            (entry.kind, entry.reference) in disposed,
        )
        for entry in review.entries.order_by("kept_until", "kind", "reference")
    ]


@school_view(Role.HEADTEACHER)
@require_safe
def retention_home(request: SchoolRequest) -> HttpResponse:
    school = request.school
    holds = LegalHold.objects.for_school(school).select_related("placed_by", "lifted_by")
    active = list(holds.filter(lifted_at__isnull=True))
    review = RetentionReview.objects.for_school(school).first()
    log = DisposalLog.objects.for_school(school).select_related("review")
    context: dict[str, Any] = {
        "rules": _rules(request),
        "active_holds": active,
        "lifted_holds": list(holds.filter(lifted_at__isnull=False)[:LIFTED_SHOWN]),
        "review": review,
        "entries": _review_rows(request, review, active) if review else [],
        "disposal_from": review.produced_at + REVIEW_NOTICE if review else None,
        "log": Paginator(log, PER_PAGE).get_page(request.GET.get("page")),
    }
    return render(request, "retention/home.html", context)


@school_view(Role.HEADTEACHER)
@require_http_methods(GET_POST)
def rules_edit(request: SchoolRequest) -> HttpResponse:
    current = rules_for(request.school)
    form = RulesForm(request.POST if request.method == "POST" else None, current=current)
    if form.is_bound and form.is_valid():
        try:
            saved = retention_rules_set(school=request.school, by=request.user, years=form.years())
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                "Saved the retention rules."
                if saved
                else "Nothing changed: the rules are as they were.",
            )
            return _home(request)
    return render(request, "retention/rules.html", {"form": form})


@school_view(Role.HEADTEACHER)
@require_http_methods(GET_POST)
def hold_add(request: SchoolRequest) -> HttpResponse:
    if request.method == "POST":
        form = HoldForm(request.POST)
    else:
        form = HoldForm(initial={"reference": request.GET.get("reference", "")[:20]})
    if form.is_bound and form.is_valid():
        try:
            hold = legal_hold_place(school=request.school, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                f"{hold.reference} is held: it will not be disposed of until you lift the hold.",
            )
            return _home(request)
    return render(request, "retention/hold_add.html", {"form": form})


@school_view(Role.HEADTEACHER)
@require_http_methods(GET_POST)
def hold_lift(request: SchoolRequest, hold_id: uuid.UUID) -> HttpResponse:
    holds = LegalHold.objects.get_queryset().select_related("placed_by")
    hold = get_object_for(request, holds, public_id=hold_id)
    if not hold.is_active:
        messages.info(request, f"The hold on {hold.reference} has already been lifted.")
        return _home(request)
    form = LiftForm(request.POST if request.method == "POST" else None)
    if form.is_bound and form.is_valid():
        try:
            legal_hold_lift(hold=hold, by=request.user, reason=form.cleaned_data["lift_reason"])
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"Lifted the hold on {hold.reference}.")
            return _home(request)
    return render(request, "retention/hold_lift.html", {"form": form, "hold": hold})
