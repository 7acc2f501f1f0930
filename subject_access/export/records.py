"""The records an export lays out for more than one kind of subject: incidents, content
reports, signed agreements; and the roster's names, which no export shows but the subject's.

The people recorded beside the subject are written as "another pupil", "a member of
staff" and so on; staff are named where they acted for the school (who logged an
incident, who decided): that is the school's record of its own actions.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from agreements.models import Agreement, Child
from agreements.services.signing import name_key
from forms_app.models import ContentReport
from incidents.models import Incident, IncidentPerson, PersonKind
from schools.models import School
from subject_access.export.layout import Bundle, Fields, Formatter, Page, table
from subject_access.export.redact import ANOTHER_PERSON, ANOTHER_PUPIL

OTHERS = {
    PersonKind.PUPIL: ANOTHER_PUPIL,
    PersonKind.STAFF: "a member of staff",
    PersonKind.PARENT: "a parent or carer",
    PersonKind.OTHER_ADULT: "another adult",
    PersonKind.UNKNOWN: ANOTHER_PERSON,
}


# --- Incidents -----------------------------------------------------------------------


def incident_people(incident: Incident, subject: IncidentPerson | None, f: Formatter) -> Fields:
    rows: Fields = []
    for person in incident.people.all():
        if person.removed_at is not None:
            continue
        if subject is not None and person.pk == subject.pk:
            who = f"{person.name} (the subject of this request)"
        else:
            who = OTHERS.get(PersonKind(person.kind), ANOTHER_PERSON)
        rows.append((person.get_part_display(), who))
    return rows


def incident_fields(incident: Incident, f: Formatter) -> Fields:
    return [
        ("Reference", incident.reference),
        ("Kind", incident.get_kind_display()),
        ("When it happened", f.when(incident.occurred_at)),
        ("In or outside the school day", incident.get_school_day_display()),
        ("Platform", incident.platform_name),
        ("What happened", f.text(incident.description)),
        ("The material is", ", ".join(incident.severity_labels())),
        ("Logged by", f.person(incident.reported_by)),
        ("Logged at", f.when(incident.reported_at)),
        ("Status", incident.get_status_display()),
        ("Outcome", incident.get_outcome_display() if incident.outcome else ""),
        ("About the outcome", f.text(incident.outcome_note)),
        ("Sanction", incident.get_sanction_display() if incident.sanction else ""),
        ("About the sanction", f.text(incident.sanction_note)),
    ]


def incident_page(incident: Incident, subject: IncidentPerson | None, f: Formatter) -> Page:
    sections: list[dict[str, Any]] = [
        {"heading": "The incident", "fields": incident_fields(incident, f)},
        {"heading": "People involved", "fields": incident_people(incident, subject, f)},
    ]
    decisions = [
        {
            "heading": f"{d.get_kind_display()}, {f.when(d.decided_at)}",
            "fields": [
                ("What was decided", f.text(d.summary)),
                ("Why", f.text(d.reason)),
                ("Decided by", f.person(d.decided_by)),
            ],
        }
        for d in incident.decisions.all()
    ]
    if decisions:
        sections.append({"heading": "Decisions", "entries": decisions})
    notes = [
        {
            "heading": f"Note, {f.when(n.written_at)}",
            "fields": [("Note", f.text(n.text)), ("Written by", f.person(n.written_by))],
        }
        for n in incident.notes.all()
    ]
    if notes:
        sections.append({"heading": "Notes", "entries": notes})
    return Page(
        f"incidents/{incident.reference}.pdf",
        f"Incident {incident.reference}",
        f"Incident {incident.reference}: {incident.get_kind_display()}",
        sections,
    )


def incidents_of(school: School) -> Any:
    return (
        Incident.objects.for_school(school)
        .select_related("reported_by", "platform", "closed_by", "content_report")
        .prefetch_related(
            "people__school_class",
            "decisions__decided_by",
            "notes__written_by",
        )
        .order_by("occurred_at", "pk")
    )


def add_incident_people(incidents: Iterable[Incident], f: Formatter) -> None:
    for incident in incidents:
        for person in incident.people.all():
            if person.name:
                phrase = OTHERS.get(PersonKind(person.kind), ANOTHER_PERSON)
                f.redact.add(person.name, phrase, single_words=True)


# --- Content reports ----------------------------------------------------------------


def report_fields(report: ContentReport, f: Formatter) -> Fields:
    return [
        ("Reference", report.reference),
        ("Reported by", f.person(report.reported_by)),
        ("Reported at", f.when(report.reported_at)),
        ("Status", report.get_status_display()),
        ("What the site showed", f.text(report.site_content)),
        ("Kind of content", ", ".join(report.category_labels())),
        ("What happened", f.text(report.nature)),
        ("Safeguarding issue", "Yes" if report.safeguarding else "No"),
        ("Sites", "\n".join(site.url for site in report.sites.all())),
        ("Site blocked on", f.day(report.blocked_on)),
        ("Closed by", f.person(report.closed_by)),
        ("Closed at", f.when(report.closed_at)),
    ]


def report_page(report: ContentReport, f: Formatter) -> Page:
    return Page(
        f"content_reports/{report.reference}.pdf",
        f"Content report {report.reference}",
        f"Content report {report.reference}",
        [{"heading": "The report", "fields": report_fields(report, f)}],
    )


# --- Agreements ---------------------------------------------------------------------


def agreement_fields(agreement: Agreement, f: Formatter, *, parent: str = "") -> Fields:
    second = agreement.second_carer_name
    if second and name_key(second) != name_key(parent):
        second = "another parent or carer"
    return [
        ("Reference", agreement.reference),
        ("Academic year", f"{agreement.academic_year}–{(agreement.academic_year + 1) % 100:02d}"),
        ("Name of parent or carer", agreement.parent_name),
        ("Second parent or carer", second),
        ("Email for a copy", agreement.email),
        ("Name of child", agreement.child_name),
        ("Child's class", agreement.school_class.name),
        ("Signed at", f.when(agreement.signed_at)),
        ("How it was signed", agreement.get_method_display()),
        ("Signature", agreement.get_signature_kind_display()),
        ("Language", agreement.language_name),
        ("Recorded by", f.person(agreement.recorded_by)),
    ]


def agreement_page(agreement: Agreement, f: Formatter, *, parent: str = "") -> Page:
    return Page(
        f"agreements/{agreement.reference}.pdf",
        f"Home-school agreement {agreement.reference}",
        f"Home-school agreement {agreement.reference}: {agreement.title_signed}",
        [
            {"heading": "The agreement", "fields": agreement_fields(agreement, f, parent=parent)},
            {"heading": "The text signed", "fields": [("Text", agreement.text_signed)]},
        ],
    )


def add_agreements(
    bundle: Bundle, agreements: list[Agreement], f: Formatter, parent: str = ""
) -> None:
    rows = [agreement_fields(a, f, parent=parent) for a in agreements]
    bundle.tables.append(table("agreements.csv", rows))
    bundle.pages.extend(agreement_page(a, f, parent=parent) for a in agreements)


def roster_names(school: School, child: Child | None, f: Formatter) -> None:
    """Every other child on the roster: their names are replaced wherever they appear."""
    others = Child.objects.for_school(school).values_list("pk", "first_name", "last_name")
    for pk, first, last in others:
        if child is None or pk != child.pk:
            f.redact.add(f"{first} {last}", ANOTHER_PUPIL)
