"""What the request and report pages share: the precedent box and a record's PDF."""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Subquery

from documents.models import Document, DocumentStatus
from forms_app.access import may_oversee
from forms_app.services import precedents_for
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
    for precedents in precedents_for(request.school, wanted, exclude).values():
        for precedent in precedents:
            found.setdefault(f"{precedent.kind}{precedent.reference}", precedent)
    member = request.membership
    return {
        "precedents": sorted(found.values(), key=lambda p: (p.on, p.reference), reverse=True),
        "domain": ", ".join(wanted),
        "link_requests": may_oversee(member, RecordKind.ACCESS_REQUEST),
        "link_reports": may_oversee(member, RecordKind.CONTENT_REPORT),
    }


def _ready_pdfs(school: School, subject_type: str, public_id: object) -> Any:
    return (
        Document.objects.for_school(school)
        .filter(subject_type=subject_type, subject_id=str(public_id), status=DocumentStatus.READY)
        .exclude(file="")
        .order_by("-version")
    )


def latest_pdf(school: School, subject_type: str, public_id: object) -> Document | None:
    """The newest ready PDF of a record, if one has been produced yet."""
    return _ready_pdfs(school, subject_type, public_id).first()  # type: ignore[no-any-return]


@dataclass(frozen=True)
class PdfCopy:
    """What a record's page shows of its newest ready PDF."""

    public_id: uuid.UUID
    version: int
    size: int


_PDF_COLUMNS = ("public_id", "version", "size")


def latest_pdf_columns(school: School, subject_type: str, public_id: object) -> dict[str, Any]:
    """``latest_pdf`` as columns of the record's own query (its id is in the address):
    read with the record rather than in a query of its own. See ``pdf_read_with``."""
    ready = _ready_pdfs(school, subject_type, public_id)
    return {f"pdf_{name}": Subquery(ready.values(name)[:1]) for name in _PDF_COLUMNS}


def pdf_read_with(record: Any) -> PdfCopy | None:
    """The PDF a record read with ``latest_pdf_columns`` carries, if it has one yet."""
    found = getattr(record, "pdf_public_id", None)
    if found is None:
        return None
    return PdfCopy(found, record.pdf_version, record.pdf_size)
