"""Earlier requests and reports for the same site, shown before anyone files or decides.

"The same site" is the registrable domain (``forms_app.sites``). What is shown
is what the register would show: the outcome and its reason, never who
reported what about a child (a safeguarding report's reasons stay on the report).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.utils import timezone

from forms_app.models import AccessRequest, ContentReport, ReportedSite, RequestStatus
from schools.models import School

SHOWN = 10


@dataclass(frozen=True)
class Precedent:
    kind: str  # "Access request" / "Content report"
    reference: str
    public_id: str
    url: str
    on: datetime.date
    outcome: str
    reason: str
    is_request: bool


def _request_reason(request: AccessRequest) -> str:
    if request.status == RequestStatus.REVOKED:
        return str(request.revoke_reason)
    return str(request.decision_reason)


def _requests(school: School, domain: str, exclude: object) -> list[Precedent]:
    requests = AccessRequest.objects.for_school(school).filter(domain=domain)
    if isinstance(exclude, AccessRequest):
        requests = requests.exclude(pk=exclude.pk)
    return [
        Precedent(
            kind="Access request",
            reference=request.reference,
            public_id=str(request.public_id),
            url=request.url,
            on=timezone.localdate(request.submitted_at, school.tz),
            outcome=request.get_status_display(),
            reason=_request_reason(request),
            is_request=True,
        )
        for request in requests.order_by("-submitted_at")[:SHOWN]
    ]


def _reports(school: School, domain: str, exclude: object) -> list[Precedent]:
    sites = (
        ReportedSite.objects.for_school(school)
        .filter(domain=domain)
        .select_related("report")
        .order_by("-report__reported_at", "position")
    )
    if isinstance(exclude, ContentReport):
        sites = sites.exclude(report=exclude)
    seen: dict[int, Precedent] = {}
    for site in sites[: SHOWN * 3]:
        report = site.report
        if report.pk in seen or len(seen) >= SHOWN:
            continue
        seen[report.pk] = Precedent(
            kind="Content report",
            reference=report.reference,
            public_id=str(report.public_id),
            url=site.url,
            on=timezone.localdate(report.reported_at, school.tz),
            outcome=_report_outcome(report),
            reason="" if report.safeguarding else report.close_reason,
            is_request=False,
        )
    return list(seen.values())


def _report_outcome(report: ContentReport) -> str:
    if report.blocked_on is not None:
        return f"Blocked on {report.blocked_on:%d/%m/%Y}"
    return report.get_status_display()


def precedent_for(school: School, domain: str, exclude: object = None) -> list[Precedent]:
    """The latest requests and reports for ``domain`` in ``school``, newest first."""
    if not domain:
        return []
    found = _requests(school, domain, exclude) + _reports(school, domain, exclude)
    return sorted(found, key=lambda p: (p.on, p.reference), reverse=True)[: SHOWN * 2]
