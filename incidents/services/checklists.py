"""The policy checklists: the school's steps, and each incident's copy of them.

The headteacher edits the school's steps (``checklist_step_add``, ``_edit``,
``_retire``: a step is never deleted, only retired). An incident copies the
steps that apply to its kind, perpetrators and time of day when it is logged
or changed (``incident_steps_ensure``); the copy keeps its words, clause and
due date, so a later change to the school's checklist never alters it. A
handler ticks each copied step done, or not needed with a note.
"""

from __future__ import annotations

import datetime
from typing import cast

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from accounts.models import User
from incidents.checklists import GENERIC_STEPS, STRIDE, checklist_install
from incidents.models import (
    ChecklistStep,
    Incident,
    IncidentKind,
    IncidentStep,
    Part,
    PersonKind,
    Requirement,
    SchoolDay,
    StepStatus,
)
from incidents.services.common import IncidentError, require_open
from policies.models import PolicyClause
from policies.services import clause_cite, policy_current
from schools.calendar import school_today
from schools.models import School
from schools.records import save_as

MAX_DUE_DAYS = 90
MAX_POSITION = 9999
TICKED = (StepStatus.DONE, StepStatus.NOT_NEEDED)


def clauses_in_force(school: School) -> dict[str, PolicyClause]:
    """The numbered clauses of the version in force, by number: two queries in all.

    Selected with their school and version, so ``{% cite %}`` needs no more.
    """
    current = policy_current(school)
    if current is None:
        return {}
    clauses = current.clauses.exclude(number="").select_related("school", "version")
    return {clause.number: clause for clause in clauses}


# --- Which steps apply to an incident, and copying them -----------------------------------


def perpetrator_kinds(incident: Incident) -> set[str]:
    """The kinds of alleged perpetrator named so far; "not known" while none is."""
    kinds = set(
        incident.people.filter(part=Part.PERPETRATOR, removed_at__isnull=True).values_list(
            "kind", flat=True
        )
    )
    return kinds or {PersonKind.UNKNOWN}


def steps_for(incident: Incident) -> list[ChecklistStep]:
    """The school's live steps that apply to the incident as it stands now."""
    perpetrators = perpetrator_kinds(incident)
    days = {"", incident.school_day}
    if incident.school_day == SchoolDay.UNKNOWN:
        days |= {SchoolDay.IN, SchoolDay.OUTSIDE}  # unknown: both, to be marked not needed
    steps = ChecklistStep.objects.for_school(incident.school).filter(
        kind=incident.kind, retired_at__isnull=True
    )
    return [
        step
        for step in steps.order_by("position", "pk")
        if (not step.perpetrator or step.perpetrator in perpetrators) and step.school_day in days
    ]


def _logged_on(incident: Incident) -> datetime.date:
    if incident.reported_at:
        return timezone.localdate(incident.reported_at, incident.school.tz)
    return school_today(incident.school)


def incident_steps_ensure(*, incident: Incident, by: User) -> list[IncidentStep]:
    """Copy into the incident each applicable step it does not have yet (never removes one).

    A school with no checklist at all gets the generic one first. A step whose
    words the incident already holds is not copied twice (Chestnuts 8.6 is
    written once for a parent and once for another adult).
    """
    school = incident.school
    if not ChecklistStep.objects.for_school(school).exists():
        checklist_install(school=school, steps=GENERIC_STEPS, by=by)
    held = IncidentStep.objects.for_school(school).filter(incident=incident)
    have = set(held.exclude(template=None).values_list("template_id", flat=True))
    texts = set(held.values_list("text", flat=True))
    wanted = [t for t in steps_for(incident) if t.pk not in have and t.text not in texts]
    clauses = clauses_in_force(school) if any(t.clause_number for t in wanted) else {}
    logged_on = _logged_on(incident)
    added = []
    for template in wanted:
        if template.text in texts:
            continue
        step = IncidentStep(
            school=school,
            incident=incident,
            template=template,
            position=template.position,
            text=template.text,
            clause=clauses.get(template.clause_number),
            requirement=template.requirement,
            due_on=logged_on + datetime.timedelta(days=template.due_days),
        )
        save_as(step, by)
        texts.add(step.text)
        added.append(step)
    return added


# --- The headteacher edits the school's checklist ------------------------------------------


def _check_step(
    school: School,
    *,
    text: str,
    perpetrator: str,
    school_day: str,
    clause_number: str,
    requirement: str,
    due_days: int,
    position: int | None,
) -> None:
    if not text.strip():
        raise ValidationError({"text": "Say what to do in this step."})
    if perpetrator and perpetrator not in PersonKind.values:
        raise ValidationError({"perpetrator": "Choose who the alleged perpetrator is."})
    if school_day and school_day not in SchoolDay.values:
        raise ValidationError({"school_day": "Choose when it happened."})
    if requirement not in Requirement.values:
        raise ValidationError({"requirement": "Choose whether the step is required."})
    if not 0 <= due_days <= MAX_DUE_DAYS:
        raise ValidationError({"due_days": f"Give a number of days from 0 to {MAX_DUE_DAYS}."})
    if position is not None and not 0 <= position <= MAX_POSITION:
        raise ValidationError({"position": f"Give a number from 0 to {MAX_POSITION}."})
    number = clause_number.strip()
    if number and clause_cite(school=school, number=number) is None:
        raise ValidationError(
            {
                "clause_number": f"The policy in force has no clause {number}. Give a clause "
                "number as the published policy numbers it (e.g. 8.4), or leave it blank."
            }
        )


def _next_position(school: School, kind: str) -> int:
    steps = ChecklistStep.objects.for_school(school).filter(kind=kind, retired_at__isnull=True)
    last = steps.order_by("-position").values_list("position", flat=True).first()
    return (last or 0) + STRIDE


@transaction.atomic
def checklist_step_add(
    *,
    school: School,
    by: User,
    kind: str,
    text: str,
    perpetrator: str = "",
    school_day: str = "",
    clause_number: str = "",
    requirement: str = Requirement.ALWAYS,
    due_days: int = 5,
    position: int | None = None,
) -> ChecklistStep:
    """A new step at the end of the kind's checklist (or at ``position``)."""
    if kind not in IncidentKind.values:
        raise ValidationError({"kind": "Choose the kind of incident."})
    _check_step(
        school,
        text=text,
        perpetrator=perpetrator,
        school_day=school_day,
        clause_number=clause_number,
        requirement=requirement,
        due_days=due_days,
        position=position,
    )
    step = ChecklistStep(
        school=school,
        kind=kind,
        perpetrator=perpetrator,
        school_day=school_day,
        position=_next_position(school, kind) if position is None else position,
        text=text.strip(),
        clause_number=clause_number.strip(),
        requirement=requirement,
        due_days=due_days,
    )
    save_as(step, by)
    return step


def _live(step: ChecklistStep) -> ChecklistStep:
    fresh = ChecklistStep.objects.for_school(step.school).select_for_update().get(pk=step.pk)
    if fresh.retired_at is not None:
        raise IncidentError(
            "That step was retired: it can no longer be changed. Nothing was saved. "
            "Add a new step instead."
        )
    return fresh


@transaction.atomic
def checklist_step_edit(
    *,
    step: ChecklistStep,
    by: User,
    text: str,
    perpetrator: str,
    school_day: str,
    clause_number: str,
    requirement: str,
    due_days: int,
    position: int,
) -> bool:
    """Change a live step; returns whether anything changed. Incidents keep their copies."""
    step = _live(step)
    _check_step(
        step.school,
        text=text,
        perpetrator=perpetrator,
        school_day=school_day,
        clause_number=clause_number,
        requirement=requirement,
        due_days=due_days,
        position=position,
    )
    new = {
        "text": text.strip(),
        "perpetrator": perpetrator,
        "school_day": school_day,
        "clause_number": clause_number.strip(),
        "requirement": requirement,
        "due_days": due_days,
        "position": position,
    }
    changed = [name for name, value in new.items() if getattr(step, name) != value]
    if not changed:
        return False
    for name in changed:
        setattr(step, name, new[name])
    save_as(step, by, changed)
    return True


@transaction.atomic
def checklist_step_retire(*, step: ChecklistStep, by: User) -> ChecklistStep:
    """Take the step off the checklist for new incidents; incidents keep their copies."""
    step = _live(step)
    step.retired_at = timezone.now()
    save_as(step, by, ["retired_at"])
    return step


# --- Ticking a step in an incident ---------------------------------------------------------


def _ticked_by(step: IncidentStep) -> str:
    by = cast(User | None, step.done_by)
    who = (by.full_name or by.email) if by else "someone"
    done = "ticked" if step.status == StepStatus.DONE else "marked not needed"
    return f"That step was already {done} by {who}: nothing changed."


@transaction.atomic
def incident_step_tick(
    *, step: IncidentStep, by: User, status: str, note: str = ""
) -> IncidentStep:
    """Done, or not needed (with a note saying why); who and when are recorded."""
    require_open(step.incident)
    if status not in TICKED:
        raise ValidationError({"status": "Choose “Done” or “Not needed”."})
    if status == StepStatus.NOT_NEEDED and not note.strip():
        raise ValidationError({"note": "Say why this step is not needed."})
    step = (
        IncidentStep.objects.for_school(step.school)
        .select_for_update(of=("self",))
        .select_related("done_by")
        .get(pk=step.pk)
    )
    if not step.is_open:
        raise IncidentError(_ticked_by(step))
    step.status = status
    step.done_at = timezone.now()
    step.done_by = by
    step.note = note.strip()
    save_as(step, by, ["status", "done_at", "done_by", "note"])
    return step
