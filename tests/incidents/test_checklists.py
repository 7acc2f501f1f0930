"""The policy checklists: the defaults, which steps an incident gets, ticking them, and the
headteacher's pages for the school's steps.

The demo schools are loaded once for the module (their checklists are the
defaults written from each school's policy); Oakfield (tests/conftest.py) is a
school with no checklist of its own.
"""

from __future__ import annotations

import datetime
import html
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from incidents.checklists import (
    CHESTNUTS_STEPS,
    DEFAULTS_FOR_DEMO,
    GENERIC_STEPS,
    NOT_VIEWED,
    PLATFORM_IF_REFUSED,
    StepSpec,
    checklist_install,
)
from incidents.models import (
    AccessAction,
    AccessLogEntry,
    ChecklistStep,
    Incident,
    IncidentKind,
    IncidentStep,
    PersonKind,
    Requirement,
    SchoolDay,
    Severity,
    Status,
    StepStatus,
)
from incidents.services.checklists import checklist_step_edit, incident_step_tick
from incidents.services.common import IncidentError
from incidents.services.incidents import PersonEntry
from incidents.services.work import incident_person_add
from policies.services import clause_cite
from schools.calendar import school_today
from schools.models import School
from schools.roles import Role
from tests.agreements.factories import class_in
from tests.forms_app.factories import holder
from tests.helpers.dbstate import snapshot
from tests.helpers.demo import demo_db, demo_once  # noqa: F401
from tests.helpers.querycount import assert_queries_constant
from tests.incidents.factories import incident_in

pytestmark = pytest.mark.django_db


def url(school: School, name: str, **kwargs: Any) -> str:
    return reverse(f"incidents:{name}", kwargs={"school_slug": school.slug, **kwargs})


def pupil(school: School, part: str, name: str = "Another Pupil") -> PersonEntry:
    return PersonEntry(PersonKind.PUPIL, part, name, class_in(school))


def cited(incident: Incident) -> list[str]:
    """The clause each of the incident's steps cites, in order ("" for none)."""
    steps = incident.steps.select_related("clause").order_by("position", "pk")
    return [step.clause.number if step.clause else "" for step in steps]


def step_citing(incident: Incident, number: str) -> IncidentStep:
    return incident.steps.select_related("clause").get(clause__number=number)


# --- The defaults ----------------------------------------------------------------------------


def test_every_default_cites_a_real_clause_of_the_version_in_force(demo):
    for slug, steps in DEFAULTS_FOR_DEMO.items():
        school = demo[slug]
        missing = [
            s.clause
            for s in steps
            if s.clause and clause_cite(school=school, number=s.clause) is None
        ]
        assert missing == [], f"{slug} cites clauses its policy lacks"
        # The demo installed them, and installing again adds nothing.
        assert checklist_install(school=school, steps=steps) == 0
        installed = ChecklistStep.objects.for_school(school).values_list("clause_number", flat=True)
        assert set(installed) == {s.clause for s in steps}


@pytest.mark.parametrize(
    "steps", [CHESTNUTS_STEPS, DEFAULTS_FOR_DEMO["norris-bank"], GENERIC_STEPS]
)
def test_every_kind_is_covered_and_nude_images_start_with_not_viewing(steps: list[StepSpec]):
    assert {s.kind for s in steps} == set(IncidentKind.values)
    first_nude = next(s for s in steps if s.kind == IncidentKind.NUDE_IMAGES)
    assert first_nude.text.startswith(NOT_VIEWED)


def test_chestnuts_says_its_policy_has_no_clause_on_nude_images():
    nude = [s for s in CHESTNUTS_STEPS if s.kind == IncidentKind.NUDE_IMAGES]
    assert all(not s.clause for s in nude)
    assert "The policy has no clause on this; steps follow the UKCIS guidance." in nude[0].text


def test_a_school_with_no_checklist_gets_the_generic_one(school, teacher, head):
    incident = incident_in(school, by=teacher)

    assert ChecklistStep.objects.for_school(school).count() == checklist_rows(GENERIC_STEPS)
    assert incident.steps.count() > 0
    assert set(cited(incident)) == {""}  # no policy: no clause numbers


def checklist_rows(steps: list[StepSpec]) -> int:
    return sum(len(s.who) or 1 for s in steps)


# --- Which steps an incident gets -------------------------------------------------------------


def test_norris_bank_in_and_outside_the_school_day_differ(demo):
    school = demo["norris-bank"]

    during = incident_in(school, school_day=SchoolDay.IN)
    after = incident_in(school, school_day=SchoolDay.OUTSIDE)

    assert "8.2" in cited(during)
    assert not {"8.3", "8.4"} & set(cited(during))
    assert {"8.3", "8.4"} <= set(cited(after))
    assert "8.2" not in cited(after)
    assert {"8.6", "8.9"} <= set(cited(during)) & set(cited(after))  # evidence, police


def test_a_parent_perpetrator_added_later_brings_their_steps(demo):
    school = demo["norris-bank"]
    incident = incident_in(school, people=[pupil(school, "target", "A Child")])
    before = {step.pk: step.text for step in incident.steps.all()}
    assert "8.7" not in cited(incident)
    assert PLATFORM_IF_REFUSED not in before.values()

    incident_person_add(
        incident=incident,
        by=holder(school, Role.DSL),
        entry=PersonEntry(PersonKind.PARENT, "perpetrator", "A Parent"),
    )

    assert "8.7" in cited(incident)
    assert incident.steps.filter(text=PLATFORM_IF_REFUSED, clause__number="8.8").exists()
    assert {s.pk: s.text for s in incident.steps.filter(pk__in=before)} == before


def test_chestnuts_pupil_and_adult_perpetrators_get_their_own_steps(demo):
    school = demo["chestnuts"]
    by_pupil = incident_in(school)
    by_adults = incident_in(
        school,
        people=[
            PersonEntry(PersonKind.PARENT, "perpetrator", "A Parent"),
            PersonEntry(PersonKind.OTHER_ADULT, "perpetrator", "A Neighbour"),
        ],
    )

    assert "8.5" in cited(by_pupil)
    assert "8.6" not in cited(by_pupil)
    assert "8.5" not in cited(by_adults)
    # 8.6 is written for a parent and for another adult: each step is copied once.
    assert cited(by_adults).count("8.6") == 2
    assert cited(by_adults).count("8.7") == 1


def test_the_police_step_is_required_only_when_the_material_is_severe(demo):
    school = demo["chestnuts"]
    mild = incident_in(school)
    severe = incident_in(school, severity=[Severity.THREATENING])

    assert step_citing(mild, "8.8").requirement == Requirement.WHEN_SEVERE
    assert not step_citing(mild, "8.8").is_required(mild)
    assert step_citing(severe, "8.8").is_required(severe)


def test_changing_the_checklist_leaves_incidents_steps_alone(demo):
    school = demo["chestnuts"]
    incident = incident_in(school)
    copied = step_citing(incident, "8.4")
    template = copied.template
    assert template is not None

    checklist_step_edit(
        step=template,
        by=holder(school, Role.HEADTEACHER),
        text="Keep the screen prints.",
        perpetrator="",
        school_day="",
        clause_number="8.4",
        requirement=Requirement.ALWAYS,
        due_days=3,
        position=template.position,
    )

    copied.refresh_from_db()
    assert copied.text.startswith("Save the evidence")
    assert incident_in(school).steps.filter(text="Keep the screen prints.").exists()


# --- Ticking a step --------------------------------------------------------------------------


def test_ticking_records_who_when_and_the_note(demo):
    school = demo["chestnuts"]
    dsl = holder(school, Role.DSL)
    step = step_citing(incident_in(school), "8.4")

    incident_step_tick(step=step, by=dsl, status=StepStatus.DONE, note=" Two screen prints. ")

    step.refresh_from_db()
    assert (step.status, step.done_by, step.note) == (StepStatus.DONE, dsl, "Two screen prints.")
    assert step.done_at is not None
    assert step.history.first().history_user == dsl


def test_not_needed_needs_a_note(demo):
    school = demo["chestnuts"]
    step = step_citing(incident_in(school), "8.4")

    with pytest.raises(ValidationError) as error:
        incident_step_tick(step=step, by=holder(school, Role.DSL), status=StepStatus.NOT_NEEDED)

    assert error.value.message_dict == {"note": ["Say why this step is not needed."]}
    step.refresh_from_db()
    assert step.is_open


def test_a_step_already_ticked_is_not_ticked_again(demo):
    school = demo["chestnuts"]
    dsl, head = holder(school, Role.DSL), holder(school, Role.HEADTEACHER)
    step = step_citing(incident_in(school), "8.4")
    incident_step_tick(step=step, by=dsl, status=StepStatus.DONE, note="")

    with pytest.raises(IncidentError) as error:
        incident_step_tick(step=step, by=head, status=StepStatus.NOT_NEEDED, note="No.")

    assert f"already ticked by {dsl.full_name}: nothing changed" in error.value.messages[0]
    step.refresh_from_db()
    assert (step.status, step.done_by) == (StepStatus.DONE, dsl)


def test_the_step_page_ticks_and_goes_back_to_the_incident(demo, client_for):
    school = demo["chestnuts"]
    dsl = holder(school, Role.DSL)
    incident = incident_in(school)
    step = step_citing(incident, "8.4")
    address = url(school, "step", incident_id=incident.public_id, step_id=step.public_id)
    client = client_for(dsl)

    page = client.get(address)
    assert page.status_code == 200
    assert "Save the evidence" in page.content.decode()
    assert (
        AccessLogEntry.objects.for_school(school)
        .filter(incident=incident, user=dsl, action=AccessAction.VIEW)
        .exists()
    )

    response = client.post(address, {"status": "not_needed", "note": "Nothing was kept."})

    assert response.status_code == 302
    assert response["Location"].endswith("#checklist-heading")
    step.refresh_from_db()
    assert (step.status, step.note) == (StepStatus.NOT_NEEDED, "Nothing was kept.")


def test_not_needed_without_a_note_is_refused_on_the_page(demo, client_for):
    school = demo["chestnuts"]
    incident = incident_in(school)
    step = step_citing(incident, "8.4")
    before = snapshot()

    response = client_for(holder(school, Role.DSL)).post(
        url(school, "step", incident_id=incident.public_id, step_id=step.public_id),
        {"status": "not_needed", "note": ""},
    )

    assert response.status_code == 200
    assert "Say why this step is not needed." in response.content.decode()
    assert before.changes(snapshot()) == {}


def test_a_closed_incident_s_step_cannot_be_ticked(demo, client_for):
    school = demo["chestnuts"]
    incident = incident_in(school)
    step = step_citing(incident, "8.4")
    incident.status = Status.CLOSED  # set-up only: closing proper needs every step dealt with
    incident.save()
    before = snapshot()

    response = client_for(holder(school, Role.DSL)).post(
        url(school, "step", incident_id=incident.public_id, step_id=step.public_id),
        {"status": "done"},
        follow=True,
    )

    assert "is closed" in response.content.decode()
    assert before.changes(snapshot()) == {}


def test_a_step_of_another_incident_is_not_found(demo, client_for):
    school = demo["chestnuts"]
    one, other = incident_in(school), incident_in(school)
    step = step_citing(other, "8.4")

    response = client_for(holder(school, Role.DSL)).get(
        url(school, "step", incident_id=one.public_id, step_id=step.public_id)
    )

    assert response.status_code == 404


def test_a_teacher_cannot_tick_a_step(demo, client_for):
    school = demo["chestnuts"]
    incident = incident_in(school)
    step = step_citing(incident, "8.4")

    response = client_for(holder(school, Role.TEACHER)).post(
        url(school, "step", incident_id=incident.public_id, step_id=step.public_id),
        {"status": "done"},
    )

    assert response.status_code == 403
    step.refresh_from_db()
    assert step.is_open


def test_the_incident_page_shows_the_checklist(demo, client_for):
    school = demo["chestnuts"]
    dsl = holder(school, Role.DSL)
    incident = incident_in(school, severity=[Severity.ABUSIVE])
    incident_step_tick(
        step=step_citing(incident, "8.4"), by=dsl, status=StepStatus.DONE, note="Three prints."
    )
    late = step_citing(incident, "8.2")
    late.due_on = school_today(school) - datetime.timedelta(days=2)  # set-up only
    late.save()
    police = step_citing(incident, "8.8")

    page = client_for(dsl).get(url(school, "incident", incident_id=incident.public_id))

    text = page.content.decode()
    assert "Policy checklist" in text
    assert "Chestnuts 8.4" in text  # cited, linked to the clause
    assert f"Done</strong>, {dsl.full_name}" in text
    assert "Three prints." in text
    assert "Overdue" in text
    assert "Required: the material is severe" in text
    assert url(school, "step", incident_id=incident.public_id, step_id=police.public_id) in text


# --- The headteacher's pages -----------------------------------------------------------------


def test_the_checklists_page_lists_every_kind_with_its_citations(demo, client_for):
    school = demo["norris-bank"]

    page = client_for(holder(school, Role.HEADTEACHER)).get(url(school, "checklists"))

    text = html.unescape(page.content.decode())
    assert page.status_code == 200
    for label in IncidentKind.labels:
        assert label in text
    assert "Norris Bank 9.1" in text
    assert "When it happened outside the school day" in text
    assert "When the alleged perpetrator is a parent or carer" in text


def test_the_checklists_page_costs_the_same_queries_with_more_steps(demo, client_for):
    school = demo["chestnuts"]
    client = client_for(holder(school, Role.HEADTEACHER))

    def add_steps(n: int) -> None:
        for i in range(n):
            ChecklistStep.objects.create(
                school=school, kind=IncidentKind.FIREWALL, text=f"Step {i}", clause_number="7.2"
            )

    assert_queries_constant(lambda: client.get(url(school, "checklists")), add_steps)


def test_only_the_headteacher_edits_the_checklists(demo, client_for):
    school = demo["chestnuts"]
    for role in (Role.DSL, Role.TEACHER):
        assert client_for(holder(school, role)).get(url(school, "checklists")).status_code == 403


def test_the_headteacher_adds_a_step(demo, client_for):
    school = demo["chestnuts"]
    head = holder(school, Role.HEADTEACHER)
    client = client_for(head)
    assert (
        'value="firewall" selected'
        in client.get(url(school, "checklist-step-add") + "?kind=firewall").content.decode()
    )

    response = client.post(
        url(school, "checklist-step-add"),
        {
            "kind": "firewall",
            "text": "Tell the pupil's parents about the ban.",
            "clause_number": "7.2",
            "perpetrator": "pupil",
            "requirement": "always",
            "due_days": "3",
        },
    )

    assert response.status_code == 302
    step = ChecklistStep.objects.for_school(school).get(
        text="Tell the pupil's parents about the ban."
    )
    assert (step.kind, step.perpetrator, step.due_days) == ("firewall", "pupil", 3)
    assert step.history.first().history_user == head
    assert "7.2" in cited(incident_in(school, kind=IncidentKind.FIREWALL))


def test_a_clause_the_policy_lacks_is_refused_and_nothing_saved(demo, client_for):
    school = demo["chestnuts"]
    step = ChecklistStep.objects.for_school(school).get(kind="cyberbullying", clause_number="8.4")
    before = snapshot()

    response = client_for(holder(school, Role.HEADTEACHER)).post(
        url(school, "checklist-step", step_id=step.public_id),
        {
            "text": step.text,
            "clause_number": "8.44",
            "requirement": "always",
            "due_days": "1",
            "position": str(step.position),
        },
    )

    assert response.status_code == 200
    assert "The policy in force has no clause 8.44." in response.content.decode()
    assert before.changes(snapshot()) == {}


def test_the_headteacher_edits_a_step(demo, client_for):
    school = demo["chestnuts"]
    step = ChecklistStep.objects.for_school(school).get(kind="cyberbullying", clause_number="8.4")
    client = client_for(holder(school, Role.HEADTEACHER))
    address = url(school, "checklist-step", step_id=step.public_id)
    assert step.text in html.unescape(client.get(address).content.decode())

    response = client.post(
        address,
        {
            "text": "Save screen prints, with the time and date.",
            "clause_number": "8.4",
            "requirement": "always",
            "due_days": "2",
            "position": "15",
        },
    )

    assert response.status_code == 302
    step.refresh_from_db()
    assert (step.text, step.due_days, step.position) == (
        "Save screen prints, with the time and date.",
        2,
        15,
    )


def test_the_headteacher_retires_a_step_and_it_is_listed_apart(demo, client_for):
    school = demo["chestnuts"]
    step = ChecklistStep.objects.for_school(school).get(kind="firewall", clause_number="7.1")
    client = client_for(holder(school, Role.HEADTEACHER))
    retire = url(school, "checklist-step-retire", step_id=step.public_id)

    assert client.get(retire)["Location"] == url(school, "checklist-step", step_id=step.public_id)
    response = client.post(retire, follow=True)

    step.refresh_from_db()
    assert step.retired_at is not None
    assert "Retired steps" in response.content.decode()
    assert "7.1" not in cited(incident_in(school, kind=IncidentKind.FIREWALL))
    again = client.post(retire, follow=True)
    assert "can no longer be changed" in again.content.decode()
