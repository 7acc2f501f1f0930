"""The evidence pack: one incident as a PDF, what a school hands to the police.

The incident, its people, its timeline, the checklist with each step's
clause, the decisions and their reasons, the reports made with their
reference numbers, the notes, and every evidence file: screen prints printed
in the pack, each with its full SHA-256 so a copy can be checked against the
vault; documents listed by their SHA-256, to be handed over alongside.

Only the incident's handlers download it, and each download is written in the
incident's access log.
"""

from __future__ import annotations

import base64
import uuid
from datetime import date, datetime
from typing import Any

from django.utils import timezone

from documents.models import Document
from documents.sources import PdfSource, register_source
from incidents.access import HANDLERS
from incidents.models import (
    AccessAction,
    Decision,
    EvidenceFile,
    ExternalReport,
    Incident,
    IncidentKind,
    IncidentNote,
    IncidentPerson,
    IncidentStep,
    StepStatus,
)
from incidents.services.common import INCIDENT_PDF, access_log
from incidents.timeline import incident_timeline, person_name, report_to, step_citation
from schools.access import MemberRoles
from schools.models import School

Fields = list[tuple[str, str]]
# Printed in the pack; anything else the vault holds is listed, to be handed over with it.
EMBEDDED_IMAGE_TYPES = frozenset({"image/png", "image/jpeg", "image/gif", "image/webp"})
FILE_KINDS = {
    "image/png": "PNG image",
    "image/jpeg": "JPEG image",
    "image/gif": "GIF image",
    "image/webp": "WebP image",
    "application/pdf": "PDF document",
}
UKCIS_STATEMENT = (
    "Following the UKCIS guidance on sharing nudes and semi-nudes, no images were stored for "
    "this incident: the imagery was not viewed, copied or stored by the school's staff."
)
ATTACHED_SEPARATELY = (
    "Not reproduced in this pack: the file is attached separately, exactly as held in the "
    "school's evidence vault. Its SHA-256 above identifies it."
)
UNREADABLE = (
    "The image could not be read from the evidence vault when this pack was produced: "
    "ask the school for the file, which its SHA-256 above identifies."
)


def _day(value: date | None) -> str:
    return f"{value.day} {value:%B %Y}" if value else ""


def _when(value: datetime | None, school: School) -> str:
    if value is None:
        return ""
    local = timezone.localtime(value, school.tz)
    return f"{local.day} {local:%B %Y at %H:%M}"


@register_source
class IncidentPackPdf(PdfSource[Incident]):
    subject_type = INCIDENT_PDF
    template_name = "pdf/incident_pack.html"
    download_roles = HANDLERS

    def load(self, school: School, subject_id: str) -> Incident | None:
        try:
            public_id = uuid.UUID(subject_id)
        except ValueError:
            return None
        return (
            Incident.objects.for_school(school)
            .select_related("school", "reported_by", "closed_by", "platform", "content_report")
            .filter(public_id=public_id)
            .first()
        )

    def subject_id(self, subject: Incident) -> str:
        return str(subject.public_id)

    def title(self, subject: Incident) -> str:
        return "Evidence pack"

    def reference(self, subject: Incident) -> str:
        return subject.reference

    def context(self, subject: Incident) -> dict[str, Any]:
        school = subject.school
        return {
            "incident": subject,
            "facts": _facts(subject),
            "outcome": _outcome(subject),
            "people": _people(subject),
            "timeline": [
                {
                    "when": _when(entry.when, school),
                    "what": entry.what,
                    "who": entry.who,
                    "detail": entry.detail,
                }
                for entry in incident_timeline(subject)
            ],
            "steps": _steps(subject),
            "decisions": _decisions(subject),
            "reports": _reports(subject),
            "notes": _notes(subject),
            "ukcis": not subject.takes_images,
            "ukcis_statement": UKCIS_STATEMENT,
            "evidence": _evidence(subject),
        }

    def may_download(self, member: MemberRoles, document: Document) -> bool:
        if not member.has(*HANDLERS):
            return False
        return self.load(member.school, document.subject_id) is not None

    def downloaded(self, member: MemberRoles, document: Document) -> None:
        incident = self.load(member.school, document.subject_id)
        if incident is not None:
            access_log(incident=incident, user=member.user, action=AccessAction.PACK)


def _facts(incident: Incident) -> Fields:
    school = incident.school
    status = incident.get_status_display()
    if incident.outcome:
        status = f"{status}: {incident.get_outcome_display()}"
    fields: Fields = [
        ("Reference", incident.reference),
        ("Kind of incident", incident.get_kind_display()),
        ("Status", status),
        ("When it happened", _when(incident.occurred_at, school)),
        ("In or outside the school day", incident.get_school_day_display()),
        ("Logged by", incident.reporter_name),
        ("Logged at", _when(incident.reported_at, school)),
        ("Platform or app", incident.platform_name),
        ("The material is", ", ".join(incident.severity_labels()) or "None of the listed kinds"),
    ]
    if incident.kind == IncidentKind.FIREWALL:
        sanction = incident.get_sanction_display() if incident.sanction else "None recorded"
        if incident.sanction_note:
            sanction = f"{sanction}\n{incident.sanction_note}"
        fields.append(("Sanction", sanction))
    if incident.content_report_id and incident.content_report:
        fields.append(("Opened from content report", incident.content_report.reference))
    fields.append(("What happened", incident.description))
    return fields


def _outcome(incident: Incident) -> Fields:
    if incident.closed_at is None:
        return []
    return [
        ("Outcome", incident.get_outcome_display()),
        ("How it ended, and why", incident.outcome_note),
        ("Closed by", person_name(incident.closed_by)),
        ("Closed", _when(incident.closed_at, incident.school)),
    ]


def _people(incident: Incident) -> list[dict[str, Any]]:
    people = (
        IncidentPerson.objects.for_school(incident.school)
        .filter(incident=incident, removed_at__isnull=True)
        .select_related("school_class")
        .order_by("added_at", "pk")
    )
    return [
        {
            "heading": f"{person.get_part_display()}: {person.name or person.get_kind_display()}",
            "fields": [
                ("Who", person.get_kind_display()),
                ("Their part", person.get_part_display()),
                ("Name", person.name or "Not known"),
                *([("Class", person.school_class.name)] if person.school_class else []),
            ],
        }
        for person in people
    ]


def _steps(incident: Incident) -> list[dict[str, Any]]:
    steps = (
        IncidentStep.objects.for_school(incident.school)
        .filter(incident=incident)
        .select_related("done_by", "clause__version", "clause__school")
        .order_by("position", "pk")
    )
    entries = []
    for step in steps:
        fields: Fields = [
            ("Policy clause", step_citation(step) or "No clause cited"),
            ("Required?", step.get_requirement_display()),
            ("Due by", _day(step.due_on)),
            ("Status", step.get_status_display()),
        ]
        if step.status != StepStatus.OPEN:
            fields += [
                ("Ticked by", person_name(step.done_by)),
                ("Ticked", _when(step.done_at, incident.school)),
            ]
        if step.note:
            fields.append(("Note", step.note))
        entries.append({"heading": step.text, "fields": fields})
    return entries


def _decisions(incident: Incident) -> list[dict[str, Any]]:
    decisions = (
        Decision.objects.for_school(incident.school)
        .filter(incident=incident)
        .select_related("decided_by")
        .order_by("decided_at", "pk")
    )
    return [
        {
            "heading": decision.get_kind_display(),
            "fields": [
                ("What was decided", decision.summary),
                ("Why", decision.reason),
                ("Decided by", person_name(decision.decided_by)),
                ("Decided", _when(decision.decided_at, incident.school)),
            ],
        }
        for decision in decisions
    ]


def _reports(incident: Incident) -> list[dict[str, Any]]:
    reports = (
        ExternalReport.objects.for_school(incident.school)
        .filter(incident=incident)
        .select_related("made_by", "followed_up_by")
        .order_by("made_on", "pk")
    )
    entries = []
    for report in reports:
        fields: Fields = [
            ("Reported on", _day(report.made_on)),
            ("Their reference number", report.reference or "None given"),
            ("Recorded by", person_name(report.made_by)),
            ("Follow up on", _day(report.follow_up_on) or "No follow-up set"),
        ]
        if report.followed_up_at is not None:
            fields += [
                ("Followed up", _when(report.followed_up_at, incident.school)),
                ("Followed up by", person_name(report.followed_up_by)),
            ]
        if report.note:
            fields.append(("Note", report.note))
        entries.append({"heading": f"Reported to {report_to(report)}", "fields": fields})
    return entries


def _notes(incident: Incident) -> list[dict[str, Any]]:
    notes = (
        IncidentNote.objects.for_school(incident.school)
        .filter(incident=incident)
        .select_related("written_by")
        .order_by("written_at", "pk")
    )
    return [
        {
            "heading": f"{person_name(note.written_by)}, {_when(note.written_at, incident.school)}",
            "text": note.text,
        }
        for note in notes
    ]


def _evidence(incident: Incident) -> list[dict[str, Any]]:
    files = (
        EvidenceFile.objects.for_school(incident.school)
        .filter(incident=incident)
        .select_related("uploaded_by")
        .order_by("uploaded_at", "pk")
    )
    entries = []
    for number, evidence in enumerate(files, start=1):
        fields: Fields = [
            ("What it shows", evidence.description or "No description given"),
            ("When the screen print was taken", _when(evidence.captured_at, incident.school)),
            ("Uploaded by", person_name(evidence.uploaded_by)),
            ("Uploaded", _when(evidence.uploaded_at, incident.school)),
            ("Kind of file", FILE_KINDS.get(evidence.content_type, evidence.content_type)),
        ]
        image, note = "", ATTACHED_SEPARATELY
        if evidence.content_type in EMBEDDED_IMAGE_TYPES:
            image = _data_url(evidence)
            note = "" if image else UNREADABLE
        entries.append(
            {
                "heading": f"Evidence {number}",
                "fields": fields,
                "sha256": evidence.sha256,
                "image": image,
                "note": note,
            }
        )
    return entries


def _data_url(evidence: EvidenceFile) -> str:
    """The stored image, inline (the PDF fetcher reads only ``data:image/…`` and static files).

    The vault re-encoded it and holds at most 10 MB of it; an image that cannot
    be read is left out and said so, never the pack.
    """
    try:
        with evidence.file.storage.open(evidence.file.name, "rb") as stored:
            body = stored.read()
    except (OSError, ValueError):
        return ""
    return f"data:{evidence.content_type};base64,{base64.b64encode(body).decode('ascii')}"
