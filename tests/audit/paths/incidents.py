"""The incident log: incidents, the people in them, checklists, decisions, reports, evidence."""

from __future__ import annotations

import datetime
import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from incidents.evidence import clean_evidence
from incidents.models import (
    ChecklistStep,
    ContactAttempt,
    Decision,
    EvidenceFile,
    ExternalReport,
    Incident,
    IncidentNote,
    IncidentPerson,
    IncidentStep,
)
from incidents.services.checklists import checklist_step_edit, incident_step_tick
from incidents.services.contact import contact_attempt_record
from incidents.services.evidence import evidence_add
from incidents.services.incidents import PersonEntry, incident_edit, incident_note_add
from incidents.services.work import (
    incident_decide,
    incident_person_add,
    incident_report_followed_up,
    incident_report_record,
)
from schools.calendar import school_today
from tests.agreements.factories import class_in
from tests.audit.paths import SERVICE, VIEW, Changed, World, path, written_by_load_demo
from tests.incidents.factories import PUPIL_NAME, facts, incident_in

written_by_load_demo(
    "incidents.Incident",
    "incidents.IncidentPerson",
    "incidents.ChecklistStep",
    "incidents.IncidentStep",
    "incidents.Decision",
    "incidents.ExternalReport",
    "incidents.EvidenceFile",
    "incidents.ContactAttempt",
)


def _logged(w: World) -> Incident:
    """An open incident the teacher logged (installing the school's checklist); then the change."""
    incident = incident_in(w.school, w.teacher)
    w.start()
    return incident


def _screen_print() -> SimpleUploadedFile:
    out = io.BytesIO()
    Image.new("RGB", (60, 40), "white").save(out, format="PNG")
    return SimpleUploadedFile("shot.png", out.getvalue(), content_type="image/png")


def _first_step(incident: Incident) -> IncidentStep:
    steps = IncidentStep.objects.for_school(incident.school).filter(incident=incident)
    return steps.order_by("position")[0]


# --- Incident ---------------------------------------------------------------------------------


@path("incidents.Incident", VIEW, "add")
def _incident_view(w: World) -> Changed:
    now = timezone.localtime(timezone.now() - datetime.timedelta(hours=1), w.school.tz)
    w.post(
        w.teacher,
        "incidents:add",
        {
            "kind": "cyberbullying",
            "occurred_on": now.date().isoformat(),
            "occurred_time": now.strftime("%H:%M"),
            "school_day": "in",
            "description": "Name-calling in the class chat after lunch.",
            "p1-kind": "pupil",
            "p1-part": "target",
            "p1-name": PUPIL_NAME,
            "p1-school_class": class_in(w.school).pk,
        },
    )
    return Changed(w.one(Incident), w.teacher)


@path("incidents.Incident", SERVICE, "incident_edit")
def _incident_service(w: World) -> Changed:
    incident = _logged(w)
    incident_edit(incident=incident, by=w.dsl, facts=facts(description="Unkind messages, twice."))
    return Changed(incident, w.dsl)


# --- IncidentPerson ---------------------------------------------------------------------------


@path("incidents.IncidentPerson", VIEW, "person-add")
def _person_view(w: World) -> Changed:
    incident = _logged(w)
    w.post(
        w.dsl,
        "incidents:person-add",
        {"kind": "parent", "part": "perpetrator", "name": "A Parent"},
        incident_id=incident.public_id,
    )
    people = IncidentPerson.objects.for_school(w.school).filter(incident=incident)
    return Changed(people.get(name="A Parent"), w.dsl)


@path("incidents.IncidentPerson", SERVICE, "incident_person_add")
def _person_service(w: World) -> Changed:
    incident = _logged(w)
    entry = PersonEntry("parent", "perpetrator", "A Parent")
    return Changed(incident_person_add(incident=incident, by=w.dsl, entry=entry), w.dsl)


# --- ChecklistStep ----------------------------------------------------------------------------


def _school_step(w: World) -> ChecklistStep:
    return ChecklistStep.objects.for_school(w.school).order_by("pk")[0]


@path("incidents.ChecklistStep", VIEW, "checklist-step-add")
def _checklist_view(w: World) -> Changed:
    w.post(
        w.head,
        "incidents:checklist-step-add",
        {
            "kind": "firewall",
            "text": "Tell the pupil's parents about the ban.",
            "clause_number": "",
            "perpetrator": "pupil",
            "school_day": "",
            "requirement": "always",
            "due_days": "2",
        },
    )
    steps = ChecklistStep.objects.for_school(w.school)
    return Changed(steps.get(text="Tell the pupil's parents about the ban."), w.head)


@path("incidents.ChecklistStep", SERVICE, "checklist_step_edit")
def _checklist_service(w: World) -> Changed:
    _logged(w)
    step = _school_step(w)
    checklist_step_edit(
        step=step,
        by=w.head,
        text="Save screen prints, with the time and date.",
        perpetrator=step.perpetrator,
        school_day=step.school_day,
        clause_number=step.clause_number,
        requirement=step.requirement,
        due_days=2,
        position=step.position,
    )
    return Changed(step, w.head)


@path("incidents.ChecklistStep", SERVICE, "incident_log (the school's first incident)")
def _checklist_installed(w: World) -> Changed:
    """The school had no checklist: logging its first incident installs the generic one."""
    incident_in(w.school, w.teacher)
    return Changed(_school_step(w), w.teacher)


# --- IncidentStep -----------------------------------------------------------------------------


@path("incidents.IncidentStep", VIEW, "step")
def _step_view(w: World) -> Changed:
    step = _first_step(_logged(w))
    w.post(
        w.dsl,
        "incidents:step",
        {"status": "not_needed", "note": "Nothing was kept."},
        incident_id=step.incident.public_id,
        step_id=step.public_id,
    )
    return Changed(step, w.dsl)


@path("incidents.IncidentStep", SERVICE, "incident_step_tick")
def _step_service(w: World) -> Changed:
    step = _first_step(_logged(w))
    incident_step_tick(step=step, by=w.dsl, status="done", note="Done.")
    return Changed(step, w.dsl)


# --- Decision ---------------------------------------------------------------------------------


@path("incidents.Decision", VIEW, "decision-add")
def _decision_view(w: World) -> Changed:
    incident = _logged(w)
    w.post(
        w.dsl,
        "incidents:decision-add",
        {"kind": "not_refer", "summary": "Not referred", "reason": "Resolved with both families."},
        incident_id=incident.public_id,
    )
    return Changed(w.one(Decision), w.dsl)


@path("incidents.Decision", SERVICE, "incident_decide")
def _decision_service(w: World) -> Changed:
    incident = _logged(w)
    decision = incident_decide(
        incident=incident, by=w.dsl, kind="not_refer", summary="Not referred", reason="Resolved."
    )
    return Changed(decision, w.dsl)


# --- ExternalReport ---------------------------------------------------------------------------


@path("incidents.ExternalReport", VIEW, "report-add")
def _report_view(w: World) -> Changed:
    incident = _logged(w)
    w.post(
        w.dsl,
        "incidents:report-add",
        {
            "to": "platform",
            "to_name": "Snapchat",
            "made_on": school_today(w.school).isoformat(),
            "reference": "SC-99812",
        },
        incident_id=incident.public_id,
    )
    return Changed(w.one(ExternalReport), w.dsl)


@path("incidents.ExternalReport", SERVICE, "incident_report_followed_up")
def _report_service(w: World) -> Changed:
    incident = _logged(w)
    report = incident_report_record(
        incident=incident,
        by=w.dsl,
        to="platform",
        to_name="Snapchat",
        made_on=school_today(w.school),
    )
    w.start()
    incident_report_followed_up(report=report, by=w.head, note="Snapchat removed the account.")
    return Changed(report, w.head)


# --- EvidenceFile -----------------------------------------------------------------------------


@path("incidents.EvidenceFile", VIEW, "evidence-add")
def _evidence_view(w: World) -> Changed:
    incident = _logged(w)
    w.post(
        w.dsl,
        "incidents:evidence-add",
        {
            "file": _screen_print(),
            "description": "The class group chat",
            "captured_on": (school_today(w.school) - datetime.timedelta(days=1)).isoformat(),
            "captured_time": "19:04",
        },
        incident_id=incident.public_id,
    )
    return Changed(w.one(EvidenceFile), w.dsl)


@path("incidents.EvidenceFile", SERVICE, "evidence_add")
def _evidence_service(w: World) -> Changed:
    incident = _logged(w)
    evidence = evidence_add(incident=incident, by=w.dsl, scan=clean_evidence(_screen_print()))
    return Changed(evidence, w.dsl)


# --- IncidentNote -----------------------------------------------------------------------------


@path("incidents.IncidentNote", VIEW, "note-add")
def _note_view(w: World) -> Changed:
    incident = _logged(w)
    w.post(
        w.dsl,
        "incidents:note-add",
        {"text": "Parents thanked the school."},
        incident_id=incident.public_id,
    )
    return Changed(w.one(IncidentNote), w.dsl)


@path("incidents.IncidentNote", SERVICE, "incident_note_add")
def _note_service(w: World) -> Changed:
    incident = _logged(w)
    return Changed(
        incident_note_add(incident=incident, by=w.dsl, text="Called the parents."), w.dsl
    )


# --- ContactAttempt ---------------------------------------------------------------------------


@path("incidents.ContactAttempt", VIEW, "contact")
def _contact_view(w: World) -> Changed:
    w.post(w.teacher, "incidents:contact", {"who": "pupil", "platform_other": "Text message"})
    return Changed(w.one(ContactAttempt), w.teacher)


@path("incidents.ContactAttempt", SERVICE, "contact_attempt_record")
def _contact_service(w: World) -> Changed:
    attempt = contact_attempt_record(
        school=w.school, by=w.teacher, who="parent", platform_other="Text message"
    )
    return Changed(attempt, w.teacher)
