"""An incident's timeline: what happened to it, when and by whom, from its own records.

Built from the rows themselves (the incident, its people, checklist steps,
decisions, reports, evidence and notes), never from the history tables, with
one query however long the incident's story is (none if the
caller passes the rows it read for its page). The lead's
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
from schools.together import read_together


@dataclass(frozen=True)
class IncidentRecords:
    """An incident's own rows, each kind read once, in the order the page shows them.

    The lead's incident page lists them and builds the timeline from the same
    rows, rather than reading each table twice.
    """

    people: list[IncidentPerson]
    steps: list[IncidentStep]
    decisions: list[Decision]
    reports: list[ExternalReport]
    evidence: list[EvidenceFile]
    notes: list[IncidentNote]


def incident_records(incident: Incident) -> IncidentRecords:
    """The incident's rows with the people and clauses they name: one query
    (``read_together``). A step's clause is of the incident's own school."""
    school = incident.school

    def rows(model: Any, *related: str) -> Any:
        mine = model.objects.for_school(school).filter(incident=incident)
        return mine.select_related(*related).order_by(*ORDER[model])

    found = read_together(
        people=rows(IncidentPerson, "school_class", "added_by", "removed_by"),
        steps=rows(IncidentStep, "clause__version", "done_by"),
        decisions=rows(Decision, "decided_by"),
        reports=rows(ExternalReport, "made_by", "followed_up_by"),
        evidence=rows(EvidenceFile, "uploaded_by"),
        notes=rows(IncidentNote, "written_by"),
    )
    for step in found["steps"]:
        if step.clause is not None and step.clause.school_id == school.pk:
            step.clause.school = school
    return IncidentRecords(**found)


# Each kind's order on the page (and among the timeline's events at the same moment).
ORDER: dict[Any, tuple[str, ...]] = {
    IncidentPerson: ("added_at", "pk"),
    IncidentStep: ("position", "pk"),
    Decision: ("decided_at", "pk"),
    ExternalReport: ("made_on", "pk"),
    EvidenceFile: ("uploaded_at", "pk"),
    IncidentNote: ("written_at", "pk"),
}


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


def incident_timeline(
    incident: Incident, records: IncidentRecords | None = None
) -> list[TimelineEntry]:
    """Every dated event of the incident, oldest first (events at the same moment in the
    order they happen in: logged, people, steps, decisions, reports, evidence, notes, closed).

    ``records``: the incident's rows if the caller has read them already.
    """
    if records is None:
        records = incident_records(incident)
    entries = [
        TimelineEntry(
            incident.reported_at, "Logged", incident.reporter_name, incident.get_kind_display()
        )
    ]
    entries += _people(records.people)
    entries += _steps(records.steps)
    entries += _decisions(records.decisions)
    entries += _reports(records.reports)
    entries += _evidence(records.evidence)
    entries += _notes(records.notes)
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


def _people(people: list[IncidentPerson]) -> list[TimelineEntry]:
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


def _steps(steps: list[IncidentStep]) -> list[TimelineEntry]:
    entries = []
    for step in steps:
        if step.done_at is None:  # still to do: not an event yet
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


def _decisions(decisions: list[Decision]) -> list[TimelineEntry]:
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


def _reports(reports: list[ExternalReport]) -> list[TimelineEntry]:
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


def _evidence(files: list[EvidenceFile]) -> list[TimelineEntry]:
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


def _notes(notes: list[IncidentNote]) -> list[TimelineEntry]:
    return [
        TimelineEntry(note.written_at, "Note added", person_name(note.written_by), note.text)
        for note in notes
    ]
