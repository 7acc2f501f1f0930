"""What the request and report pages share: the precedent box and a record's PDF."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import ValidationError

from documents.models import Document, DocumentStatus
from forms_app.access import may_oversee
from forms_app.services import precedent_for
from forms_app.sites import check_site_url
from schools.access import SchoolRequest
from schools.models import School
from schools.roles import RecordKind


def domain_of(url: str) -> str:
    """The site of an address as typed so far; empty while it is not a web address."""
    try:
        return check_site_url(url).domain if url else ""
    except ValidationError:
        return ""


def precedent_context(
    request: SchoolRequest, domains: Iterable[str], exclude: object = None
) -> dict[str, Any]:
    """The context of ``forms_app/_same_site.html`` for one or more sites.

    Records are linked only for those who may open them: access requests for
    their overseers, content reports for theirs.
    """
    wanted = [domain for domain in dict.fromkeys(domains) if domain]
    found: dict[str, Any] = {}
    for domain in wanted:
        for precedent in precedent_for(request.school, domain, exclude):
            found.setdefault(f"{precedent.kind}{precedent.reference}", precedent)
    member = request.membership
    return {
        "precedents": sorted(found.values(), key=lambda p: (p.on, p.reference), reverse=True),
        "domain": ", ".join(wanted),
        "link_requests": may_oversee(member, RecordKind.ACCESS_REQUEST),
        "link_reports": may_oversee(member, RecordKind.CONTENT_REPORT),
    }


def latest_pdf(school: School, subject_type: str, public_id: object) -> Document | None:
    """The newest ready PDF of a record, if one has been produced yet."""
    return (
        Document.objects.for_school(school)
        .filter(subject_type=subject_type, subject_id=str(public_id), status=DocumentStatus.READY)
        .exclude(file="")
        .order_by("-version")
        .first()
    )
