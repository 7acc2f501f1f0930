"""Earlier requests and reports for the same site, shown before anyone files or decides.

"The same site" is the registrable domain (``forms_app.sites``). What is shown
is what the register would show: the outcome and its reason, never who
reported what about a child (a safeguarding report's reasons stay on the report).
"""

from __future__ import annotations

import datetime
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import F, Window
from django.db.models.functions import RowNumber
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


def _latest(queryset: Any, partition: str, *order: Any) -> Any:
    """Each ``partition``'s rows numbered newest first, as ``rank``."""
    return queryset.annotate(
        rank=Window(RowNumber(), partition_by=[F(partition)], order_by=list(order))
    )


def _requests(school: School, domains: list[str], exclude: object) -> list[tuple[str, Precedent]]:
    requests = AccessRequest.objects.for_school(school).filter(domain__in=domains)
    if isinstance(exclude, AccessRequest):
        requests = requests.exclude(pk=exclude.pk)
    latest = _latest(requests, "domain", F("submitted_at").desc(), F("pk").desc())
    return [
        (
            request.domain,
            Precedent(
                kind="Access request",
                reference=request.reference,
                public_id=str(request.public_id),
                url=request.url,
                on=timezone.localdate(request.submitted_at, school.tz),
                outcome=request.get_status_display(),
                reason=_request_reason(request),
                is_request=True,
            ),
        )
        for request in latest.filter(rank__lte=SHOWN)
    ]


def _reports(school: School, domains: list[str], exclude: object) -> list[tuple[str, Precedent]]:
    sites = ReportedSite.objects.for_school(school).filter(domain__in=domains)
    if isinstance(exclude, ContentReport):
        sites = sites.exclude(report=exclude)
    # A report may name several pages of one site: enough rows for SHOWN reports each.
    latest = _latest(
        sites.select_related("report"), "domain", F("report__reported_at").desc(), F("position")
    ).filter(rank__lte=SHOWN * 3)
    seen: dict[tuple[str, int], Precedent] = {}
    shown: Counter[str] = Counter()
    for site in latest.order_by("domain", "rank"):
        report = site.report
        if (site.domain, report.pk) in seen or shown[site.domain] >= SHOWN:
            continue
        shown[site.domain] += 1
        seen[(site.domain, report.pk)] = Precedent(
            kind="Content report",
            reference=report.reference,
            public_id=str(report.public_id),
            url=site.url,
            on=timezone.localdate(report.reported_at, school.tz),
            outcome=_report_outcome(report),
            reason="" if report.safeguarding else report.close_reason,
            is_request=False,
        )
    return [(domain, precedent) for (domain, _), precedent in seen.items()]


def _report_outcome(report: ContentReport) -> str:
    if report.blocked_on is not None:
        return f"Blocked on {report.blocked_on:%d/%m/%Y}"
    return report.get_status_display()


def precedents_for(
    school: School, domains: Iterable[str], exclude: object = None
) -> dict[str, list[Precedent]]:
    """The latest requests and reports for each of ``domains`` in ``school``, newest
    first: two queries, however many sites there are."""
    wanted = [domain for domain in dict.fromkeys(domains) if domain]
    if not wanted:
        return {}
    found: dict[str, list[Precedent]] = {domain: [] for domain in wanted}
    for domain, precedent in _requests(school, wanted, exclude) + _reports(school, wanted, exclude):
        found[domain].append(precedent)
    return {
        domain: sorted(precedents, key=lambda p: (p.on, p.reference), reverse=True)[: SHOWN * 2]
        for domain, precedents in found.items()
    }


def precedent_for(school: School, domain: str, exclude: object = None) -> list[Precedent]:
    """The latest requests and reports for ``domain`` in ``school``, newest first."""
    return precedents_for(school, [domain], exclude).get(domain, [])
