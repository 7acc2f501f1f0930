"""The PDF of one complaint: the record the governing body keeps (Chestnuts 1.3, Norris Bank 1).

Each service asks for it again after every change, so the copy on file shows
the latest stage or the outcome; earlier versions stay downloadable.
"""

from __future__ import annotations

import datetime
import uuid
from typing import Any

from django.utils import timezone

from documents.sources import PdfSource, register_source
from governance.complaints.services import COMPLAINT_PDF
from governance.models import Complaint
from schools.history import HistoryEntry, record_history
from schools.models import School
from schools.roles import GOVERNANCE_READERS

Fields = list[tuple[str, str]]
HISTORY_HIDDEN = ("number", "recorded_at")


def _day(value: datetime.date | None) -> str:
    return f"{value.day} {value:%B %Y}" if value else ""


def _name(user: Any) -> str:
    return (user.full_name or user.email) if user is not None else ""


@register_source
class ComplaintPdf(PdfSource[Complaint]):
    subject_type = COMPLAINT_PDF
    template_name = "pdf/complaint.html"
    download_roles = GOVERNANCE_READERS

    def load(self, school: School, subject_id: str) -> Complaint | None:
        try:
            public_id = uuid.UUID(subject_id)
        except ValueError:
            return None
        complaints = Complaint.objects.for_school(school).select_related("school", "recorded_by")
        return complaints.filter(public_id=public_id).first()

    def subject_id(self, subject: Complaint) -> str:
        return str(subject.public_id)

    def title(self, subject: Complaint) -> str:
        return f"Complaint {subject.reference}"

    def reference(self, subject: Complaint) -> str:
        return f"{subject.school.slug.upper()}-{subject.reference}"

    def context(self, subject: Complaint) -> dict[str, Any]:
        return {
            "heading": f"Complaint {subject.reference}: {subject.subject}",
            "intro": _standing(subject),
            "sections": [
                {"heading": "The complaint", "fields": _complaint_fields(subject)},
                {"heading": "Where it stands", "fields": _stage_fields(subject)},
                {"heading": "Outcome", "fields": _outcome_fields(subject)},
            ],
            "history": [_entry(entry, subject.school) for entry in _history(subject)],
        }


def _history(subject: Complaint) -> list[HistoryEntry]:
    return record_history(subject, hidden=HISTORY_HIDDEN)


def _standing(subject: Complaint) -> str:
    if subject.is_open:
        return f"Open, at the {subject.get_stage_display().lower()} stage."
    return f"Closed on {_day(subject.closed_on)}: {subject.get_outcome_display().lower()}."


def _complaint_fields(subject: Complaint) -> Fields:
    return [
        ("Received on", _day(subject.received_on)),
        ("Complainant", subject.complainant),
        ("Who the complainant is", subject.get_complainant_kind_display()),
        ("About", subject.get_about_display()),
        ("Subject", subject.subject),
        ("What the complaint says", subject.details),
        ("Recorded by", _name(subject.recorded_by)),
    ]


def _stage_fields(subject: Complaint) -> Fields:
    return [
        ("Status", subject.get_status_display()),
        ("Stage", subject.get_stage_display()),
        ("At this stage since", _day(subject.stage_since)),
        ("Note on moving to this stage", subject.stage_note),
        ("Response due by", _day(subject.respond_by) or "No date set"),
    ]


def _outcome_fields(subject: Complaint) -> Fields:
    if subject.is_open:
        return [("Outcome", "Not yet decided: the complaint is open.")]
    return [
        ("Outcome", subject.get_outcome_display()),
        ("The outcome and the reasons for it", subject.outcome_note),
        ("Closed on", _day(subject.closed_on)),
    ]


def _entry(entry: HistoryEntry, school: School) -> dict[str, Any]:
    at = timezone.localtime(entry.at, school.tz)
    changed = entry.action == "Changed"
    return {
        "heading": f"{entry.action} by {entry.by}, {at.day} {at:%B %Y at %H:%M}",
        "fields": [
            (change.label, f"{change.old} → {change.new}" if changed else change.new)
            for change in entry.changes
        ],
    }
