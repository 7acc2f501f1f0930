"""Closed records for the retention tests, made through the services and then aged."""

from __future__ import annotations

import datetime
from typing import Any

from django.utils import timezone

from accounts.models import User
from agreements.models import Agreement
from forms_app.models import AccessRequest, ContentReport
from forms_app.services import access_request_decide, content_report_close
from incidents.models import Incident, PersonKind, Status
from incidents.services.incidents import PersonEntry
from retention.models import LegalHold
from retention.services import legal_hold_place
from schools.models import School
from schools.records import save_as
from schools.roles import Role
from tests.agreements.factories import class_in, signed_in
from tests.forms_app.factories import holder, report_in, request_in
from tests.helpers.backdate import backdate
from tests.incidents.factories import incident_in


def long_ago(years: int = 30) -> datetime.datetime:
    return timezone.now() - datetime.timedelta(days=365 * years)


def closed_access_request(school: School, by: User | None = None) -> AccessRequest:
    """A refused request (closed today unless aged)."""
    return access_request_decide(
        request=request_in(school),
        by=by or holder(school, Role.HEADTEACHER),
        approve=False,
        reason="Not needed for the curriculum.",
    )


def old_access_request(school: School, years: int = 7) -> AccessRequest:
    request = closed_access_request(school)
    backdate(request, decided_at=long_ago(years), submitted_at=long_ago(years))
    return request


def closed_report(school: School, **fields: Any) -> ContentReport:
    report = report_in(school, **fields)
    return content_report_close(
        report=report, by=holder(school, Role.HEADTEACHER), reason="The site is already blocked."
    )


def old_report(school: School, years: int = 7, **fields: Any) -> ContentReport:
    report = closed_report(school, **fields)
    backdate(report, closed_at=long_ago(years), reported_at=long_ago(years))
    return report


def closed_incident(school: School, **fields: Any) -> Incident:
    incident = incident_in(school, **fields)
    head = holder(school, Role.HEADTEACHER)
    incident.status = Status.CLOSED
    incident.outcome = "resolved"
    incident.outcome_note = "Dealt with in school."
    incident.closed_at = timezone.now()
    incident.closed_by = head
    save_as(incident, head)
    return incident


def pupil(name: str, school: School) -> PersonEntry:
    return PersonEntry(PersonKind.PUPIL, "target", name, class_in(school))


def old_agreement(school: School, years: int = 3) -> Agreement:
    agreement = signed_in(school)
    backdate(agreement, signed_at=long_ago(years))
    return agreement


def hold(school: School, reference: str) -> LegalHold:
    return legal_hold_place(
        school=school, by=holder(school, Role.HEADTEACHER), reference=reference, reason="A claim."
    )
