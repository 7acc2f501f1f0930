"""What an export holds about a pupil, and about a parent or carer."""

from __future__ import annotations

from agreements.models import Agreement, Child
from agreements.services.signing import name_key
from incidents.models import Incident, IncidentPerson, PersonKind
from subject_access.export.layout import Bundle, Fields, Formatter, Page, table
from subject_access.export.records import (
    add_agreements,
    add_incident_people,
    incident_fields,
    incident_page,
    incidents_of,
    report_fields,
    report_page,
    roster_names,
)
from subject_access.models import SubjectAccessRequest
from subject_access.services import parent_agreements

# --- A pupil ------------------------------------------------------------------------


def _roster_fields(child: Child, f: Formatter) -> Fields:
    return [
        ("First name", child.first_name),
        ("Last name", child.last_name),
        ("Class", child.school_class.name),
        ("Date of birth", f.day(child.date_of_birth)),
        ("The school's pupil reference", child.reference),
        ("On roll", "Yes" if child.on_roll else "No: left the school"),
    ]


def _is_the_pupil(person: IncidentPerson, child: Child) -> bool:
    if person.kind != PersonKind.PUPIL or person.removed_at is not None:
        return False
    if name_key(person.name) != name_key(child.full_name):
        return False
    return person.school_class_id is None or person.school_class_id == child.school_class_id


def pupil_bundle(request: SubjectAccessRequest, f: Formatter) -> Bundle:
    school, child = request.school, request.child
    assert child is not None
    roster_names(school, child, f)
    bundle = Bundle()
    bundle.tables.append(table("roster.csv", [_roster_fields(child, f)]))
    bundle.pages.append(
        Page(
            "roster.pdf",
            "Roster entry",
            f"Roster entry: {child.full_name}",
            [{"heading": "The school's class list", "fields": _roster_fields(child, f)}],
        )
    )
    involved: list[tuple[Incident, IncidentPerson]] = []
    for incident in incidents_of(school).filter(people__kind=PersonKind.PUPIL).distinct():
        subject = next((p for p in incident.people.all() if _is_the_pupil(p, child)), None)
        if subject is not None:
            involved.append((incident, subject))
    add_incident_people([incident for incident, _ in involved], f)
    rows = [
        [("Their part", subject.get_part_display()), *incident_fields(incident, f)]
        for incident, subject in involved
    ]
    bundle.tables.append(table("incidents.csv", rows))
    bundle.pages.extend(incident_page(incident, subject, f) for incident, subject in involved)
    reports = [
        incident.content_report
        for incident, _ in involved
        if incident.content_report is not None and incident.content_report.safeguarding
    ]
    bundle.tables.append(table("content_reports.csv", [report_fields(r, f) for r in reports]))
    bundle.pages.extend(report_page(report, f) for report in reports)
    agreements = list(
        Agreement.objects.for_school(school)
        .filter(child=child)
        .select_related("school_class", "recorded_by")
        .order_by("signed_at", "pk")
    )
    add_agreements(bundle, agreements, f)
    return bundle


# --- A parent or carer ----------------------------------------------------------------


def parent_bundle(request: SubjectAccessRequest, f: Formatter) -> Bundle:
    agreements = parent_agreements(request.school, request.subject_name, request.subject_email)
    for agreement in agreements:
        if agreement.second_carer_name:
            f.redact.add(agreement.second_carer_name, "another parent or carer")
    bundle = Bundle()
    add_agreements(bundle, agreements, f, parent=request.subject_name)
    return bundle
