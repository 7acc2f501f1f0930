"""The policy checklists: the headteacher's pages for the school's steps, and ticking a
step of one incident.

The school's checklists are its policy, so only the headteacher edits them
(``CHECKLIST_EDITORS``); a step is retired, never deleted, and incidents keep
the copies they were given. The handlers tick an incident's steps.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from dataclasses import dataclass

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import URLPattern, path, reverse
from django.views.decorators.http import require_http_methods, require_safe

from incidents.access import CHECKLIST_EDITORS, HANDLERS, MODULE
from incidents.forms.checklists import StepForm, TickForm
from incidents.models import (
    AccessAction,
    ChecklistStep,
    Incident,
    IncidentKind,
    IncidentStep,
    PersonKind,
    Requirement,
    SchoolDay,
    StepStatus,
)
from incidents.services.checklists import (
    checklist_step_add,
    checklist_step_edit,
    checklist_step_retire,
    clauses_in_force,
    incident_step_tick,
)
from incidents.services.common import IncidentError, access_log, incident_url
from incidents.views.common import INCIDENT, handled_incident, refused_closed
from policies.models import PolicyClause
from schools.access import SchoolRequest, get_object_for, school_view
from schools.calendar import school_today
from schools.forms import add_service_errors

_METHODS = ["GET", "HEAD", "POST"]
STEP = "incidents/checklists/<uuid:step_id>/"


def _lower(label: str) -> str:
    return label[:1].lower() + label[1:]


def conditions(steps: Sequence[ChecklistStep]) -> str:
    """When a step applies, in words ("" when it always does).

    ``steps``: one step, or the rows of a step written once for each of
    several perpetrators (they differ only in that).
    """
    parts = []
    who = [_lower(PersonKind(s.perpetrator).label) for s in steps if s.perpetrator]
    if who:
        listed = ", ".join(who[:-1]) + f" or {who[-1]}" if len(who) > 1 else who[0]
        parts.append(f"when the alleged perpetrator is {listed}")
    day = steps[0].school_day
    if day == SchoolDay.UNKNOWN:
        parts.append("when it is not known whether it happened in the school day")
    elif day:
        parts.append(f"when it happened {_lower(SchoolDay(day).label)}")
    text = "; ".join(parts)
    return text[:1].upper() + text[1:]


@dataclass(frozen=True)
class StepRow:
    """A step as the headteacher reads it; ``variants``: its row for each perpetrator."""

    step: ChecklistStep
    conditions: str
    clause: PolicyClause | None  # None with a number: the policy in force lacks it
    variants: list[tuple[str, ChecklistStep]]


@dataclass(frozen=True)
class KindChecklist:
    kind: str
    label: str
    rows: list[StepRow]


def _same_step(one: ChecklistStep, other: ChecklistStep) -> bool:
    fields = ("kind", "position", "text", "clause_number", "school_day", "requirement", "due_days")
    same = all(getattr(one, name) == getattr(other, name) for name in fields)
    return same and bool(one.perpetrator) and bool(other.perpetrator)


def _for_whom(step: ChecklistStep) -> str:
    if step.perpetrator == PersonKind.UNKNOWN:
        return "when not known"
    return f"for {_lower(step.get_perpetrator_display())}"


def _rows(steps: Sequence[ChecklistStep], clauses: dict[str, PolicyClause]) -> list[StepRow]:
    """One row per step; a step written for several perpetrators (Chestnuts 8.6: a parent,
    another adult) is shown once, with a link to each perpetrator's row."""
    groups: list[list[ChecklistStep]] = []
    for step in steps:
        if groups and _same_step(groups[-1][-1], step):
            groups[-1].append(step)
        else:
            groups.append([step])
    return [
        StepRow(
            step=group[0],
            conditions=conditions(group),
            clause=clauses.get(group[0].clause_number),
            variants=[(_for_whom(s), s) for s in group],
        )
        for group in groups
    ]


def _to_checklists(request: SchoolRequest, kind: str = "") -> HttpResponse:
    url = reverse("incidents:checklists", kwargs={"school_slug": request.school.slug})
    return redirect(f"{url}#kind-{kind}" if kind else url)


def _to_step(step: ChecklistStep) -> HttpResponse:
    return redirect(
        "incidents:checklist-step", school_slug=step.school.slug, step_id=step.public_id
    )


# --- The headteacher's pages ----------------------------------------------------------------


@school_view(*CHECKLIST_EDITORS, module=MODULE)
@require_safe
def checklists(request: SchoolRequest) -> HttpResponse:
    """Every kind of incident with its steps in order; retired steps listed apart."""
    school = request.school
    steps = list(ChecklistStep.objects.for_school(school).order_by("kind", "position", "pk"))
    clauses = clauses_in_force(school)
    live = [s for s in steps if s.retired_at is None]
    kinds = [
        KindChecklist(kind, label, _rows([s for s in live if s.kind == kind], clauses))
        for kind, label in IncidentKind.choices
    ]
    retired = sorted(
        (s for s in steps if s.retired_at is not None), key=lambda s: (s.retired_at, s.pk)
    )
    context = {
        "kinds": kinds,
        "retired": _rows(retired, clauses),
        "has_policy": bool(clauses),
    }
    return render(request, "incidents/checklists/list.html", context)


@school_view(*CHECKLIST_EDITORS, module=MODULE)
@require_http_methods(_METHODS)
def step_add(request: SchoolRequest) -> HttpResponse:
    """A new step; ``?kind=`` chooses the kind it is for."""
    kind = request.GET.get("kind", "")
    initial = {"kind": kind if kind in IncidentKind.values else "", "due_days": 5}
    initial["requirement"] = Requirement.ALWAYS
    form = StepForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            step = checklist_step_add(school=request.school, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, f"Step added to “{step.get_kind_display()}”.")
            return _to_checklists(request, step.kind)
    return render(request, "incidents/checklists/step_form.html", {"form": form, "step": None})


def _step(request: SchoolRequest, step_id: uuid.UUID) -> ChecklistStep:
    return get_object_for(request, ChecklistStep, public_id=step_id)


@school_view(*CHECKLIST_EDITORS, module=MODULE)
@require_http_methods(_METHODS)
def step_edit(request: SchoolRequest, step_id: uuid.UUID) -> HttpResponse:
    """Change a step of the school's checklist (incidents keep the copies they have)."""
    step = _step(request, step_id)
    initial = {name: getattr(step, name) for name in StepForm.base_fields if name != "kind"}
    form = StepForm(request.POST if request.method == "POST" else None, initial=initial, new=False)
    if request.method == "POST" and form.is_valid():
        try:
            changed = checklist_step_edit(step=step, by=request.user, **form.cleaned_data)
        except IncidentError as error:
            messages.error(request, " ".join(error.messages))
            return _to_step(step)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, "The step was saved." if changed else "Nothing changed.")
            return _to_checklists(request, step.kind)
    clause = clauses_in_force(request.school).get(step.clause_number)
    row = StepRow(step, conditions([step]), clause, [])
    context = {"form": form, "step": step, "row": row}
    return render(request, "incidents/checklists/step_form.html", context)


@school_view(*CHECKLIST_EDITORS, module=MODULE)
@require_http_methods(_METHODS)
def step_retire(request: SchoolRequest, step_id: uuid.UUID) -> HttpResponse:
    """Take a step off the checklist (POST); a GET goes back to the step's page."""
    step = _step(request, step_id)
    if request.method != "POST":
        return _to_step(step)
    try:
        checklist_step_retire(step=step, by=request.user)
    except IncidentError as error:
        messages.error(request, " ".join(error.messages))
        return _to_step(step)
    messages.success(
        request,
        "The step was retired: new incidents no longer get it. Incidents that have it keep it.",
    )
    return _to_checklists(request, step.kind)


# --- Ticking a step of one incident ---------------------------------------------------------


def _ticked_message(incident: Incident, step: IncidentStep) -> str:
    if step.status == StepStatus.DONE:
        return f"{incident.reference}: the step is ticked as done."
    return f"{incident.reference}: the step is marked not needed."


@school_view(*HANDLERS, module=MODULE)
@require_http_methods(_METHODS)
def incident_step(
    request: SchoolRequest, incident_id: uuid.UUID, step_id: uuid.UUID
) -> HttpResponse:
    """One step of an incident's checklist: tick it done, or not needed with a note."""
    incident = handled_incident(request, incident_id)
    steps = (
        IncidentStep.objects.get_queryset()
        .filter(incident=incident)
        .select_related("clause__school", "clause__version", "done_by")
    )
    step: IncidentStep = get_object_for(request, steps, public_id=step_id)
    step.incident = incident
    back = incident_url(incident) + "#checklist-heading"
    form = TickForm(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        if refused := refused_closed(request, incident):
            return refused
        if form.is_valid():
            try:
                step = incident_step_tick(step=step, by=request.user, **form.cleaned_data)
            except IncidentError as error:
                messages.error(request, " ".join(error.messages))
                return redirect(back)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _ticked_message(incident, step))
                return redirect(back)
    access_log(incident=incident, user=request.user, action=AccessAction.VIEW)
    context = {
        "incident": incident,
        "step": step,
        "form": form,
        "may_change": incident.is_open and step.is_open,
        "today": school_today(request.school),
        "back": back,
    }
    return render(request, "incidents/step.html", context)


urlpatterns: list[URLPattern] = [
    path("incidents/checklists/", checklists, name="checklists"),
    path("incidents/checklists/new/", step_add, name="checklist-step-add"),
    path(STEP, step_edit, name="checklist-step"),
    path(f"{STEP}retire/", step_retire, name="checklist-step-retire"),
    path(f"{INCIDENT}steps/<uuid:step_id>/", incident_step, name="step"),
]
