"""Coverage pages: per class (live during the evening), one class, the signed
agreements and one of them, the review of signatures that match no child, the
CSV and the school's target."""

from __future__ import annotations

import csv
import uuid
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_safe

from agreements.access import AGREEMENT_MANAGERS, AGREEMENT_READERS, MODULE
from agreements.coverage import (
    Status,
    candidates_for,
    child_statuses,
    children_on_roll,
    coverage_target,
    round_of,
    school_coverage,
    unmatched,
    year_statuses,
)
from agreements.forms.coverage import CoverageTargetForm, MatchForm, SignedFilter, SignedFilterForm
from agreements.looks import agreement_looked_at
from agreements.models import Agreement, AgreementVersion, Child, Match
from agreements.services.roster import agreement_match
from agreements.services.settings import coverage_target_set
from agreements.services.signing import AGREEMENT_PDF
from agreements.text import blocks
from forms_app.register import safe_cell
from forms_app.views.common import latest_pdf_columns, pdf_read_with
from incidents.models import AccessAction
from policyportal.sessions import background_request
from schools.access import SchoolRequest, get_object_for, school_view
from schools.calendar import AcademicYear, current_academic_year, school_today
from schools.forms import add_service_errors
from schools.history import record_history
from schools.models import School, SchoolClass

PER_PAGE = 50
REVIEW_PER_PAGE = 20
# The history leaves out the text and the signatures (shown above; the signatures are not
# kept in it at all) and the bookkeeping.
HISTORY_HIDDEN = (
    "text_signed",
    "title_signed",
    "signature",
    "second_signature",
    "idempotency_key",
    "scan_sha256",
)


def _manager(request: SchoolRequest) -> bool:
    return bool(request.membership.roles & AGREEMENT_MANAGERS)


def _coverage_context(request: SchoolRequest) -> dict[str, Any]:
    coverage = school_coverage(request.school)
    return {
        "coverage": coverage,
        "updated_at": timezone.now(),
    }


@school_view(*AGREEMENT_READERS, module=MODULE)
@require_safe
def coverage(request: SchoolRequest) -> HttpResponse:
    """Per class: signed, to sign again, not yet; live during a parents' evening."""
    context = _coverage_context(request)
    year = context["coverage"].round.year.year
    context.update(
        {
            "unmatched_count": unmatched(request.school, year).count(),
            "may_manage": _manager(request),
            "target_form": CoverageTargetForm(initial={"target": context["coverage"].target}),
        }
    )
    return render(request, "agreements/coverage/coverage.html", context)


@background_request
@school_view(*AGREEMENT_READERS, module=MODULE)
@require_safe
def coverage_live(request: SchoolRequest) -> HttpResponse:
    """The coverage table alone, which the page's script fetches every few seconds."""
    response = render(request, "agreements/coverage/_table.html", _coverage_context(request))
    response["Cache-Control"] = "private, no-store"
    return response


@school_view(*AGREEMENT_READERS, module=MODULE)
@require_safe
def class_coverage(request: SchoolRequest, class_id: uuid.UUID) -> HttpResponse:
    """The children of one class, and who signed for each, when and how."""
    school_class = get_object_for(request, SchoolClass, public_id=class_id)
    year = current_academic_year(request.school)
    statuses = year_statuses(request.school, year, children_on_roll(request.school, school_class))
    context = {
        "school_class": school_class,
        "year": year,
        "statuses": statuses,
        "counts": {status: sum(s.status == status for s in statuses) for status in Status},
        "Status": Status,
    }
    return render(request, "agreements/coverage/class.html", context)


@school_view(*AGREEMENT_READERS, module=MODULE)
@require_safe
def coverage_csv(request: SchoolRequest) -> HttpResponse:
    """One row per child on roll: class, child, status, when, how, which version."""
    school = request.school
    round = round_of(school)
    filename = f"agreement-coverage-{school.slug}-{school_today(school):%Y-%m-%d}.csv"
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    response.write("\ufeff")  # Excel reads the file as UTF-8 only with a byte-order mark
    writer = csv.writer(response)
    writer.writerow(["Class", "Child", "Status", "Signed at", "How", "Version signed"])
    for row in child_statuses(school, round, children_on_roll(school)):
        agreement = row.agreement
        signed = timezone.localtime(agreement.signed_at, school.tz) if agreement else None
        cells = [
            row.child.school_class.name,
            row.child.full_name,
            row.status.label,
            f"{signed:%Y-%m-%d %H:%M}" if signed else "",
            agreement.get_method_display() if agreement else "",
            str(agreement.version.number) if agreement else "",
        ]
        writer.writerow([safe_cell(cell) for cell in cells])
    return response


@school_view(*AGREEMENT_MANAGERS, module=MODULE)
@require_http_methods(["GET", "HEAD", "POST"])
def target(request: SchoolRequest) -> HttpResponse:
    """The school's coverage target, which the digest compares coverage with."""
    if request.method == "POST":
        form = CoverageTargetForm(request.POST)
        if form.is_valid():
            coverage_target_set(
                school=request.school, by=request.user, target=form.cleaned_data["target"]
            )
            messages.success(request, f"The coverage target is now {form.cleaned_data['target']}%.")
            return redirect("agreements:coverage", school_slug=request.school.slug)
    else:
        form = CoverageTargetForm(initial={"target": coverage_target(request.school)})
    return render(request, "agreements/coverage/target.html", {"form": form})


# --- The signed agreements ----------------------------------------------------------


def _years(school: School) -> list[tuple[int, str]]:
    """Academic years with an agreement text, newest first, and always the current one."""
    current = current_academic_year(school).year
    found = set(
        AgreementVersion.objects.for_school(school)
        .values_list("academic_year", flat=True)
        .distinct()
    )
    found.add(current)
    return [(year, AcademicYear(school, year).label) for year in sorted(found, reverse=True)]


def _signed(school: School, chosen: SignedFilter) -> Any:
    # The class and the version are the agreement's school's: naming the school on them
    # too lets PostgreSQL read them by index rather than hash every school's.
    agreements = Agreement.objects.for_school(school).filter(
        academic_year=chosen.year, school_class__school=school, version__school=school
    )
    if chosen.school_class is not None:
        agreements = agreements.filter(school_class=chosen.school_class)
    if chosen.method:
        agreements = agreements.filter(method=chosen.method)
    if chosen.match:
        agreements = agreements.filter(match=chosen.match)
    if chosen.q:
        text = chosen.q
        agreements = agreements.filter(
            Q(child_name__icontains=text)
            | Q(parent_name__icontains=text)
            | Q(second_carer_name__icontains=text)
            | Q(child__first_name__icontains=text)
            | Q(child__last_name__icontains=text)
        )
    return agreements.select_related("school_class", "version", "child").order_by(
        "-signed_at", "-pk"
    )


@school_view(*AGREEMENT_READERS, module=MODULE)
@require_safe
def signed_list(request: SchoolRequest) -> HttpResponse:
    """Every agreement of a year, newest first, with filters and a search."""
    school = request.school
    form = SignedFilterForm(request.GET, school=school, years=_years(school))
    chosen = form.filters()
    page = Paginator(_signed(school, chosen), PER_PAGE).get_page(request.GET.get("page"))
    filtered = any(request.GET.get(name) for name in ("school_class", "method", "match", "q"))
    context = {
        "form": form,
        "page": page,
        "year": AcademicYear(school, chosen.year),
        "filtered": filtered,
    }
    return render(request, "agreements/signed/list.html", context)


def _agreement_for(request: SchoolRequest, agreement_id: uuid.UUID, **columns: Any) -> Agreement:
    agreements = Agreement.objects.get_queryset().select_related(
        "school_class",
        "version",
        "child",
        "child__school_class",
        "recorded_by",
        "matched_by",
        "kiosk",
    )
    return get_object_for(request, agreements.annotate(**columns), public_id=agreement_id)


@school_view(*AGREEMENT_READERS, module=MODULE)
@require_safe
def agreement_detail(request: SchoolRequest, agreement_id: uuid.UUID) -> HttpResponse:
    """One signed agreement: who, for which child, the exact text signed and the signature."""
    # The page's PDF link comes with the agreement, not in a query of its own.
    pdf = latest_pdf_columns(request.school, AGREEMENT_PDF, agreement_id)
    agreement = _agreement_for(request, agreement_id, **pdf)
    agreement_looked_at(agreement=agreement, user=request.user, action=AccessAction.AGREEMENT)
    context = {
        "agreement": agreement,
        "blocks": blocks(agreement.text_signed),
        "pdf": pdf_read_with(agreement),
        "entries": record_history(agreement, hidden=HISTORY_HIDDEN),
        "Match": Match,
    }
    return render(request, "agreements/signed/detail.html", context)


# --- Matching signatures to children ---------------------------------------------------


def _children(school: School) -> list[Child]:
    return list(children_on_roll(school).select_related("school_class"))


@school_view(*AGREEMENT_READERS, module=MODULE)
@require_safe
def matching(request: SchoolRequest) -> HttpResponse:
    """Signatures whose child's name matched no child on the roster, with likely children."""
    school = request.school
    year = current_academic_year(school)  # the page needs no more of the round
    page = Paginator(unmatched(school, year.year), REVIEW_PER_PAGE).get_page(
        request.GET.get("page")
    )
    children = _children(school)
    rows = [(agreement, candidates_for(agreement, children)) for agreement in page.object_list]
    context = {"year": year, "page": page, "rows": rows, "not_on_roster": "not-on-roster"}
    return render(request, "agreements/coverage/matching.html", context)


@school_view(*AGREEMENT_READERS, module=MODULE)
@require_http_methods(["GET", "HEAD", "POST"])
def agreement_match_view(request: SchoolRequest, agreement_id: uuid.UUID) -> HttpResponse:
    """Say which child on roll a signature is for, or that the child is not on the roster."""
    agreement = _agreement_for(request, agreement_id)
    if request.method != "POST":
        agreement_looked_at(agreement=agreement, user=request.user, action=AccessAction.AGREEMENT)
    children = _children(request.school)
    candidates = candidates_for(agreement, children)
    initial = {"child": str(agreement.child.public_id)} if agreement.child else {}
    form = MatchForm(
        request.POST if request.method == "POST" else None,
        children=children,
        candidates=candidates,
        initial=initial,
    )
    if form.is_bound and form.is_valid():
        child = form.chosen()
        try:
            agreement_match(agreement=agreement, by=request.user, child=child)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            if child is None:
                done = f"{agreement.reference} is marked as for a child not on the roster."
            else:
                done = f"{agreement.reference} is matched to {child.full_name}."
            messages.success(request, done)
            return redirect("agreements:matching", school_slug=request.school.slug)
    context = {"agreement": agreement, "form": form, "candidates": candidates}
    return render(request, "agreements/coverage/match.html", context)


AGREEMENT = "agreements/signed/<uuid:agreement_id>/"

urlpatterns = [
    path("agreements/", coverage, name="coverage"),
    path("agreements/live/", coverage_live, name="coverage-live"),
    path("agreements/coverage.csv", coverage_csv, name="coverage-csv"),
    path("agreements/target/", target, name="coverage-target"),
    path("agreements/classes/<uuid:class_id>/", class_coverage, name="class-coverage"),
    path("agreements/signed/", signed_list, name="signed-list"),
    path(AGREEMENT, agreement_detail, name="agreement"),
    path(f"{AGREEMENT}match/", agreement_match_view, name="agreement-match"),
    path("agreements/matching/", matching, name="matching"),
]
