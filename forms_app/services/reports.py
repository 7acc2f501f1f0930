"""An inappropriate-content report (Appendix 2), one service per move.

reported → blocked (the network manager records the day and the provider's case reference)
         → closed (a reviewer: no action, with the reason)
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from accounts.models import User
from forms_app.models import ContentCategory, ContentReport, ReportedSite, ReportStatus, Verdict
from forms_app.services.common import (
    CONTENT_REPORT_PDF,
    RecordError,
    check_past_date,
    next_number,
    people_with,
    record_url,
    remake_pdf,
    require_reason,
    reviewers_of,
    save_as,
    tell,
)
from forms_app.services.register import register_add
from forms_app.sites import Site, check_site_url
from notifications.services import safeguarding_alert
from schools.models import School
from schools.roles import RecordKind, Role

MAX_SITES = 10


def _url(report: ContentReport) -> str:
    return record_url("content-report", report.school, report_id=report.public_id)


def _locked(report: ContentReport) -> ContentReport:
    fresh = ContentReport.objects.for_school(report.school).select_for_update().get(pk=report.pk)
    if fresh.status != ReportStatus.REPORTED:
        raise RecordError(
            f"{fresh.reference} is now “{fresh.get_status_display()}”: nothing was changed. "
            "Someone else may have dealt with it; the page now shows where it stands."
        )
    return fresh


def _check_sites(urls: Sequence[str]) -> list[Site]:
    entered = [url for url in urls if url.strip()]
    if not entered:
        raise ValidationError({"urls": "Enter the full address of at least one page."})
    if len(entered) > MAX_SITES:
        raise ValidationError({"urls": f"Report at most {MAX_SITES} addresses at once."})
    sites: list[Site] = []
    for number, url in enumerate(entered, start=1):
        try:
            sites.append(check_site_url(url))
        except ValidationError as error:
            where = f"Address {number}: " if len(entered) > 1 else ""
            raise ValidationError({"urls": where + error.messages[0]}) from error
    return list({site.url: site for site in sites}.values())


def _check_nature(categories: Sequence[str], nature: str) -> None:
    if not categories and not nature.strip():
        raise ValidationError(
            {"categories": "Choose what kind of content it is, or describe it below."}
        )
    if unknown := set(categories) - set(ContentCategory.values):
        raise ValidationError({"categories": f"Unknown kind of content: {sorted(unknown)[0]}."})
    if ContentCategory.OTHER in categories and not nature.strip():
        raise ValidationError({"nature": "Describe the content you chose “something else” for."})


@transaction.atomic
def content_report_submit(
    *,
    school: School,
    by: User,
    urls: Sequence[str],
    site_content: str,
    categories: Sequence[str],
    nature: str,
    safeguarding: bool,
) -> ContentReport:
    """A member of staff reports content to be blocked; a safeguarding issue alerts at once."""
    sites = _check_sites(urls)
    _check_nature(categories, nature)
    report = ContentReport(
        school=school,
        number=next_number(ContentReport, school),
        reported_by=by,
        reporter_name=by.full_name or by.email,
        site_content=site_content.strip(),
        categories=[key for key in ContentCategory.values if key in set(categories)],
        nature=nature.strip(),
        safeguarding=safeguarding,
    )
    save_as(report, by, settled=["number"])  # next_number, under the lock
    for position, site in enumerate(sites, start=1):
        row = ReportedSite(
            school=school,
            report=report,
            position=position,
            url=site.url,
            host=site.host,
            domain=site.domain,
        )
        save_as(row, by)
    url = _url(report)
    if safeguarding:
        # Content-free: the alert names the kind of record and links to it.
        safeguarding_alert(school=school, what=RecordKind.CONTENT_REPORT, url=url, by=by)
    tell(
        school,
        reviewers_of(school, RecordKind.CONTENT_REPORT),
        title=f"Content report {report.reference} awaits action",
        url=url,
        by=by,
    )
    tell(
        school,
        people_with(school, {Role.NETWORK_MANAGER}),
        title=f"Content report {report.reference}: a site may need blocking",
        url=url,
        by=by,
    )
    remake_pdf(school, CONTENT_REPORT_PDF, report.public_id)
    return report


def _register_reason(report: ContentReport) -> str:
    # Governors read the register: the kinds of content, never the free text.
    labels = "; ".join(report.category_labels()) or "Described in the report"
    return f"Reported as inappropriate ({report.reference}): {labels}."


@transaction.atomic
def content_report_record_blocked(
    *, report: ContentReport, by: User, blocked_on: datetime.date, provider_reference: str = ""
) -> ContentReport:
    """The network manager has blocked the reported site(s)."""
    check_past_date(blocked_on, report.school, "blocked_on", "the site was blocked")
    report = _locked(report)
    if blocked_on < timezone.localdate(report.reported_at, report.school.tz):
        raise ValidationError(
            {"blocked_on": "The site cannot have been blocked before it was reported."}
        )
    report.status = ReportStatus.BLOCKED
    report.blocked_on = blocked_on
    report.blocked_by = by
    report.provider_reference = provider_reference.strip()
    save_as(report, by, ["status", "blocked_on", "blocked_by", "provider_reference"])
    _decided(report, by, Verdict.BLOCKED, _register_reason(report), blocked_on)
    _tell_reporter(report, by, f"The site in your content report {report.reference} is now blocked")
    return report


@transaction.atomic
def content_report_close(*, report: ContentReport, by: User, reason: str) -> ContentReport:
    """A reviewer closes the report with no action, saying why."""
    reason = require_reason(reason, "reason", "Say why no action is being taken.")
    report = _locked(report)
    report.status = ReportStatus.CLOSED
    report.closed_by = by
    report.closed_at = timezone.now()
    report.close_reason = reason
    save_as(report, by, ["status", "closed_by", "closed_at", "close_reason"])
    if report.safeguarding:
        # The reason may speak of a child; the register is read by governors.
        reason = f"Closed with no action by the school's reviewers ({report.reference})."
    _decided(report, by, Verdict.NOT_BLOCKED, reason)
    _tell_reporter(report, by, f"Your content report {report.reference} was closed with no action")
    return report


def _decided(
    report: ContentReport,
    by: User,
    verdict: Verdict,
    reason: str,
    on: datetime.date | None = None,
) -> None:
    """A register line for each address of the report."""
    for site in report.sites.order_by("position"):
        register_add(
            school=report.school,
            site=site.domain,
            url=site.url,
            verdict=verdict,
            reason=reason,
            by=by,
            content_report=report,
            decided_on=on,
        )


def _tell_reporter(report: ContentReport, by: User, title: str) -> None:
    """The reporter hears the outcome (portal and email); the PDF is remade."""
    tell(report.school, [report.reported_by], title=title, url=_url(report), by=by, email=True)
    remake_pdf(report.school, CONTENT_REPORT_PDF, report.public_id)
