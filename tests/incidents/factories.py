"""Incidents for tests, made through the services.

Where a test does not care who acts, the school's first teacher logs and its
first headteacher handles, so the demo schools' own accounts act in the
isolation matrix.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.utils import timezone

from accounts.models import User
from forms_app.models import ContentReport
from incidents.models import Incident, IncidentKind, PersonKind, SchoolDay
from incidents.services.incidents import IncidentFacts, PersonEntry, incident_log
from schools.models import School
from schools.roles import Role
from tests.agreements.factories import class_in
from tests.forms_app.factories import holder

# A child's name that tests look for where it must never appear.
PUPIL_NAME = "Zoltan Quibblesworth"


def facts(**fields: Any) -> IncidentFacts:
    values: dict[str, Any] = {
        "kind": IncidentKind.CYBERBULLYING,
        "occurred_at": timezone.now() - datetime.timedelta(hours=3),
        "school_day": SchoolDay.IN,
        "description": "Unkind messages in a class group chat.",
    }
    values.update(fields)
    return IncidentFacts(**values)


def incident_in(
    school: School,
    by: User | None = None,
    *,
    people: list[PersonEntry] | None = None,
    content_report: ContentReport | None = None,
    **fields: Any,
) -> Incident:
    """An open incident logged by the school's first teacher (or ``by``)."""
    if people is None:
        people = [
            PersonEntry(PersonKind.PUPIL, "target", PUPIL_NAME, class_in(school)),
            PersonEntry(PersonKind.PUPIL, "perpetrator", "Another Pupil", class_in(school)),
        ]
    return incident_log(
        school=school,
        by=by or holder(school, Role.TEACHER),
        facts=facts(**fields),
        people=people,
        content_report=content_report,
    )


def incident_kwargs(school: School) -> dict[str, Any]:
    return {"incident_id": incident_in(school).public_id}
