"""Pages under /<school_slug>/content-reports/: the inappropriate-content report (Appendix 2).

Any member of staff reports a site; the school's reviewers (Chestnuts: the
headteacher, 5.16 and 7.3; Norris Bank: the e-safety team, 7) see the queue
and may close a report with no action; the network manager records that the
site is blocked. The DSL sees the reports marked as a safeguarding issue.
"""

from __future__ import annotations

import datetime
import re
import uuid
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Exists, OuterRef, Prefetch, Q, Subquery
from django.http import HttpResponse, HttpResponseNotAllowed, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_safe

from forms_app.access import (
    FILERS,
    RECORD_ROLES,
    REVIEW_CAPABLE,
    may_oversee,
    may_review,
    may_view_report,
)
from forms_app.forms.reports import (
    ALL,
    BlockedForm,
    CloseForm,
    QueueFilterForm,
    ReportForm,
    first_address,
)
from forms_app.looks import report_looked_at
from forms_app.models import ContentReport, ReportedSite, ReportStatus
from forms_app.services import (
    RecordError,
    content_report_close,
    content_report_record_blocked,
    content_report_submit,
)
from forms_app.services.common import CONTENT_REPORT_PDF
from forms_app.views.common import (
    domain_of,
    latest_pdf_columns,
    pdf_read_with,
    precedent_context,
)
from incidents.access import may_handle
from incidents.models import AccessAction, Incident
from schools.access import SchoolRequest, get_object_for, school_view
from schools.calendar import school_today
from schools.forms import add_service_errors
from schools.history import history_query, record_history
from schools.models import School
from schools.roles import Module, RecordKind, Role
from schools.tenancy import TenantQuerySet
from schools.together import read_together

M = Module.CONTENT_REPORTS
KIND = RecordKind.CONTENT_REPORT
PER_PAGE = 25
# Pages whose right depends on more than a role answer 403 before 405 (as the matrix asks):
# they check the method themselves, after the person.
SAFE = ["GET", "HEAD"]
_REFERENCE = re.compile(r"(?:CR\s*-?\s*)?(\d{1,9})", re.IGNORECASE)


def _with_sites(
    reports: TenantQuerySet[ContentReport], school: School
) -> TenantQuerySet[ContentReport]:
    sites = ReportedSite.objects.for_school(school).order_by("position")
    return reports.prefetch_related(Prefetch("sites", queryset=sites))


def _to_detail(report: ContentReport) -> HttpResponse:
    return redirect(
        "forms_app:content-report", school_slug=report.school.slug, report_id=report.public_id
    )


# --- Precedent: earlier requests and reports for the same site ----------------------


# --- Filing a report and one's own reports ------------------------------------------


@school_view(*FILERS, module=M)
@require_safe
def own_list(request: SchoolRequest) -> HttpResponse:
    """The reports this person made, newest first."""
    reports = ContentReport.objects.for_school(request.school).filter(reported_by=request.user)
    reports = _with_sites(reports.order_by("-reported_at", "-number"), request.school)
    page = Paginator(reports, PER_PAGE).get_page(request.GET.get("page"))
    context = {"page": page, "may_see_queue": _queue_scope(request) is not None}
    return render(request, "forms_app/reports/own_list.html", context)


def _unsaved(data: QueryDict) -> dict[str, Any]:
    """What was typed, to show again unchecked (the "check earlier decisions" button)."""
    return {
        "urls": data.get("urls", ""),
        "site_content": data.get("site_content", ""),
        "categories": data.getlist("categories"),
        "nature": data.get("nature", ""),
        "safeguarding": data.get("safeguarding"),
    }


def _filed_message(report: ContentReport) -> str:
    message = f"Thank you: your report {report.reference} has been sent."
    if report.safeguarding:
        message += (
            " You said it is a safeguarding issue: the designated safeguarding lead and the "
            "headteacher have been alerted."
        )
    return message


@school_view(*FILERS, module=M)
@require_http_methods(["GET", "HEAD", "POST"])
def add(request: SchoolRequest) -> HttpResponse:
    same_site = reverse("forms_app:same-site", kwargs={"school_slug": request.school.slug})
    posted = request.method == "POST"
    if posted and "check" in request.GET:
        # Without JavaScript: show earlier decisions about the first address, save nothing.
        form = ReportForm(initial=_unsaved(request.POST), same_site_url=same_site)
    else:
        form = ReportForm(request.POST if posted else None, same_site_url=same_site)
    if form.is_bound and form.is_valid():
        try:
            report = content_report_submit(
                school=request.school, by=request.user, **form.submission()
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _filed_message(report))
            return _to_detail(report)
    domains = [domain_of(first_address(request.POST.get("urls", "")))]
    return render(
        request,
        "forms_app/reports/form.html",
        {"form": form, **precedent_context(request, domains)},
    )


# --- The reviewers' queue --------------------------------------------------------------


@dataclass(frozen=True)
class QueueRow:
    report: ContentReport
    waited: int | None  # days, while it awaits action
    overdue: bool


def _search(school: School, text: str) -> Q:
    sites = ReportedSite.objects.for_school(school).filter(
        report=OuterRef("pk"), url__icontains=text
    )
    found = Q(reporter_name__icontains=text) | Q(site_content__icontains=text) | Q(Exists(sites))
    if number := _REFERENCE.fullmatch(text.strip()):
        found |= Q(number=int(number[1]))
    return found


def _rows(reports: list[ContentReport], school: School) -> list[QueueRow]:
    today = school_today(school)
    rows = []
    for report in reports:
        waited = None
        if report.is_waiting:
            waited = (today - timezone.localdate(report.reported_at, school.tz)).days
        overdue = waited is not None and waited >= school.reminder_overdue_days
        rows.append(QueueRow(report=report, waited=waited, overdue=overdue))
    return rows


def _queue_scope(request: SchoolRequest) -> bool | None:
    """Whether the person's queue holds every report (reviewers, the headteacher) or only
    the safeguarding issues (the DSL); None: they have no queue."""
    member = request.membership
    if member.has(Role.HEADTEACHER) or may_review(member, KIND):
        return True
    return False if member.has(Role.DSL) else None


@school_view(*REVIEW_CAPABLE, module=M)
def queue(request: SchoolRequest) -> HttpResponse:
    """Reports awaiting action, oldest first; or, filtered, those dealt with."""
    sees_all = _queue_scope(request)
    if sees_all is None:
        raise PermissionDenied
    if request.method not in SAFE:
        return HttpResponseNotAllowed(SAFE)
    status, flagged_only, text = QueueFilterForm(request.GET).choice()
    reports = ContentReport.objects.for_school(request.school)
    if flagged_only or not sees_all:
        reports = reports.filter(safeguarding=True)
    if status != ALL:
        reports = reports.filter(status=status)
    if text:
        reports = reports.filter(_search(request.school, text))
    oldest_first = status == ReportStatus.REPORTED
    reports = reports.order_by(
        *(("reported_at", "number") if oldest_first else ("-reported_at", "-number"))
    )
    page = Paginator(_with_sites(reports, request.school), PER_PAGE).get_page(
        request.GET.get("page")
    )
    kept = {"status": status, "q": text} | ({"safeguarding": "on"} if flagged_only else {})
    context = {
        "page": page,
        "rows": _rows(list(page.object_list), request.school),
        "filters": QueueFilterForm(initial=kept),
        "filtered": (status, flagged_only, text) != (ReportStatus.REPORTED, False, ""),
        "sees_all": sees_all,
        "oldest_first": oldest_first,
    }
    return render(request, "forms_app/reports/queue.html", context)


# --- One report and what may be done with it -------------------------------------------


def _report(
    request: SchoolRequest, report_id: uuid.UUID, *, for_page: bool = False
) -> ContentReport:
    reports = ContentReport.objects.get_queryset().select_related(
        "reported_by", "blocked_by", "closed_by"
    )
    if for_page:
        # The incident opened from it and its PDF come with the report, not in queries
        # of their own.
        reports = reports.annotate(
            **_opened_incident(request.school),
            **latest_pdf_columns(request.school, CONTENT_REPORT_PDF, report_id),
        )
    report = get_object_for(request, reports, public_id=report_id)
    if not may_view_report(request.membership, report):
        raise PermissionDenied
    return report


def _sites(report: ContentReport) -> list[ReportedSite]:
    return list(report.sites.order_by("position"))


@school_view(*RECORD_ROLES, module=M)
def detail(request: SchoolRequest, report_id: uuid.UUID) -> HttpResponse:
    report = _report(request, report_id, for_page=True)
    if request.method not in SAFE:
        return HttpResponseNotAllowed(SAFE)
    report_looked_at(report=report, user=request.user, action=AccessAction.REPORT)
    member = request.membership
    found = read_together(sites=report.sites.order_by("position"), history=history_query(report))
    sites = found["sites"]
    context: dict[str, Any] = {
        "report": report,
        "sites": sites,
        "may_block": report.is_waiting and member.has(Role.NETWORK_MANAGER),
        "may_close": report.is_waiting and may_review(member, KIND),
        # A safeguarding issue offers to open an incident (PRODUCT.md §3), or links to it.
        "incident": _incident_offer(request, report),
        "pdf": pdf_read_with(report),
        "entries": record_history(report, rows=found["history"]),
        "oversees": may_oversee(member, KIND),
        "may_see_queue": _queue_scope(request) is not None,
    }
    if context["oversees"]:
        context |= precedent_context(request, [site.domain for site in sites], exclude=report)
    return render(request, "forms_app/reports/detail.html", context)


@dataclass(frozen=True)
class IncidentOffer:
    url: str
    reference: str = ""  # the incident already opened from the report, if any


def _opened_incident(school: School) -> dict[str, Subquery]:
    """The incident opened from the report (at most one), as columns of the report's row:
    read with the report rather than in a query of its own."""
    opened = Incident.objects.for_school(school).filter(content_report=OuterRef("pk"))
    return {
        "opened_incident_id": Subquery(opened.values("public_id")[:1]),
        "opened_incident_number": Subquery(opened.values("number")[:1]),
    }


def _incident_offer(request: SchoolRequest, report: ContentReport) -> IncidentOffer | None:
    """For a report read by ``_report(..., for_page=True)``."""
    if not (report.safeguarding and request.school.has_module(Module.INCIDENTS)):
        return None
    if not may_handle(request.membership):
        return None
    slug = request.school.slug
    opened_id = getattr(report, "opened_incident_id", None)
    if opened_id is not None:
        url = reverse("incidents:incident", kwargs={"school_slug": slug, "incident_id": opened_id})
        opened = Incident(number=report.opened_incident_number)  # type: ignore[attr-defined]
        return IncidentOffer(url, opened.reference)
    url = reverse("incidents:add", kwargs={"school_slug": slug})
    return IncidentOffer(f"{url}?report={report.public_id}")


def _already_dealt_with(request: SchoolRequest, report: ContentReport) -> HttpResponse | None:
    """A report no longer awaiting action: back to it, saying so, with nothing changed."""
    if report.is_waiting:
        return None
    status = report.get_status_display()
    if request.method == "POST":
        messages.error(
            request,
            f"{report.reference} is already “{status}”: nothing was changed. "
            "Someone else may have dealt with it; the page shows where it stands.",
        )
    else:
        messages.info(request, f"{report.reference} is already “{status}”: nothing more to do.")
    return _to_detail(report)


def _act_page(
    request: SchoolRequest, template: str, report: ContentReport, form: Any
) -> HttpResponse:
    sites = _sites(report)
    context = {"report": report, "sites": sites, "form": form}
    context |= precedent_context(request, [site.domain for site in sites], exclude=report)
    return render(request, template, context)


@school_view(Role.NETWORK_MANAGER, module=M)
@require_http_methods(["GET", "HEAD", "POST"])
def blocked(request: SchoolRequest, report_id: uuid.UUID) -> HttpResponse:
    """The network manager records the day the site was blocked."""
    report = _report(request, report_id)
    if (back := _already_dealt_with(request, report)) is not None:
        return back
    today = school_today(request.school)
    form = BlockedForm(request.POST if request.method == "POST" else None, today=today)
    if form.is_bound and form.is_valid():
        try:
            content_report_record_blocked(report=report, by=request.user, **form.cleaned_data)
        except RecordError as error:
            messages.error(request, error.messages[0])
            return _to_detail(report)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            blocked_on: datetime.date = form.cleaned_data["blocked_on"]
            messages.success(
                request,
                f"{report.reference} is recorded as blocked on {blocked_on.day} "
                f"{blocked_on:%B %Y}. The reporter has been told.",
            )
            return _to_detail(report)
    return _act_page(request, "forms_app/reports/blocked.html", report, form)


@school_view(*REVIEW_CAPABLE, module=M)
@require_http_methods(["GET", "HEAD", "POST"])
def close(request: SchoolRequest, report_id: uuid.UUID) -> HttpResponse:
    """A reviewer closes the report with no action, saying why."""
    report = _report(request, report_id)
    if not may_review(request.membership, KIND):
        raise PermissionDenied
    if (back := _already_dealt_with(request, report)) is not None:
        return back
    form = CloseForm(request.POST if request.method == "POST" else None)
    if form.is_bound and form.is_valid():
        try:
            content_report_close(report=report, by=request.user, reason=form.cleaned_data["reason"])
        except RecordError as error:
            messages.error(request, error.messages[0])
            return _to_detail(report)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                f"{report.reference} is closed with no action. The reporter has been told.",
            )
            return _to_detail(report)
    return _act_page(request, "forms_app/reports/close.html", report, form)
