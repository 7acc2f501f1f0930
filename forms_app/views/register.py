"""The register of what the filter allows and blocks: the page, its CSV and the review pack."""

from __future__ import annotations

import csv
from urllib.parse import urlencode

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_safe

from documents.models import Document
from documents.services import document_request
from forms_app.access import REGISTER_READERS, may_oversee
from forms_app.forms.register import RegisterFilterForm
from forms_app.models import Verdict
from forms_app.register import (
    CSV_HEADER,
    REVIEW_PACK_PDF,
    academic_year_named,
    allowances_in_force,
    csv_row,
    register_lines,
    verdict_counts,
    years_with_lines,
)
from jobs.views import job_visible_to
from schools.access import SchoolRequest, school_view
from schools.calendar import school_today
from schools.roles import Module, RecordKind

PER_PAGE = 50


def _filter_query(form: RegisterFilterForm) -> str:
    """The filters as a query string, for the pages, the CSV link and bookmarks."""
    keep = [(name, form.data.get(name, "")) for name in form.fields]
    return urlencode([(name, value) for name, value in keep if value])


@school_view(*REGISTER_READERS)
@require_safe
def register(request: SchoolRequest) -> HttpResponse:
    """Every decision on what the filter allows and blocks, newest first, with filters."""
    school = request.school
    form = RegisterFilterForm(request.GET)
    lines = register_lines(school, form.filters())
    counts = verdict_counts(register_lines(school))
    filtered = any(form.data.get(name) for name in form.fields)
    paginator = Paginator(lines, PER_PAGE)
    if not filtered:
        # Every line has one verdict: unfiltered, the counts add up to the pages' count.
        paginator.count = sum(n for _, n in counts)
    page = paginator.get_page(request.GET.get("page"))
    member = request.membership
    return render(
        request,
        "forms_app/register/register.html",
        {
            "form": form,
            "page": page,
            "query": _filter_query(form),
            "filtered": filtered,
            "allowances": allowances_in_force(school, school_today(school)),
            "counts": counts,
            "link_requests": school.has_module(Module.ACCESS_REQUESTS)
            and may_oversee(member, RecordKind.ACCESS_REQUEST),
            "link_reports": school.has_module(Module.CONTENT_REPORTS)
            and may_oversee(member, RecordKind.CONTENT_REPORT),
            "allowed": Verdict.ALLOWED,
        },
    )


@school_view(*REGISTER_READERS)
@require_safe
def register_csv(request: SchoolRequest) -> HttpResponse:
    """The register as a spreadsheet, with the page's filters."""
    school = request.school
    lines = register_lines(school, RegisterFilterForm(request.GET).filters())
    filename = f"filtering-register-{school.slug}-{school_today(school):%Y-%m-%d}.csv"
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    response.write("\ufeff")  # Excel reads the file as UTF-8 only with a byte-order mark
    writer = csv.writer(response)
    writer.writerow(CSV_HEADER)
    for line in lines.iterator(chunk_size=500):
        writer.writerow(csv_row(line))
    return response


@school_view(*REGISTER_READERS)
@require_safe
def review_pack(request: SchoolRequest) -> HttpResponse:
    """Each academic year's review pack: its versions, and a button to produce it."""
    school = request.school
    documents = (
        Document.objects.for_school(school)
        .filter(subject_type=REVIEW_PACK_PDF)
        .select_related("requested_by", "job")
        .order_by("-version")
    )
    versions: dict[str, list[tuple[Document, bool]]] = {}
    for document in documents:
        can_follow = document.job is not None and job_visible_to(document.job, request.membership)
        versions.setdefault(document.subject_id, []).append((document, can_follow))
    produced = [
        year.year
        for subject_id in versions
        if (year := academic_year_named(school, subject_id)) is not None
    ]
    years = [
        (year, versions.get(str(year.year), [])) for year in years_with_lines(school, produced)
    ]
    return render(request, "forms_app/register/review_pack.html", {"years": years})


@school_view(*REGISTER_READERS)
@require_http_methods(["GET", "HEAD", "POST"])
def review_pack_produce(request: SchoolRequest) -> HttpResponse:
    """Ask for one year's pack (POST), then follow its job; a GET goes to the list."""
    school = request.school
    back = redirect("forms_app:review-pack", school_slug=school.slug)
    if request.method != "POST":
        return back
    year = academic_year_named(school, request.POST.get("year", ""))
    if year is None:
        messages.error(request, "Choose one of the academic years listed to produce its pack.")
        return back
    job = document_request(
        school=school,
        subject_type=REVIEW_PACK_PDF,
        subject_id=str(year.year),
        requested_by=request.user,
    )
    if job_visible_to(job, request.membership):
        return redirect("jobs:detail", school_slug=school.slug, job_id=job.public_id)
    # Someone else asked for the same content first: their job, our list.
    messages.info(
        request, f"The {year.label} pack has already been asked for; it appears below when ready."
    )
    return back
