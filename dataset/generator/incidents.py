"""Incidents with the people involved, checklist steps, a decision, notes and outside reports.

Each school has a few incidents, two in three closed; their checklist steps
are copied from the school's own checklists, generated in ``staff``.
"""

from __future__ import annotations

from accounts.models import User
from dataset import names
from dataset.bulk import Change
from dataset.generator.history import _before, _by
from dataset.generator.seeded import DAY, INCIDENTS, _School
from forms_app.models import ContentReport
from incidents.models import (
    ChecklistStep,
    Decision,
    ExternalReport,
    Incident,
    IncidentKind,
    IncidentNote,
    IncidentPerson,
    IncidentStep,
    PersonKind,
    SchoolDay,
)
from schools.models import School, SchoolClass
from schools.roles import Role

INCIDENT_FIELDS = ["status", "closed_at", "closed_by", "outcome", "outcome_note"]
OUTCOMES = ["resolved", "referred", "no_further_action", "not_upheld"]
SANCTIONS = ["supervised_only", "exclusion", "other", "none"]


def _incidents(
    s: _School,
    school: School,
    staff: dict[Role, list[User]],
    classes: list[SchoolClass],
    reports: list[ContentReport],
) -> None:
    head, dsl = staff[Role.HEADTEACHER][0], staff[Role.DSL][0]
    kinds = list(IncidentKind)
    steps = [
        r.obj
        for r in s.rows.records[ChecklistStep]
        if isinstance(r.obj, ChecklistStep) and r.obj.school is school
    ]
    for i in range(INCIDENTS + s.rng.randint(-1, 2)):
        reporter = s.pick(staff[Role.TEACHER] + [dsl])
        incident = _incident(s, school, i, kinds, reporter, dsl, reports)
        _involved(s, school, incident, reporter, classes)
        _steps(s, school, incident, steps, reporter, dsl)
        _follow_up(s, school, incident, head, dsl)


def _incident(
    s: _School,
    school: School,
    i: int,
    kinds: list[IncidentKind],
    reporter: User,
    dsl: User,
    reports: list[ContentReport],
) -> Incident:
    """The school's incident ``i + 1``: every third (the first included) is still open."""
    at = s.when(300, 10)
    kind = kinds[(s.number * INCIDENTS + i) % len(kinds)]
    closed = i % 3 != 0
    incident = Incident(
        public_id=s.uid(),
        school=school,
        number=i + 1,
        kind=kind,
        status="closed" if closed else "open",
        occurred_at=at - DAY,
        reported_at=at,
        reported_by=reporter,
        reporter_name=reporter.full_name,
        school_day=s.pick(list(SchoolDay)),
        platform_other="A messaging app",
        description=s.pick(names.INCIDENT_TEXTS),
        severity=["abusive"] if s.rng.random() < 0.3 else [],
        sanction=SANCTIONS[(s.number + i) % len(SANCTIONS)],
        sanction_note="Agreed with the parents.",
        content_report=reports[i] if i == 0 and reports[0].status != "reported" else None,
    )
    if kind == IncidentKind.NUDE_IMAGES:
        incident.imagery_not_viewed = True
    change = _close(s, incident, i, dsl) if closed else None
    s.rows.add(incident, at=at, by=_by(reporter), change=change)
    return incident


def _close(s: _School, incident: Incident, i: int, dsl: User) -> Change:
    """The DSL closed the incident with an outcome, up to 20 days after it was reported."""
    moved = s.later(incident.reported_at, 20)
    incident.closed_at, incident.closed_by = moved, dsl
    incident.outcome = OUTCOMES[(s.number + i) % len(OUTCOMES)]
    incident.outcome_note = "Everyone involved has been spoken to."
    return Change(at=moved, by=_by(dsl), before=_before(incident, INCIDENT_FIELDS, status="open"))


def _involved(
    s: _School, school: School, incident: Incident, reporter: User, classes: list[SchoolClass]
) -> None:
    """A target, a perpetrator and, half the time, a witness."""
    at = incident.reported_at
    for part, kind_ in (
        ("target", PersonKind.PUPIL),
        ("perpetrator", s.pick(list(PersonKind))),
    ):
        person = IncidentPerson(
            public_id=s.uid(),
            school=school,
            incident=incident,
            kind=kind_,
            part=part,
            name=s.person_name(),
            school_class=s.pick(classes) if kind_ == PersonKind.PUPIL else None,
            added_by=reporter,
            added_at=at,
        )
        s.rows.add(person, at=at, by=_by(reporter))
    if s.rng.random() < 0.5:
        witness = IncidentPerson(
            public_id=s.uid(), school=school, incident=incident, kind=PersonKind.PUPIL,
            part="witness", name=s.person_name(), school_class=s.pick(classes),
            added_by=reporter, added_at=at,
        )  # fmt: skip
        s.rows.add(witness, at=at, by=_by(reporter))


def _steps(
    s: _School,
    school: School,
    incident: Incident,
    steps: list[ChecklistStep],
    reporter: User,
    dsl: User,
) -> None:
    """Up to six of the checklist's steps for the incident's kind: all done once it is closed."""
    at = incident.reported_at
    closed = incident.status == "closed"
    mine = [step for step in steps if step.kind == incident.kind][:6]
    for j, template in enumerate(mine):
        status = ["done", "not_needed", "open"][(j + s.number) % 3] if not closed else "done"
        step = IncidentStep(
            public_id=s.uid(),
            school=school,
            incident=incident,
            template=template,
            position=template.position,
            text=template.text,
            requirement=template.requirement,
            due_on=(at + template.due_days * DAY).date(),
            status=status,
        )
        step_change = None
        if status != "open":
            step.done_at, step.done_by = s.later(at, 5), dsl
            step.note = "Done." if status == "done" else "Not needed here: see the notes."
            step_change = Change(
                at=step.done_at,
                by=_by(dsl),
                before=_before(step, ["status", "done_at", "done_by", "note"], status="open"),
            )
        s.rows.add(step, at=at, by=_by(reporter), change=step_change)


def _follow_up(s: _School, school: School, incident: Incident, head: User, dsl: User) -> None:
    """The headteacher's decision, the DSL's notes and, sometimes, a report made outside."""
    at = incident.reported_at
    decision = Decision(
        public_id=s.uid(),
        school=school,
        incident=incident,
        kind=s.pick(["refer", "not_refer", "sanction", "support", "other"]),
        summary="Agreed next steps with the DSL.",
        reason="In line with the policy's procedure.",
        decided_by=head,
        decided_at=s.later(at, 3),
    )
    s.rows.add(decision, at=decision.decided_at, by=_by(head))
    for _ in range(s.rng.randint(1, 3)):
        written = s.later(at, 10)
        note = IncidentNote(
            public_id=s.uid(), school=school, incident=incident,
            text=s.pick(names.NOTES), written_by=dsl, written_at=written,
        )  # fmt: skip
        s.rows.add(note, at=written, by=_by(dsl))
    if s.rng.random() < 0.4:
        report = ExternalReport(
            public_id=s.uid(),
            school=school,
            incident=incident,
            to=s.pick(["platform", "ceop", "police", "safeguarding", "parents"]),
            made_on=s.later(at, 2).date(),
            reference=f"REF-{s.rng.randint(1000, 9999)}",
            made_by=dsl,
            recorded_at=s.later(at, 2),
        )
        s.rows.add(report, at=report.recorded_at, by=_by(dsl))
