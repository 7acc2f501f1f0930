"""The PDF of each signed agreement, laid out like Appendix 3: the three name
fields, the exact text signed (in the language it was signed in), “Signed:”
with the signature drawn or typed, any second carer, “Date:”, and how and on
which version it was collected."""

from __future__ import annotations

import uuid
from typing import Any

from django.utils import timezone

from agreements.access import AGREEMENT_READERS
from agreements.looks import agreement_looked_at
from agreements.models import Agreement, Method
from agreements.services.signing import AGREEMENT_PDF
from agreements.text import blocks
from documents.models import Document
from documents.sources import PdfSource, register_source
from incidents.models import AccessAction
from schools.access import MemberRoles
from schools.calendar import AcademicYear
from schools.models import School


def _who(user: Any) -> str:
    return (user.full_name or user.email) if user is not None else "a member of staff"


def collected(agreement: Agreement) -> str:
    """How the signature was collected, in a sentence."""
    if agreement.method == Method.KIOSK:
        event = f" ({agreement.kiosk.event})" if agreement.kiosk else ""
        return f"Signed at a kiosk{event}."
    if agreement.method == Method.LINK:
        return f"Signed online with a personal link sent by {_who(agreement.recorded_by)}."
    return (
        f"Signed on paper; the paper copy was recorded, with its scan, by "
        f"{_who(agreement.recorded_by)}."
    )


def signed_on(agreement: Agreement) -> str:
    signed = timezone.localtime(agreement.signed_at, agreement.school.tz)
    if agreement.method == Method.PAPER:
        return f"{signed.day} {signed:%B %Y}"  # the date written on the paper: no time
    return f"{signed.day} {signed:%B %Y} at {signed:%H:%M}"


@register_source
class AgreementPdf(PdfSource[Agreement]):
    subject_type = AGREEMENT_PDF
    template_name = "pdf/agreement.html"
    download_roles = AGREEMENT_READERS

    def load(self, school: School, subject_id: str) -> Agreement | None:
        try:
            public_id = uuid.UUID(subject_id)
        except ValueError:
            return None
        return (
            Agreement.objects.for_school(school)
            .select_related("school", "school_class", "version", "kiosk", "recorded_by")
            .filter(public_id=public_id)
            .first()
        )

    def subject_id(self, subject: Agreement) -> str:
        return str(subject.public_id)

    def title(self, subject: Agreement) -> str:
        return f"Home-school agreement {subject.reference}"

    def reference(self, subject: Agreement) -> str:
        return f"{subject.school.slug.upper()}-{subject.reference}"

    def context(self, subject: Agreement) -> dict[str, Any]:
        return {
            "agreement": subject,
            "blocks": blocks(subject.text_signed),
            "signed_on": signed_on(subject),
            "year": AcademicYear(subject.school, subject.academic_year),
            "collected": collected(subject),
        }

    def downloaded(self, member: MemberRoles, document: Document) -> None:
        agreement = self.load(member.school, document.subject_id)
        if agreement is not None:
            agreement_looked_at(agreement=agreement, user=member.user, action=AccessAction.PDF)
