"""The roster: the school's children by class, and importing it from a CSV file."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import path
from django.views.decorators.http import require_http_methods, require_safe

from agreements.access import AGREEMENT_MANAGERS, AGREEMENT_READERS, MODULE
from agreements.forms.roster import ChildForm, RosterFilterForm, RosterImportForm
from agreements.models import Child
from agreements.roster import MAX_ROWS
from agreements.services.roster import ImportSummary, child_update, roster_import
from schools.access import SchoolRequest, get_object_for, school_view
from schools.calendar import current_academic_year, school_today
from schools.forms import add_service_errors

PER_PAGE = 50


@school_view(*AGREEMENT_READERS, module=MODULE)
@require_safe
def roster(request: SchoolRequest) -> HttpResponse:
    """The children on the roster by class; the headteacher imports it."""
    school = request.school
    form = RosterFilterForm(request.GET, school=school)
    form.is_valid()  # a wrong filter is shown, and ignored
    chosen = form.cleaned_data.get("school_class")
    include_off = bool(form.cleaned_data.get("off_roll"))
    # The class's school is the child's: naming it lets PostgreSQL read the school's
    # classes by index rather than hash every school's (the join orders the list).
    children = (
        Child.objects.for_school(school)
        .filter(school_class__school=school)
        .select_related("school_class")
    )
    if chosen is not None:
        children = children.filter(school_class=chosen)
    if not include_off:
        children = children.filter(on_roll=True)
    children = children.order_by(
        "school_class__year_group", "school_class__name", "last_name", "first_name", "pk"
    )
    page = Paginator(children, PER_PAGE).get_page(request.GET.get("page"))
    context = {
        "form": form,
        "page": page,
        "may_manage": bool(request.membership.roles & AGREEMENT_MANAGERS),
        "filtered": chosen is not None or include_off,
    }
    return render(request, "agreements/roster/roster.html", context)


@school_view(*AGREEMENT_MANAGERS, module=MODULE)
@require_http_methods(["GET", "HEAD", "POST"])
def roster_import_view(request: SchoolRequest) -> HttpResponse:
    """Upload the roster: every row is checked first, and a bad row saves nothing."""
    school = request.school
    today = school_today(school)
    posted = request.method == "POST"
    form = RosterImportForm(
        request.POST if posted else None,
        request.FILES if posted else None,
        school=school,
        today=today,
    )
    if form.is_bound and form.is_valid():
        summary = roster_import(
            school=school,
            by=request.user,
            rows=form.roster.rows,
            whole_school=form.cleaned_data["whole_school"],
            year=current_academic_year(school).year,
        )
        messages.success(request, _summary(summary))
        return redirect("agreements:roster", school_slug=school.slug)
    return render(request, "agreements/roster/import.html", {"form": form, "max_rows": MAX_ROWS})


def _summary(summary: ImportSummary) -> str:
    def n(count: int, one: str, many: str) -> str:
        return f"{count} {one if count == 1 else many}"

    text = (
        f"The roster is imported: {n(summary.added, 'child', 'children')} added, "
        f"{summary.updated} updated, {summary.unchanged} unchanged, "
        f"{summary.off_roll} marked off roll."
    )
    if summary.matched:
        text += f" {n(summary.matched, 'signed agreement', 'signed agreements')} now matched."
    return text


@school_view(*AGREEMENT_MANAGERS, module=MODULE)
@require_http_methods(["GET", "HEAD", "POST"])
def roster_child(request: SchoolRequest, child_id: uuid.UUID) -> HttpResponse:
    """Correct one child's entry: a name, a class, a reference; on roll or not."""
    school = request.school
    child = get_object_for(
        request, Child.objects.get_queryset().select_related("school_class"), public_id=child_id
    )
    initial = {
        "first_name": child.first_name,
        "last_name": child.last_name,
        "school_class": child.school_class,
        "date_of_birth": child.date_of_birth,
        "reference": child.reference,
        "on_roll": child.on_roll,
    }
    form = ChildForm(
        request.POST if request.method == "POST" else None,
        school=school,
        child=child,
        today=school_today(school),
        initial=initial,
    )
    if form.is_bound and form.is_valid():
        try:
            child_update(child=child, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"{child.full_name}'s entry is saved.")
            return redirect("agreements:roster", school_slug=school.slug)
    return render(request, "agreements/roster/child.html", {"child": child, "form": form})


urlpatterns = [
    path("agreements/roster/", roster, name="roster"),
    path("agreements/roster/import/", roster_import_view, name="roster-import"),
    path("agreements/roster/<uuid:child_id>/", roster_child, name="roster-child"),
]
