"""Pages under /<school_slug>/governance/: the audit history and the access log."""

from __future__ import annotations

import csv
from typing import Any

from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone
from django.views.decorators.http import require_safe

from documents.pdf import PdfRenderError, render_pdf
from forms_app.register import safe_cell
from governance.audit.forms import AccessLogFilterForm, AuditFilterForm, Period
from governance.audit.timeline import (
    REDACTION_NOTE,
    access_entries_for,
    actors_in,
    entries,
    events_for,
    local_time,
    may_see_values,
    viewers_in,
)
from governance.models import AuditEvent
from schools.access import SchoolRequest, school_view
from schools.calendar import school_today
from schools.roles import ACCESS_LOG_READERS, GOVERNANCE_READERS

PER_PAGE = 25
# A PDF is for reading: past this many changes, the CSV holds them all.
PDF_MOST = 200
CSV_HEADER = ["When", "Who", "Kind of record", "Record", "What happened", "Field", "From", "To"]


def _filtered(request: SchoolRequest) -> tuple[AuditFilterForm, Any]:
    """The filter form and the events it selects (none while the filter is wrong)."""
    school = request.school
    form = AuditFilterForm(request.GET, school=school, people=actors_in(school))
    if not form.is_valid():
        return form, AuditEvent.objects.none()
    data = form.cleaned_data
    events = events_for(
        school,
        record_type=data["record_type"],
        person=data["person"],
        period=form.period(),
    )
    return form, events


def _description(form: AuditFilterForm) -> list[str]:
    """The filters in words, for the exports."""
    if not form.is_valid():
        return []
    words = []
    for name in ("record_type", "person", "term"):
        value = form.cleaned_data.get(name)
        if value:
            label = dict(_flat(form.fields[name].choices)).get(value, value)  # type: ignore[attr-defined]
            words.append(f"{form.fields[name].label}: {label}")
    period: Period = form.period()
    if not form.cleaned_data.get("term") and (period.start or period.end):
        start = f"{period.start:%d/%m/%Y}" if period.start else "the beginning"
        end = f"{period.end:%d/%m/%Y}" if period.end else "today"
        words.append(f"From {start} up to {end}")
    return words


def _flat(choices: Any) -> list[tuple[str, str]]:
    flat: list[tuple[str, str]] = []
    for value, label in choices:
        if isinstance(label, list | tuple):
            flat.extend(label)
        else:
            flat.append((value, label))
    return flat


@school_view(*GOVERNANCE_READERS)
@require_safe
def history(request: SchoolRequest) -> HttpResponse:
    """Every change to every record of the school, newest first: who, when, and what."""
    form, events = _filtered(request)
    page = Paginator(events, PER_PAGE).get_page(request.GET.get("page"))
    show_values = may_see_values(request.membership)
    return render(
        request,
        "governance/audit/history.html",
        {
            "form": form,
            "page": page,
            "entries": list(entries(page.object_list, show_values=show_values)),
            "show_values": show_values,
            "redaction_note": REDACTION_NOTE,
            "pdf_most": PDF_MOST,
        },
    )


def _download(response: HttpResponse, filename: str) -> HttpResponse:
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


@school_view(*GOVERNANCE_READERS)
@require_safe
def history_csv(request: SchoolRequest) -> HttpResponse:
    """The filtered history as a spreadsheet: one row for each field changed."""
    school = request.school
    form, events = _filtered(request)
    if not form.is_valid():
        return _invalid_filter(request, form)
    show_values = may_see_values(request.membership)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response.write("\ufeff")  # Excel reads the file as UTF-8 only with a byte-order mark
    writer = csv.writer(response)
    writer.writerow(CSV_HEADER)
    for item in entries(events.iterator(chunk_size=500), show_values=show_values):
        first = [local_time(item.at, school), item.by, item.record_type, item.record, item.action]
        fields = [[change.label, change.old, change.new] for change in item.changes]
        for cells in fields or [["", "", ""]]:
            writer.writerow([safe_cell(cell) for cell in [*first, *cells]])
    filename = f"audit-history-{school.slug}-{school_today(school):%Y-%m-%d}.csv"
    return _download(response, filename)


def _invalid_filter(request: SchoolRequest, form: AuditFilterForm) -> HttpResponse:
    """The page again, with the filter's errors: nothing is exported from a wrong filter."""
    return render(
        request,
        "governance/audit/history.html",
        {"form": form, "page": None, "entries": [], "pdf_most": PDF_MOST},
        status=400,
    )


@school_view(*GOVERNANCE_READERS)
@require_safe
def history_pdf(request: SchoolRequest) -> HttpResponse:
    """The filtered history as a PDF to take to a meeting (the newest changes, up to a limit)."""
    school = request.school
    form, events = _filtered(request)
    if not form.is_valid():
        return _invalid_filter(request, form)
    show_values = may_see_values(request.membership)
    total = events.count()
    html = render_to_string(
        "pdf/audit_history.html",
        {
            "school": school,
            "entries": list(entries(events[:PDF_MOST], show_values=show_values)),
            "total": total,
            "shown": min(total, PDF_MOST),
            "filters": _description(form),
            "produced_by": request.user.full_name or request.user.email,
            "document_title": "Audit history",
            "reference": f"Audit history, {school_today(school):%d/%m/%Y}",
            "generated_at": local_time(timezone.now(), school),
            "redaction_note": REDACTION_NOTE if not show_values else "",
        },
    )
    try:
        pdf = render_pdf(html)
    except PdfRenderError:
        return render(
            request,
            "governance/audit/history.html",
            {
                "form": form,
                "page": None,
                "entries": [],
                "pdf_most": PDF_MOST,
                "pdf_failed": True,
            },
            status=503,
        )
    filename = f"audit-history-{school.slug}-{school_today(school):%Y-%m-%d}.pdf"
    return _download(HttpResponse(pdf, content_type="application/pdf"), filename)


@school_view(*ACCESS_LOG_READERS)
@require_safe
def access_log(request: SchoolRequest) -> HttpResponse:
    """Who opened which sensitive record (an incident and its evidence, a safeguarding
    content report, a signed agreement), how, and when."""
    school = request.school
    form = AccessLogFilterForm(request.GET, school=school, people=viewers_in(school))
    if form.is_valid():
        data = form.cleaned_data
        rows = access_entries_for(
            school,
            record_type=data["record_type"],
            person=data["person"],
            action=data["action"],
            references=data["q"],
            period=form.period(),
        )
    else:
        rows = access_entries_for(school, period=Period()).none()
    page = Paginator(rows, PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "governance/audit/access_log.html", {"form": form, "page": page})
