"""What an export holds about a member of staff: their account, their work, their logs."""

from __future__ import annotations

from typing import Any

from django.db.models import Q

from accounts.models import User
from agreements.services.signing import name_key
from forms_app.models import AccessRequest, ContentReport
from governance.audit.trail import RECORD_TYPES
from governance.models import AuditEvent, Complaint
from incidents.models import AccessLogEntry, Incident, IncidentPerson, PersonKind
from schools.models import Membership, School
from subject_access.export.layout import Bundle, Fields, Formatter, Page, list_page, table
from subject_access.export.records import (
    add_incident_people,
    incident_fields,
    incident_page,
    incidents_of,
    report_fields,
    roster_names,
)
from subject_access.models import SubjectAccessRequest
from training.models import Attendance

# --- A member of staff ----------------------------------------------------------------


def _account_fields(user: User, f: Formatter) -> Fields:
    return [
        ("Name", user.full_name),
        ("Email address", user.email),
        ("Account active", "Yes" if user.is_active else "No"),
        ("Account created", f.when(user.date_joined)),
        ("Last signed in", f.when(user.last_login)),
    ]


def _membership_fields(membership: Membership, f: Formatter) -> Fields:
    return [
        ("Role", membership.get_role_display()),
        ("Title", membership.title),
        ("Since", f.when(membership.started_at)),
        ("Ended", f.when(membership.ended_at)),
    ]


def _their_part(user: User, *people: tuple[str, int | None]) -> str:
    return ", ".join(what for what, who in people if who == user.pk)


def _access_request_fields(ar: AccessRequest, user: User, f: Formatter) -> Fields:
    part = _their_part(
        user,
        ("asked for it", ar.requested_by_id),
        ("decided it", ar.decided_by_id),
        ("unblocked the site", ar.unblocked_by_id),
        ("revoked the approval", ar.revoked_by_id),
        ("blocked it again", ar.reblocked_by_id),
    )
    return [
        ("Reference", ar.reference),
        ("Their part", part),
        ("Status", ar.get_status_display()),
        ("Asked for by", f.person(ar.requested_by)),
        ("Submitted at", f.when(ar.submitted_at)),
        ("Full URL", ar.url),
        ("What the site holds", f.text(ar.site_content)),
        ("Reasons", f.text(ar.reasons)),
        ("Risks", f.text(ar.risks)),
        ("Who it is for", ar.get_audience_display()),
        ("Decided by", f.person(ar.decided_by)),
        ("Decided at", f.when(ar.decided_at)),
        ("Reason for the decision", f.text(ar.decision_reason)),
    ]


def _report_part(report: ContentReport, user: User) -> str:
    return _their_part(
        user,
        ("reported it", report.reported_by_id),
        ("blocked the site", report.blocked_by_id),
        ("closed it", report.closed_by_id),
    )


def _complaint_fields(complaint: Complaint, f: Formatter) -> Fields:
    return [
        ("Reference", complaint.reference),
        ("Received on", f.day(complaint.received_on)),
        ("Complainant", "the complainant"),
        ("Who the complainant is", complaint.get_complainant_kind_display()),
        ("Subject", f.text(complaint.subject)),
        ("What the complaint says", f.text(complaint.details)),
        ("Stage", complaint.get_stage_display()),
        ("Status", complaint.get_status_display()),
        ("Outcome", complaint.get_outcome_display() if complaint.outcome else ""),
        ("Recorded by", f.person(complaint.recorded_by)),
    ]


def _simple_pages(name: str, title: str, rows: list[Fields], heading: str) -> list[Page]:
    return [
        Page(
            f"{name}/{row[0][1]}.pdf",
            f"{title} {row[0][1]}",
            f"{title} {row[0][1]}",
            [{"heading": heading, "fields": row}],
        )
        for row in rows
    ]


StaffIncident = tuple[Incident, IncidentPerson | None]


def _staff_incidents(school: School, user: User) -> list[StaffIncident]:
    """Incidents they logged, and those that record them (by name) as a member of staff."""
    wanted = name_key(user.full_name) if user.full_name else None
    found = []
    candidates = incidents_of(school).filter(Q(reported_by=user) | Q(people__kind=PersonKind.STAFF))
    for incident in candidates.distinct():
        subject = next(
            (
                person
                for person in incident.people.all()
                if person.kind == PersonKind.STAFF
                and person.removed_at is None
                and wanted
                and name_key(person.name) == wanted
            ),
            None,
        )
        if incident.reported_by_id == user.pk or subject is not None:
            found.append((incident, subject))
    return found


def _staff_names(school: School, user: User, f: Formatter) -> tuple[list[StaffIncident], Any]:
    """The records about them, with the names in them known to the redactor before any text."""
    incidents = _staff_incidents(school, user)
    add_incident_people([incident for incident, _ in incidents], f)
    complaints = Complaint.objects.for_school(school).filter(recorded_by=user)
    for complaint in complaints:
        f.redact.add(complaint.complainant, "the complainant")
    return incidents, complaints


def _incident_part(incident: Incident, subject: IncidentPerson | None, user: User) -> str:
    parts = ["logged it"] if incident.reported_by_id == user.pk else []
    if subject is not None:
        parts.append(f"involved: {subject.get_part_display().lower()}")
    return ", ".join(parts)


def _staff_work(bundle: Bundle, school: School, user: User, f: Formatter) -> None:
    incidents, complaints = _staff_names(school, user, f)
    theirs = Q()
    for name in ("requested_by", "decided_by", "unblocked_by", "revoked_by", "reblocked_by"):
        theirs |= Q(**{name: user})
    access = AccessRequest.objects.for_school(school).filter(theirs)
    access_rows = [
        _access_request_fields(ar, user, f)
        for ar in access.select_related("requested_by", "decided_by").order_by("number")
    ]
    bundle.tables.append(table("access_requests.csv", access_rows))
    bundle.pages.extend(
        _simple_pages("access_requests", "Access request", access_rows, "The request")
    )

    reports = (
        ContentReport.objects.for_school(school)
        .filter(Q(reported_by=user) | Q(blocked_by=user) | Q(closed_by=user))
        .select_related("reported_by", "closed_by")
        .prefetch_related("sites")
    )
    report_rows = [
        [("Their part", _report_part(r, user)), *report_fields(r, f)]
        for r in reports.order_by("number")
    ]
    bundle.tables.append(table("content_reports.csv", report_rows))
    bundle.pages.extend(_simple_pages_shifted("content_reports", "Content report", report_rows))

    bundle.tables.append(
        table(
            "incidents.csv",
            [
                [
                    ("Their part", _incident_part(incident, subject, user)),
                    *incident_fields(incident, f),
                ]
                for incident, subject in incidents
            ],
        )
    )
    bundle.pages.extend(incident_page(incident, subject, f) for incident, subject in incidents)

    complaint_rows = [
        _complaint_fields(c, f) for c in complaints.select_related("recorded_by").order_by("number")
    ]
    bundle.tables.append(table("complaints_recorded.csv", complaint_rows))
    bundle.pages.extend(_simple_pages("complaints", "Complaint", complaint_rows, "The complaint"))


def _simple_pages_shifted(name: str, title: str, rows: list[Fields]) -> list[Page]:
    """Pages of rows whose first field is "Their part" and second the reference."""
    return [
        Page(
            f"{name}/{row[1][1]}.pdf",
            f"{title} {row[1][1]}",
            f"{title} {row[1][1]}",
            [{"heading": "The record", "fields": row}],
        )
        for row in rows
    ]


def _staff_logs(bundle: Bundle, school: School, user: User, f: Formatter) -> None:
    attendances = (
        Attendance.objects.for_school(school)
        .filter(user=user)
        .select_related("session")
        .order_by("session__held_on", "pk")
    )
    training = [
        [
            ("Held on", f.day(a.session.held_on)),
            ("Training", a.session.get_kind_display()),
            ("Title", a.session.title),
            ("Led by", a.session.led_by),
            ("Status", a.session.get_status_display()),
        ]
        for a in attendances
    ]
    bundle.tables.append(table("training.csv", training))
    bundle.pages.append(list_page("training.pdf", "Training attended", training, "sessions"))

    events = AuditEvent.objects.filter(school=school, actor=user).order_by("at", "pk")
    changes = [
        [
            ("When", f.when(e.at)),
            ("What they did", e.get_action_display()),
            (
                "Kind of record",
                RECORD_TYPES[e.record_type].name
                if e.record_type in RECORD_TYPES
                else e.record_type,
            ),
            ("Record", e.record_label),
            ("Fields changed", ", ".join(str(change[0]) for change in e.changes)),
        ]
        for e in events.iterator()
    ]
    bundle.tables.append(table("changes_made.csv", changes))
    bundle.pages.append(list_page("changes_made.pdf", "Changes they made", changes, "changes"))

    looks = AccessLogEntry.objects.for_school(school).filter(user=user).order_by("at", "pk")
    access_log = [
        [
            ("When", f.when(entry.at)),
            ("What they did", entry.get_action_display()),
            ("Kind of record", entry.get_record_type_display()),
            ("Reference", entry.reference),
        ]
        for entry in looks.iterator()
    ]
    bundle.tables.append(table("records_opened.csv", access_log))
    bundle.pages.append(
        list_page("records_opened.pdf", "Sensitive records they opened", access_log, "looks")
    )


def staff_bundle(request: SubjectAccessRequest, f: Formatter) -> Bundle:
    school, user = request.school, request.staff
    assert user is not None
    roster_names(school, None, f)
    bundle = Bundle()
    memberships = list(
        Membership.objects.for_school(school).filter(user=user).order_by("started_at", "pk")
    )
    account = _account_fields(user, f)
    roles = [_membership_fields(m, f) for m in memberships]
    bundle.tables.append(table("account.csv", [account]))
    bundle.tables.append(table("roles.csv", roles))
    bundle.pages.append(
        Page(
            "account.pdf",
            "Account and roles",
            f"Account and roles: {user.full_name or user.email}",
            [
                {"heading": "Their account", "fields": account},
                {
                    "heading": "Their roles in the school",
                    "entries": [{"heading": r[0][1], "fields": r} for r in roles],
                },
            ],
        )
    )
    _staff_work(bundle, school, user, f)
    _staff_logs(bundle, school, user, f)
    return bundle
