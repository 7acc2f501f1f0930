"""Access requests, content reports, the sites reported and the filtering register."""

from __future__ import annotations

import datetime

from django.core.management import call_command

from forms_app.models import AccessRequest, ContentReport, FilterDecision, ReportedSite, Verdict
from forms_app.services import (
    access_request_withdraw,
    content_report_close,
    content_report_submit,
)
from forms_app.services.register import register_add
from forms_app.services.requests import EXPIRY_REASON
from forms_app.tasks import expire_access
from schools.calendar import school_today
from tests.audit.admin_forms import admin_change
from tests.audit.paths import (
    ADMIN,
    COMMAND,
    SERVICE,
    TASK,
    VIEW,
    Changed,
    World,
    path,
    written_by_load_demo,
)
from tests.forms_app.factories import approved_in, report_in, request_in
from tests.helpers.backdate import backdate

written_by_load_demo(
    "forms_app.AccessRequest",
    "forms_app.ContentReport",
    "forms_app.ReportedSite",
    "forms_app.FilterDecision",
)

REQUEST = {
    "url": "https://www.youtube.com/watch?v=volcano",
    "site_content": "A video of an erupting volcano.",
    "reasons": "Year 4 geography: volcanoes.",
    "risks": "Suggested videos at the end; I will stop it before them.",
    "needed_by": "",
    "audience": "staff",
    "school_class": "",
    "access_length": "week",
}
REPORT = {
    "urls": "https://games.example.com/casino\r\nhttps://poker.example.org/",
    "site_content": "An online games site.",
    "categories": ["gambling"],
    "nature": "",
    "safeguarding": "no",
}


def _ended_yesterday(w: World) -> AccessRequest:
    """An approval whose last day was yesterday, waiting for the scheduled expiry."""
    request = approved_in(w.school, access_until=school_today(w.school))
    backdate(request, access_until=school_today(w.school) - datetime.timedelta(days=1))
    w.start()
    return request


def _ending_line(w: World) -> FilterDecision:
    lines = FilterDecision.objects.for_school(w.school)
    return lines.get(verdict=Verdict.ALLOWANCE_ENDED)


# --- AccessRequest ----------------------------------------------------------------------------


@path("forms_app.AccessRequest", VIEW, "access-request-add")
def _request_view(w: World) -> Changed:
    w.post(w.teacher, "forms_app:access-request-add", REQUEST)
    return Changed(w.one(AccessRequest), w.teacher)


@path("forms_app.AccessRequest", ADMIN, "change")
def _request_admin(w: World) -> Changed:
    request = request_in(w.school, by=w.teacher)
    w.start()
    admin_change(w.admin, request, risks="None: the video is on the BBC site.")
    return Changed(request, w.admin)


@path("forms_app.AccessRequest", SERVICE, "access_request_withdraw")
def _request_service(w: World) -> Changed:
    request = request_in(w.school, by=w.teacher)
    w.start()
    access_request_withdraw(request=request, by=w.teacher, reason="Found another video.")
    return Changed(request, w.teacher)


@path("forms_app.AccessRequest", TASK, "forms_app.expire_access")
def _request_expired(w: World) -> Changed:
    request = _ended_yesterday(w)
    assert expire_access() == 1
    return Changed(request, None, EXPIRY_REASON)


@path("forms_app.AccessRequest", COMMAND, "run_periodic (expire-access)")
def _request_expired_periodically(w: World) -> Changed:
    request = _ended_yesterday(w)
    call_command("run_periodic", "--once")
    return Changed(request, None, EXPIRY_REASON)


# --- ContentReport ----------------------------------------------------------------------------


@path("forms_app.ContentReport", VIEW, "content-report-add")
def _report_view(w: World) -> Changed:
    w.post(w.teacher, "forms_app:content-report-add", REPORT)
    return Changed(w.one(ContentReport), w.teacher)


@path("forms_app.ContentReport", ADMIN, "change")
def _report_admin(w: World) -> Changed:
    report = report_in(w.school, by=w.teacher)
    w.start()
    admin_change(w.admin, report, site_content="An online casino.")
    return Changed(report, w.admin)


@path("forms_app.ContentReport", SERVICE, "content_report_close")
def _report_service(w: World) -> Changed:
    report = report_in(w.school, by=w.teacher)
    w.start()
    content_report_close(report=report, by=w.head, reason="Already blocked by the provider.")
    return Changed(report, w.head)


# --- ReportedSite -----------------------------------------------------------------------------


def _site(w: World) -> ReportedSite:
    return ReportedSite.objects.for_school(w.school).order_by("position")[0]


@path("forms_app.ReportedSite", VIEW, "content-report-add")
def _site_view(w: World) -> Changed:
    w.post(w.teacher, "forms_app:content-report-add", REPORT)
    return Changed(_site(w), w.teacher)


@path("forms_app.ReportedSite", ADMIN, "change")
def _site_admin(w: World) -> Changed:
    report_in(w.school, by=w.teacher)
    w.start()
    admin_change(w.admin, _site(w), url="https://games.example.com/casino/lobby")
    return Changed(_site(w), w.admin)


@path("forms_app.ReportedSite", SERVICE, "content_report_submit")
def _site_service(w: World) -> Changed:
    content_report_submit(
        school=w.school,
        by=w.teacher,
        urls=["https://games.example.com/casino"],
        site_content="An online games site.",
        categories=["gambling"],
        nature="",
        safeguarding=False,
    )
    return Changed(_site(w), w.teacher)


# --- FilterDecision ---------------------------------------------------------------------------


@path("forms_app.FilterDecision", VIEW, "access-request-decide")
def _line_view(w: World) -> Changed:
    request = request_in(w.school, by=w.teacher)
    w.start()
    w.post(
        w.head,
        "forms_app:access-request-decide",
        {"decision": "refuse", "reason": "Use BBC Teach.", "access_until": ""},
        request_id=request.public_id,
    )
    return Changed(w.one(FilterDecision), w.head)


@path("forms_app.FilterDecision", ADMIN, "change")
def _line_admin(w: World) -> Changed:
    line = register_add(
        school=w.school, site="example.com", verdict=Verdict.BLOCKED, reason="Policy.", by=w.head
    )
    w.start()
    admin_change(w.admin, line, reason="The school's policy, 7.1.")
    return Changed(line, w.admin)


@path("forms_app.FilterDecision", SERVICE, "register_add")
def _line_service(w: World) -> Changed:
    line = register_add(
        school=w.school, site="example.com", verdict=Verdict.BLOCKED, reason="Policy.", by=w.head
    )
    return Changed(line, w.head)


@path("forms_app.FilterDecision", TASK, "forms_app.expire_access")
def _line_expired(w: World) -> Changed:
    _ended_yesterday(w)
    expire_access()
    return Changed(_ending_line(w), None, EXPIRY_REASON)


@path("forms_app.FilterDecision", COMMAND, "run_periodic (expire-access)")
def _line_expired_periodically(w: World) -> Changed:
    _ended_yesterday(w)
    call_command("run_periodic", "--once")
    return Changed(_ending_line(w), None, EXPIRY_REASON)
