"""The PDF of a published policy version, through the documents pipeline.

``policy_publish`` asks for it in its transaction; anyone may download it
(the published policy is public), from the public page or the versions page.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable
from datetime import date
from typing import Any

from django.utils import timezone

from documents.models import Document, DocumentStatus
from documents.sources import PdfSource, register_source
from policies.models import PolicyVersion, VersionStatus
from schools.access import MemberRoles
from schools.models import School
from schools.roles import Role
from schools.tenancy import TenantQuerySet

POLICY_VERSION = "policy-version"


@register_source
class PolicyVersionPdf(PdfSource[PolicyVersion]):
    """A published version as the school would print it: sections, numbered clauses, lists."""

    subject_type = POLICY_VERSION
    template_name = "pdf/policy.html"
    download_roles = frozenset(Role)

    def load(self, school: School, subject_id: str) -> PolicyVersion | None:
        try:
            public_id = uuid.UUID(subject_id)
        except ValueError:
            return None
        return (
            PolicyVersion.objects.for_school(school)
            .filter(public_id=public_id, status=VersionStatus.PUBLISHED)
            .first()
        )

    def subject_id(self, subject: PolicyVersion) -> str:
        return str(subject.public_id)

    def title(self, subject: PolicyVersion) -> str:
        return f"{subject.title}, version {subject.number}"

    def reference(self, subject: PolicyVersion) -> str:
        return f"{subject.school.slug.upper()}-POLICY-V{subject.number}"

    def context(self, subject: PolicyVersion) -> dict[str, Any]:
        clauses = list(subject.clauses.order_by("order"))
        return {
            "heading": subject.title,
            "facts": _facts(subject),
            "sections": [
                {
                    "label": section.label,
                    "clauses": [
                        {"number": c.number, "text": c.text, "bullets": list(c.bullets)}
                        for c in clauses
                        if c.section_id == section.pk
                    ],
                }
                for section in subject.sections.order_by("order")
            ],
        }

    def may_download(self, member: MemberRoles, document: Document) -> bool:
        return True  # the published policy is public


def _uk_date(value: date) -> str:
    return f"{value.day} {value:%B %Y}"


def _facts(version: PolicyVersion) -> list[tuple[str, str]]:
    published = version.published_at
    facts = [
        ("Version", str(version.number)),
        (
            "Published",
            _uk_date(timezone.localtime(published, version.school.tz)) if published else "",
        ),
        ("Next review due", _uk_date(version.review_due) if version.review_due else ""),
    ]
    if version.change_summary:
        facts.append(("What changed", version.change_summary))
    return facts


def _ready(school: School) -> TenantQuerySet[Document]:
    return Document.objects.for_school(school).filter(
        subject_type=POLICY_VERSION, status=DocumentStatus.READY
    )


def policy_pdf(school: School, version: PolicyVersion) -> Document | None:
    """The latest ready PDF of a published version of ``school``, if there is one yet."""
    if not version.is_published:
        return None
    return (
        _ready(school)
        .filter(subject_id=str(version.public_id))
        .exclude(file="")
        .order_by("-version")
        .first()
    )


def policy_pdfs(school: School, versions: Iterable[PolicyVersion]) -> dict[int, Document]:
    """The latest ready PDF of each of ``versions``, by version pk: one query."""
    by_subject = {str(v.public_id): v.pk for v in versions}
    latest: dict[int, Document] = {}
    documents = (
        _ready(school).filter(subject_id__in=by_subject).exclude(file="").order_by("version")
    )
    for document in documents:
        latest[by_subject[document.subject_id]] = document
    return latest
