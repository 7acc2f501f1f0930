"""An incident's timeline: what happened to it, when and by whom, from its own records.

Built from the rows themselves (the incident, its people, checklist steps,
decisions, reports, evidence and notes), never from the history tables, with
a fixed number of queries however long the incident's story is. The lead's
incident page and the evidence pack both show it.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from incidents.models import (
    Decision,
    EvidenceFile,
    ExternalReport,
    Incident,
    IncidentNote,
    IncidentPerson,
    IncidentStep,
    StepStatus,
)


@dataclass(frozen=True)
class TimelineEntry:
    when: datetime.datetime
    what: str
    who: str
    detail: str = ""


def person_name(user: Any) -> str:
    """How a member of staff is named in the record: their name, else their email."""
    if user is None:
        return ""
    return str(user.full_name or user.email)


def step_citation(step: IncidentStep) -> str:
    """ "Chestnuts 8.4, version 1": the clause as it stood when the step was copied."""
    clause = step.clause
    if clause is None:
        return ""
    number = clause.version.number
    return f"{clause.citation}, version {number}" if number else clause.citation


def incident_timeline(incident: Incident) -> list[TimelineEntry]:
    """Every dated event of the incident, oldest first (events at the same moment in the
    order they happen in: logged, people, steps, decisions, reports, evidence, notes, closed)."""
    entries = [
        TimelineEntry(
            incident.reported_at, "Logged", incident.reporter_name, incident.get_kind_display()
        )
    ]
    entries += _people(incident)
    entries += _steps(incident)
    entries += _decisions(incident)
    entries += _reports(incident)
    entries += _evidence(incident)
    entries += _notes(incident)
    if incident.closed_at is not None:
        closed_by = incident.closed_by if incident.closed_by_id else None
        entries.append(
            TimelineEntry(
                incident.closed_at,
                f"Closed: {incident.get_outcome_display()}",
                person_name(closed_by),
                incident.outcome_note,
            )
        )
    # sorted() is stable: the order above breaks ties.
    return sorted(entries, key=lambda entry: entry.when)


def _people(incident: Incident) -> list[TimelineEntry]:
    people = (
        IncidentPerson.objects.for_school(incident.school)
        .filter(incident=incident)
        .select_related("added_by", "removed_by", "school_class")
    )
    entries = []
    for person in people:
        detail = f"{person.label} ({person.get_part_display()})"
        entries.append(
            TimelineEntry(person.added_at, "Person added", person_name(person.added_by), detail)
        )
        if person.removed_at is not None:
            entries.append(
                TimelineEntry(
                    person.removed_at,
                    "Person taken off the incident",
                    person_name(person.removed_by),
                    detail,
                )
            )
    return entries


def _steps(incident: Incident) -> list[TimelineEntry]:
    steps = (
        IncidentStep.objects.for_school(incident.school)
        .filter(incident=incident, done_at__isnull=False)
        .select_related("done_by", "clause__version", "clause__school")
    )
    entries = []
    for step in steps:
        if step.done_at is None:  # pragma: no cover - filtered above
            continue
        what = "Checklist step marked not needed"
        if step.status == StepStatus.DONE:
            what = "Checklist step done"
        cited = step_citation(step)
        detail = f"{step.text} ({cited})" if cited else step.text
        if step.note:
            detail += f"\nNote: {step.note}"
        entries.append(TimelineEntry(step.done_at, what, person_name(step.done_by), detail))
    return entries


def _decisions(incident: Incident) -> list[TimelineEntry]:
    decisions = (
        Decision.objects.for_school(incident.school)
        .filter(incident=incident)
        .select_related("decided_by")
    )
    return [
        TimelineEntry(
            decision.decided_at,
            f"Decision: {decision.get_kind_display()}",
            person_name(decision.decided_by),
            f"{decision.summary}\nWhy: {decision.reason}",
        )
        for decision in decisions
    ]


def report_to(report: ExternalReport) -> str:
    """ "The police (Kent Police)": who a report went to."""
    label = report.get_to_display()
    return f"{label} ({report.to_name})" if report.to_name else label


def _reports(incident: Incident) -> list[TimelineEntry]:
    reports = (
        ExternalReport.objects.for_school(incident.school)
        .filter(incident=incident)
        .select_related("made_by", "followed_up_by")
    )
    entries = []
    for report in reports:
        detail = f"Reported on {report.made_on.day} {report.made_on:%B %Y}"
        if report.reference:
            detail += f"; their reference {report.reference}"
        entries.append(
            TimelineEntry(
                report.recorded_at,
                f"Reported to {report_to(report)}",
                person_name(report.made_by),
                detail,
            )
        )
        if report.followed_up_at is not None:
            entries.append(
                TimelineEntry(
                    report.followed_up_at,
                    f"Followed up the report to {report_to(report)}",
                    person_name(report.followed_up_by),
                )
            )
    return entries


def _evidence(incident: Incident) -> list[TimelineEntry]:
    files = (
        EvidenceFile.objects.for_school(incident.school)
        .filter(incident=incident)
        .select_related("uploaded_by")
    )
    return [
        TimelineEntry(
            evidence.uploaded_at,
            "Evidence uploaded",
            person_name(evidence.uploaded_by),
            (f"{evidence.description}\n" if evidence.description else "")
            + f"SHA-256 {evidence.sha256[:12]}…",
        )
        for evidence in files
    ]


def _notes(incident: Incident) -> list[TimelineEntry]:
    notes = (
        IncidentNote.objects.for_school(incident.school)
        .filter(incident=incident)
        .select_related("written_by")
    )
    return [
        TimelineEntry(note.written_at, "Note added", person_name(note.written_by), note.text)
        for note in notes
    ]
