"""The governors' figures under /<school_slug>/governance/figures/, and their termly pack.

Both pages only read: the headteacher, the governors and the clerk may see
the figures and ask for the pack. Producing the pack writes no record, only
a PDF of figures they can already read, so it needs no other right.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_safe

from documents.models import Document
from documents.services import document_request
from governance.figures.charts import charted
from governance.figures.figures import figures_term, term_figures
from governance.figures.forms import UNKNOWN_TERM, TermForm
from governance.figures.pdf_sources import GOVERNORS_PACK, GovernorsPackPdf
from jobs.views import job_visible_to
from schools.access import SchoolRequest, school_view
from schools.calendar import current_term
from schools.roles import GOVERNANCE_READERS


def _term_form(request: SchoolRequest) -> TermForm:
    """The term the address names (``?term=2025-autumn``), the current one by default."""
    key = request.GET.get("term", current_term(request.school).key)
    return TermForm({"term": key}, school=request.school)


@school_view(*GOVERNANCE_READERS)
@require_safe
def figures(request: SchoolRequest) -> HttpResponse:
    """The term's de-identified figures: a chart for each, with its table beside it."""
    form = _term_form(request)
    term = form.chosen()
    context: dict[str, object] = {"form": form, "term": term}
    if term is not None:
        found = term_figures(request.school, term)
        context.update(found=found, sections=charted(found))
    return render(request, "governance/figures/figures.html", context)


@school_view(*GOVERNANCE_READERS)
@require_http_methods(["GET", "HEAD", "POST"])
def pack(request: SchoolRequest) -> HttpResponse:
    """The term's pack: its versions (GET); produce it (POST), then follow its job."""
    if request.method == "POST":
        return _produce(request)
    form = _term_form(request)
    term = form.chosen()
    rows = []
    if term is not None:
        versions = (
            Document.objects.for_school(request.school)
            .filter(subject_type=GOVERNORS_PACK, subject_id=term.key)
            .select_related("requested_by", "job")
            .order_by("-version")
        )
        rows = [
            (
                document,
                document.job is not None and job_visible_to(document.job, request.membership),
            )
            for document in versions
        ]
    title = GovernorsPackPdf().title(term) if term is not None else ""
    return render(
        request,
        "governance/figures/pack.html",
        {"form": form, "term": term, "rows": rows, "title": title},
    )


def _produce(request: SchoolRequest) -> HttpResponse:
    school = request.school
    term = figures_term(school, request.POST.get("term", ""))
    if term is None:
        messages.error(request, UNKNOWN_TERM)
        return redirect("governance:pack", school_slug=school.slug)
    job = document_request(
        school=school, subject_type=GOVERNORS_PACK, subject_id=term.key, requested_by=request.user
    )
    if job_visible_to(job, request.membership):
        return redirect("jobs:detail", school_slug=school.slug, job_id=job.public_id)
    # Someone else asked for the same content first: their job, our list.
    messages.info(request, "This pack has already been asked for; it appears below when ready.")
    back = reverse("governance:pack", kwargs={"school_slug": school.slug})
    return redirect(f"{back}?term={term.key}")
