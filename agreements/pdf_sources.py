"""The PDF of each signed agreement: the exact text signed, the names and the signature."""

from __future__ import annotations

import uuid
from typing import Any

from django.utils import timezone

from agreements.access import AGREEMENT_READERS
from agreements.models import Agreement
from agreements.services.signing import AGREEMENT_PDF
from agreements.text import blocks
from documents.sources import PdfSource, register_source
from schools.models import School


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
            .select_related("school", "school_class", "version")
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
        signed = timezone.localtime(subject.signed_at, subject.school.tz)
        return {
            "agreement": subject,
            "blocks": blocks(subject.text_signed),
            "signed_on": f"{signed.day} {signed:%B %Y at %H:%M}",
        }
