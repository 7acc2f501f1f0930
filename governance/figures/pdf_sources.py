"""The governors' termly pack: the term's figures, its complaints and the filtering register.

The subject is a term of the school, named by its key ("2025-autumn"). The
figures are the dashboard's; the register is printed as the filtering
review pack prints it (``forms_app.pdf_sources.register_sections``), for the
term and without full web addresses.
"""

from __future__ import annotations

import datetime
from typing import Any

from documents.sources import PdfSource, register_source
from forms_app.pdf_sources import register_sections
from forms_app.register import RegisterFilter, register_lines
from governance.figures.charts import charted
from governance.figures.figures import STILL_OPEN, complaints_open_in, figures_term, term_figures
from governance.models import Complaint
from schools.calendar import Term
from schools.models import School
from schools.roles import GOVERNANCE_READERS, Module

GOVERNORS_PACK = "governors-pack"
PRINTED = (
    "number",
    "received_on",
    "complainant_kind",
    "about",
    "subject",
    "stage",
    "status",
    "outcome",
    "closed_on",
)


def uk_day(value: datetime.date | None) -> str:
    return f"{value.day} {value:%B %Y}" if value else ""


@register_source
class GovernorsPackPdf(PdfSource[Term]):
    subject_type = GOVERNORS_PACK
    template_name = "pdf/governors_pack.html"
    # The governing body's own papers: what its members and its clerk read.
    download_roles = GOVERNANCE_READERS

    def load(self, school: School, subject_id: str) -> Term | None:
        return figures_term(school, subject_id)

    def subject_id(self, subject: Term) -> str:
        return subject.key

    def title(self, subject: Term) -> str:
        return f"Governors' pack: {subject.label}"

    def reference(self, subject: Term) -> str:
        return f"{subject.academic_year.school.slug.upper()}-GOVERNORS-{subject.key.upper()}"

    def context(self, subject: Term) -> dict[str, Any]:
        school = subject.academic_year.school
        figures = term_figures(school, subject)
        lines = register_lines(
            school, RegisterFilter(date_from=subject.start, date_to=subject.end)
        ).order_by("decided_on", "recorded_at", "pk")
        return {
            "term": subject,
            "term_dates": f"{uk_day(subject.start)} to {uk_day(subject.end)}",
            "today": uk_day(figures.today),
            "running": figures.running,
            "sections": charted(figures),
            "complaints": complaint_entries(school, subject),
            "register": register_sections(
                school,
                list(lines),
                label=f"the {subject.label.lower()}",
                end=subject.end,
                empty="Nothing was decided in this term.",
                full_urls=False,
            ),
        }


def complaint_entries(school: School, term: Term) -> list[dict[str, Any]] | None:
    """The complaints open during the term, one block each: who complained only as a kind."""
    if not school.has_module(Module.COMPLAINTS):
        return None
    # Only what the pack prints: never the complainant's name or the complaint's details.
    complaints = complaints_open_in(school, term).only(*PRINTED)
    return [_complaint(complaint) for complaint in complaints]


def _complaint(complaint: Complaint) -> dict[str, Any]:
    outcome = STILL_OPEN if complaint.is_open else complaint.get_outcome_display()
    fields = [
        ("Received", uk_day(complaint.received_on)),
        ("Who complained", complaint.get_complainant_kind_display()),
        ("About", complaint.get_about_display()),
        ("Stage", complaint.get_stage_display()),
        ("Outcome", outcome),
    ]
    if not complaint.is_open:
        fields.append(("Closed on", uk_day(complaint.closed_on)))
    return {"heading": f"{complaint.reference}: {complaint.subject}", "fields": fields}
