"""PDFs of access requests and content reports, laid out like Appendices 1 and 2.

Each service asks for the record's PDF again after every move, so the copy
on file always shows the latest decision; earlier versions stay downloadable.
"""

from __future__ import annotations

import uuid
from collections import Counter
from datetime import date, datetime
from typing import Any

from django.utils import timezone

from documents.models import Document
from documents.sources import PdfSource, register_source
from forms_app.access import REGISTER_READERS, may_view_report, may_view_request
from forms_app.looks import report_looked_at
from forms_app.models import (
    AccessRequest,
    Audience,
    ContentReport,
    FilterDecision,
    RequestStatus,
    Verdict,
)
from forms_app.register import (
    REVIEW_PACK_PDF,
    RegisterFilter,
    academic_year_named,
    allowances_in_force,
    register_lines,
    source_label,
    year_lines,
)
from forms_app.services.common import ACCESS_REQUEST_PDF, CONTENT_REPORT_PDF
from incidents.models import AccessAction
from schools.access import MemberRoles
from schools.calendar import AcademicYear, school_today
from schools.models import School, SocialNetwork
from schools.roles import Role
from schools.tenancy import TenantQuerySet

Fields = list[tuple[str, str]]


def _day(value: date | None) -> str:
    return f"{value.day} {value:%B %Y}" if value else ""


def _when(value: datetime | None, school: School) -> str:
    if value is None:
        return ""
    local = timezone.localtime(value, school.tz)
    return f"{local.day} {local:%B %Y at %H:%M}"


def _name(user: Any) -> str:
    return (user.full_name or user.email) if user is not None else ""


def _load(queryset: TenantQuerySet[Any], subject_id: str) -> Any:
    try:
        public_id = uuid.UUID(subject_id)
    except ValueError:
        return None
    return queryset.filter(public_id=public_id).first()


@register_source
class AccessRequestPdf(PdfSource[AccessRequest]):
    subject_type = ACCESS_REQUEST_PDF
    template_name = "pdf/record.html"
    download_roles = frozenset(Role)

    def load(self, school: School, subject_id: str) -> AccessRequest | None:
        requests = AccessRequest.objects.for_school(school).select_related(
            "school", "school_class", "decided_by", "unblocked_by", "revoked_by", "reblocked_by"
        )
        found: AccessRequest | None = _load(requests, subject_id)
        return found

    def subject_id(self, subject: AccessRequest) -> str:
        return str(subject.public_id)

    def title(self, subject: AccessRequest) -> str:
        return f"Blocked content access request {subject.reference}"

    def reference(self, subject: AccessRequest) -> str:
        return f"{subject.school.slug.upper()}-{subject.reference}"

    def context(self, subject: AccessRequest) -> dict[str, Any]:
        return {
            "heading": "Blocked website content access request form",
            "intro": f"{subject.reference} · {subject.get_status_display()}",
            "sections": [
                {"heading": "The request", "fields": _request_fields(subject)},
                {"heading": "Decision", "fields": _decision_fields(subject)},
                {"heading": "Filtering", "fields": _filtering_fields(subject)},
            ],
        }

    def may_download(self, member: MemberRoles, document: Document) -> bool:
        request = self.load(member.school, document.subject_id)
        return request is not None and may_view_request(member, request)


def _request_fields(request: AccessRequest) -> Fields:
    audience = request.get_audience_display()
    if request.audience == Audience.CLASS and request.school_class is not None:
        audience = f"{audience}: {request.school_class.name}"
    return [
        ("Teacher name", request.requester_name),
        ("Submitted", _when(request.submitted_at, request.school)),
        ("Full URL", request.url),
        ("Site content", request.site_content),
        ("Reasons", request.reasons),
        ("Risks", request.risks),
        ("Needed by", _day(request.needed_by)),
        ("Who will use it", audience),
        ("How long access is needed", request.get_access_length_display()),
    ]


def _decision_fields(request: AccessRequest) -> Fields:
    if request.status == RequestStatus.WITHDRAWN:
        return [
            ("Withdrawn", _when(request.withdrawn_at, request.school)),
            ("Why", request.withdrawn_reason),
        ]
    approved = {RequestStatus.REJECTED: "No", RequestStatus.SUBMITTED: ""}.get(
        RequestStatus(request.status), "Yes"
    )
    fields = [
        ("Approved", approved),
        ("Reason", request.decision_reason),
        ("Decided by", _name(request.decided_by)),
        ("Decided", _when(request.decided_at, request.school)),
    ]
    if approved == "Yes":
        fields.append(("Access until", _day(request.access_until) or "No end date"))
    if request.status == RequestStatus.REVOKED:
        fields += [
            ("Approval revoked by", _name(request.revoked_by)),
            ("Why it was revoked", request.revoke_reason),
        ]
    if request.status == RequestStatus.EXPIRED or (
        request.status == RequestStatus.REBLOCKED and request.revoked_by is None
    ):
        fields.append(("Approval ended", _when(request.ended_at, request.school)))
    return fields


def _filtering_fields(request: AccessRequest) -> Fields:
    return [
        ("Unblocked on", _day(request.unblocked_on)),
        ("Unblocked by", _name(request.unblocked_by)),
        ("Blocked again on", _day(request.reblocked_on)),
        ("Blocked again by", _name(request.reblocked_by)),
    ]


@register_source
class ContentReportPdf(PdfSource[ContentReport]):
    subject_type = CONTENT_REPORT_PDF
    template_name = "pdf/record.html"
    download_roles = frozenset(Role)

    def load(self, school: School, subject_id: str) -> ContentReport | None:
        reports = ContentReport.objects.for_school(school).select_related(
            "school", "blocked_by", "closed_by"
        )
        found: ContentReport | None = _load(reports, subject_id)
        return found

    def subject_id(self, subject: ContentReport) -> str:
        return str(subject.public_id)

    def title(self, subject: ContentReport) -> str:
        return f"Inappropriate content report {subject.reference}"

    def reference(self, subject: ContentReport) -> str:
        return f"{subject.school.slug.upper()}-{subject.reference}"

    def context(self, subject: ContentReport) -> dict[str, Any]:
        urls = "\n".join(site.url for site in subject.sites.order_by("position"))
        nature = "; ".join(subject.category_labels())
        if subject.nature:
            nature = f"{nature}\n{subject.nature}" if nature else subject.nature
        outcome: Fields = [
            ("Site blocked (date)", _day(subject.blocked_on)),
            ("Blocked by", _name(subject.blocked_by)),
            ("Filtering provider's case reference", subject.provider_reference),
        ]
        if subject.closed_at is not None:
            outcome = [
                ("Closed with no action", _when(subject.closed_at, subject.school)),
                ("Closed by", _name(subject.closed_by)),
                ("Why", subject.close_reason),
            ]
        return {
            "heading": "Inappropriate website content report form",
            "intro": f"{subject.reference} · {subject.get_status_display()}",
            "sections": [
                {
                    "heading": "The report",
                    "fields": [
                        ("Teacher name", subject.reporter_name),
                        ("Reported", _when(subject.reported_at, subject.school)),
                        ("Full URLs", urls),
                        ("General site content", subject.site_content),
                        ("Nature of inappropriate content", nature),
                        ("Safeguarding issue?", "Yes" if subject.safeguarding else "No"),
                    ],
                },
                {"heading": "Action taken", "fields": outcome},
            ],
        }

    def may_download(self, member: MemberRoles, document: Document) -> bool:
        report = self.load(member.school, document.subject_id)
        return report is not None and may_view_report(member, report)

    def downloaded(self, member: MemberRoles, document: Document) -> None:
        """Logged when the report is a safeguarding issue, like a look at its page."""
        report = self.load(member.school, document.subject_id)
        if report is not None:
            report_looked_at(report=report, user=member.user, action=AccessAction.PDF)


@register_source
class ReviewPackPdf(PdfSource[AcademicYear]):
    """One academic year of the register: the evidence for the annual filtering review.

    The DfE's filtering and monitoring standards ask schools to review each
    year what their filter blocks and allows, and why.
    """

    subject_type = REVIEW_PACK_PDF
    template_name = "pdf/record.html"
    download_roles = REGISTER_READERS

    def load(self, school: School, subject_id: str) -> AcademicYear | None:
        return academic_year_named(school, subject_id)

    def subject_id(self, subject: AcademicYear) -> str:
        return str(subject.year)

    def title(self, subject: AcademicYear) -> str:
        return f"Filtering review pack {subject.label}"

    def reference(self, subject: AcademicYear) -> str:
        return f"{subject.school.slug.upper()}-FILTERING-{subject.year}"

    def context(self, subject: AcademicYear) -> dict[str, Any]:
        school = subject.school
        return {
            "heading": f"Filtering review pack: academic year {subject.label}",
            "intro": (
                f"{school.name}'s register of what its web filter allows and blocks, and why, "
                f"for the academic year {_day(subject.start)} to {_day(subject.end)}."
            ),
            "sections": [
                {"heading": "Filtering", "fields": _filtering_setup(school, subject)},
                *register_sections(
                    school,
                    list(year_lines(subject)),
                    label=subject.label,
                    end=subject.end,
                    empty="Nothing was decided in this academic year.",
                ),
            ],
        }


def register_sections(
    school: School,
    lines: list[FilterDecision],
    *,
    label: str,
    end: date,
    empty: str,
    full_urls: bool = True,
) -> list[dict[str, Any]]:
    """The register as the packs print it: what the policy blocks, the decisions ``lines``
    hold (counted, then one by one), and what is allowed today.

    The filtering review pack prints a year of it; the governors' termly pack a
    term, without full web addresses (``full_urls``): a reported page's address
    can name the child it is about.
    """
    today = school_today(school)
    return [
        {"heading": "Blocked by the school's policy", "fields": _policy_blocks(school, end)},
        {
            "heading": f"Decisions in {label}",
            "fields": [*_counts(lines), ("All decisions", str(len(lines)))],
            "compact": True,
        },
        {
            "heading": f"Allowances in force on {_day(today)}",
            "fields": _allowances(school, today, full_urls=full_urls),
        },
        {
            "heading": f"The register, {label}",
            "fields": [] if lines else [("Decisions", empty)],
            "entries": [_entry(line, full_urls=full_urls) for line in lines],
        },
    ]


def _filtering_setup(school: School, subject: AcademicYear) -> Fields:
    return [
        ("School", school.name),
        ("Academic year", f"{subject.label} ({_day(subject.start)} to {_day(subject.end)})"),
        ("Filtering provider", school.filtering_provider or "Not recorded"),
        ("What is blocked", school.blocking_note or "Not recorded"),
    ]


def _policy_blocks(school: School, end: date) -> Fields:
    fields: Fields = []
    if school.blocks_all_social_media:
        fields.append(("Social media", "All social media sites are blocked."))
    else:
        names = SocialNetwork.objects.for_school(school).filter(blocked=True).order_by("name")
        listed = ", ".join(network.name for network in names)
        fields.append(("Social networks blocked", listed or "None named"))
    policy_lines = (
        register_lines(school, RegisterFilter(date_to=end))
        .filter(access_request__isnull=True, content_report__isnull=True)
        .order_by("site", "pk")
    )
    fields += [(line.site, line.reason) for line in policy_lines]
    return fields


def _counts(lines: list[FilterDecision]) -> Fields:
    found = Counter(line.verdict for line in lines)
    return [(verdict.label, str(found[verdict])) for verdict in Verdict]


def _allowances(school: School, today: date, *, full_urls: bool) -> Fields:
    return [
        (
            f"{line.site} ({source_label(line)})",
            (f"{line.url}\n" if full_urls else "")
            + f"Until: {_day(line.until) or 'no end date'}"
            + (f"\nWho it is for: {line.audience}" if line.audience else ""),
        )
        for line in allowances_in_force(school, today)
    ] or [("Allowances", "Nothing is allowed beyond the filter's usual settings.")]


def _entry(line: FilterDecision, *, full_urls: bool) -> dict[str, Any]:
    fields: Fields = [("Full URL", line.url)] if line.url and full_urls else []
    fields += [
        ("Decision", line.get_verdict_display()),
        ("Why", line.reason),
        ("Decided by", line.decided_by_name),
        ("Decided on", _day(line.decided_on)),
    ]
    if line.verdict == Verdict.ALLOWED:
        fields.append(("Until", _day(line.until) or "No end date"))
    if line.audience:
        fields.append(("Who it is for", line.audience))
    fields.append(("Source", source_label(line)))
    return {"heading": f"{line.site}: {line.get_verdict_display()}", "fields": fields}
