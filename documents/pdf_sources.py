"""The documents app's own PDF: the school's set-up summary.

Other apps declare theirs in their own ``pdf_sources.py``.
"""

from __future__ import annotations

from typing import Any

from documents.sources import PdfSource, register_source
from schools.models import Membership, ReviewRoute, School, SchoolClass, YearGroup
from schools.roles import Module, RecordKind, Role

SCHOOL_SUMMARY = "school-summary"
MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


@register_source
class SchoolSummaryPdf(PdfSource[School]):
    """ "How <school> runs its policy": the set-up governors and inspectors ask about."""

    subject_type = SCHOOL_SUMMARY
    template_name = "pdf/school_summary.html"
    # Governors read it (PRODUCT.md §1: read-only); it names staff, not children.
    download_roles = frozenset({Role.HEADTEACHER, Role.GOVERNOR})

    def load(self, school: School, subject_id: str) -> School | None:
        # The subject is the school itself: another school's id is not found.
        return school if subject_id == str(school.public_id) else None

    def subject_id(self, subject: School) -> str:
        return str(subject.public_id)

    def title(self, subject: School) -> str:
        return f"How {subject.name} runs its policy"

    def reference(self, subject: School) -> str:
        return f"{subject.slug.upper()}-SETUP"

    def context(self, subject: School) -> dict[str, Any]:
        return {
            "arrangements": _arrangements(subject),
            "modules": [
                (module.label, "Switched on" if subject.has_module(module) else "Switched off")
                for module in Module
            ],
            "routes": _routes(subject),
            "classes": [
                (school_class.name, YearGroup(school_class.year_group).label)
                for school_class in SchoolClass.objects.for_school(subject).filter(is_active=True)
            ],
            "esafety_team": [
                (member.user.full_name, member.title)
                for member in Membership.objects.for_school(subject)
                .filter(role=Role.ESAFETY, ended_at__isnull=True)
                .select_related("user")
                .order_by("user__full_name", "pk")
            ],
        }


def _arrangements(school: School) -> list[tuple[str, str]]:
    month = MONTHS[school.academic_year_start_month - 1]
    return [
        ("Overall responsibility for the policy", school.get_overall_responsibility_display()),
        ("The school year starts on", f"{school.academic_year_start_day} {month}"),
        ("Dates and times are shown in", school.time_zone.replace("_", " ")),
    ]


def _routes(school: School) -> list[tuple[str, str]]:
    handlers: dict[str, set[str]] = {}
    for route in ReviewRoute.objects.for_school(school):
        handlers.setdefault(route.kind, set()).add(route.role)
    return [
        (
            kind.label,
            ", ".join(role.label for role in Role if role in handlers.get(kind, set()))
            or "Nobody has been named yet",
        )
        for kind in RecordKind
    ]
