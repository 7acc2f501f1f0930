"""Isolation matrix rows for the incident log (see matrix.py).

Only the headteacher, the DSL and the e-safety team (``HANDLERS``) reach an
incident's pages; anyone working in the school logs one and sees its status.
The matrix's incident was logged by the school's first teacher: that teacher
gets its status page, and the rest of the staff find it "not found", exactly
like an id that does not exist (``hidden``).
"""

from __future__ import annotations

import io
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from incidents.access import CHECKLIST_EDITORS, HANDLERS, LOGGERS, MODULE
from incidents.evidence import clean_evidence
from incidents.models import ChecklistStep, IncidentPerson, IncidentStep
from incidents.services.evidence import evidence_add
from incidents.services.work import incident_report_record
from schools.calendar import school_today
from schools.models import School
from schools.roles import Role
from tests.forms_app.factories import holder
from tests.helpers.matrix import Outcome, SchoolPage
from tests.incidents.factories import incident_in, incident_kwargs

HANDLE = frozenset(HANDLERS)
LOG = frozenset(LOGGERS)
EDIT = frozenset(CHECKLIST_EDITORS)
REPORTER = frozenset({Role.TEACHER})


def person_kwargs(school: School) -> dict[str, Any]:
    incident = incident_in(school)
    person = IncidentPerson.objects.for_school(school).filter(incident=incident).first()
    assert person is not None
    return {"incident_id": incident.public_id, "person_id": person.public_id}


def report_kwargs(school: School) -> dict[str, Any]:
    incident = incident_in(school)
    report = incident_report_record(
        incident=incident,
        by=holder(school, Role.DSL),
        to="police",
        made_on=school_today(school),
        reference="CAD-1",
        follow_up_on=school_today(school),
    )
    return {"incident_id": incident.public_id, "report_id": report.public_id}


def step_kwargs(school: School) -> dict[str, Any]:
    incident = incident_in(school)
    step = IncidentStep.objects.for_school(school).filter(incident=incident).first()
    assert step is not None, "the school's checklist gave the incident no steps"
    return {"incident_id": incident.public_id, "step_id": step.public_id}


def evidence_kwargs(school: School) -> dict[str, Any]:
    incident = incident_in(school)
    out = io.BytesIO()
    Image.new("RGB", (8, 8), "white").save(out, format="PNG")
    scan = clean_evidence(SimpleUploadedFile("shot.png", out.getvalue(), "image/png"))
    evidence = evidence_add(incident=incident, by=holder(school, Role.DSL), scan=scan)
    return {"incident_id": incident.public_id, "evidence_id": evidence.public_id}


def checklist_step_kwargs(school: School) -> dict[str, Any]:
    step = ChecklistStep.objects.for_school(school).filter(retired_at__isnull=True).first()
    assert step is not None
    return {"step_id": step.public_id}


def _handlers_page(name: str, kwargs: Any = incident_kwargs, **more: Any) -> SchoolPage:
    return SchoolPage(name, get=HANDLE, post=HANDLE, module=MODULE, object_kwargs=kwargs, **more)


PAGES: tuple[SchoolPage, ...] = (
    SchoolPage("incidents:list", get=HANDLE, module=MODULE),
    SchoolPage("incidents:mine", get=LOG, module=MODULE),
    SchoolPage("incidents:add", get=LOG, post=LOG, module=MODULE),
    SchoolPage(
        "incidents:incident",
        get=HANDLE | REPORTER,
        module=MODULE,
        object_kwargs=incident_kwargs,
        hidden=LOG - HANDLE - REPORTER,
    ),
    _handlers_page("incidents:edit"),
    _handlers_page("incidents:close"),
    _handlers_page("incidents:note-add"),
    _handlers_page("incidents:person-add"),
    _handlers_page("incidents:person", person_kwargs),
    _handlers_page("incidents:decision-add"),
    _handlers_page("incidents:report-add"),
    _handlers_page("incidents:report", report_kwargs),
    _handlers_page("incidents:step", step_kwargs),
    _handlers_page("incidents:evidence-add"),
    SchoolPage("incidents:evidence", get=HANDLE, module=MODULE, object_kwargs=evidence_kwargs),
    _handlers_page("incidents:pack", post_ok=Outcome.REDIRECT),
    SchoolPage("incidents:checklists", get=EDIT, module=MODULE),
    SchoolPage("incidents:checklist-step-add", get=EDIT, post=EDIT, module=MODULE),
    SchoolPage(
        "incidents:checklist-step",
        get=EDIT,
        post=EDIT,
        module=MODULE,
        object_kwargs=checklist_step_kwargs,
    ),
    SchoolPage(
        "incidents:checklist-step-retire",
        get=EDIT,
        post=EDIT,
        module=MODULE,
        object_kwargs=checklist_step_kwargs,
        get_ok=Outcome.REDIRECT,
        post_ok=Outcome.REDIRECT,
    ),
    SchoolPage("incidents:contact", get=LOG, post=LOG, module=MODULE),
    SchoolPage("incidents:contacts", get=HANDLE, module=MODULE),
)
