"""The monthly review and the disposal: what goes, what stays, and what is logged."""

from __future__ import annotations

import datetime
import io

import pytest
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.test import TestCase
from django.utils import timezone

from agreements.services.signing import AGREEMENT_PDF
from documents.models import Document
from documents.services import document_request
from forms_app.models import AccessRequest, ContentReport, FilterDecision
from governance.models import DISPOSED_VALUE, AuditEvent
from incidents.models import (
    AccessAction,
    AccessLogEntry,
    AccessRecordType,
    EvidenceFile,
    Incident,
    IncidentPerson,
    Status,
)
from incidents.services.common import INCIDENT_PDF, access_log, record_access_log
from jobs.runner import run_job_now
from notifications.models import Notification
from retention.digest import retention_due
from retention.models import DisposalLog, RetentionReview, ReviewEntry
from retention.rules import closed_records
from retention.services import (
    dry_run,
    legal_hold_lift,
    retention_dispose_due,
    retention_review_produce,
    retention_run,
)
from schools.records import save_as
from schools.roles import Role
from tests.agreements.factories import child_in, class_in, signed_in
from tests.documents.conftest import private_storage  # noqa: F401
from tests.factories import member
from tests.forms_app.factories import report_in
from tests.helpers.backdate import backdate
from tests.incidents.factories import incident_in
from tests.incidents.test_evidence import stored_evidence
from tests.retention.factories import (
    closed_access_request,
    closed_incident,
    closed_report,
    hold,
    long_ago,
    old_access_request,
    old_agreement,
    old_report,
    pupil,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("private_storage", "teacher")]
DAY = datetime.timedelta(days=1)


def first_of_month() -> datetime.datetime:
    return timezone.now().replace(day=1, hour=9)


def reviewed_and_disposed(school, days_later: int = 14):
    """This month's review, then the disposal ``days_later`` days after it (files removed
    as after a commit)."""
    now = first_of_month()
    retention_review_produce(school=school, now=now)
    with TestCase.captureOnCommitCallbacks(execute=True):
        return retention_dispose_due(school=school, now=now + days_later * DAY)


def test_the_review_lists_records_past_retention_without_names(school, head):
    request = old_access_request(school)
    closed_access_request(school)  # closed today: kept six more years
    review = retention_review_produce(school=school, now=first_of_month())
    assert review is not None
    (entry,) = ReviewEntry.objects.for_school(school)
    assert (entry.reference, entry.kind) == (request.reference, "access_request")
    assert entry.rule == "6 years after it closed"
    note = Notification.objects.for_school(school).get(user=head, kind="retention-review")
    assert "1 record is due to be disposed of" in note.title


def test_the_review_is_produced_once_a_month(school, head):
    old_access_request(school)
    assert retention_review_produce(school=school, now=first_of_month()) is not None
    assert retention_review_produce(school=school, now=first_of_month() + DAY) is None
    assert RetentionReview.objects.for_school(school).count() == 1


def test_the_dry_run_changes_nothing(school, head):
    request = old_access_request(school)
    assert [record.reference for record in dry_run(school)] == [request.reference]
    assert not RetentionReview.objects.for_school(school).exists()
    assert AccessRequest.objects.for_school(school).filter(pk=request.pk).exists()


def test_disposal_waits_14_days_after_the_review(school, head):
    request = old_access_request(school)
    assert reviewed_and_disposed(school, days_later=13) == []
    assert AccessRequest.objects.for_school(school).filter(pk=request.pk).exists()
    assert len(retention_dispose_due(school=school, now=first_of_month() + 14 * DAY)) == 1


def test_nothing_is_disposed_of_without_a_review(school, head):
    old_access_request(school)
    assert retention_dispose_due(school=school) == []


def test_a_legal_hold_keeps_the_record(school, head):
    request = old_access_request(school)
    retention_review_produce(school=school, now=first_of_month())
    placed = hold(school, request.reference)
    assert retention_dispose_due(school=school, now=first_of_month() + 20 * DAY) == []
    assert AccessRequest.objects.for_school(school).filter(pk=request.pk).exists()
    legal_hold_lift(hold=placed, by=head, reason="Settled.")
    assert len(retention_dispose_due(school=school, now=first_of_month() + 21 * DAY)) == 1


def test_a_held_record_is_not_on_the_review(school, head):
    request = old_access_request(school)
    hold(school, request.reference)
    retention_review_produce(school=school, now=first_of_month())
    assert not ReviewEntry.objects.for_school(school).exists()


def test_the_disposal_is_logged_without_personal_data(school, head):
    request = old_access_request(school)
    (log,) = reviewed_and_disposed(school)
    assert (log.kind, log.reference, log.reason) == (
        "access_request",
        request.reference,
        "Automatic: retention",
    )
    assert log.rule == "6 years after it closed"
    assert log.review == RetentionReview.objects.for_school(school).get()
    assert not AccessRequest.objects.for_school(school).filter(pk=request.pk).exists()
    # The register's line stays, without its link to the record.
    line = FilterDecision.objects.for_school(school).get()
    assert line.access_request_id is None


def test_running_twice_disposes_of_nothing_more(school, head):
    old_access_request(school)
    assert len(reviewed_and_disposed(school)) == 1
    assert reviewed_and_disposed(school) == []
    assert DisposalLog.objects.for_school(school).count() == 1


def test_the_daily_run_is_idempotent(school, head):
    old_access_request(school)
    now = first_of_month()
    assert retention_run(now=now) == 0
    assert retention_run(now=now + 15 * DAY) == 1
    assert retention_run(now=now + 15 * DAY) == 0


def test_an_open_record_is_never_disposed_of(school, head, teacher):
    incident = closed_incident(school)
    backdate(incident, status="open", occurred_at=long_ago(40))
    report = report_in(school)
    backdate(report, reported_at=long_ago(40))
    assert reviewed_and_disposed(school) == []
    assert Incident.objects.for_school(school).filter(pk=incident.pk).exists()
    assert ContentReport.objects.for_school(school).filter(pk=report.pk).exists()


def test_another_schools_records_are_untouched(school, other_school, head):
    member(other_school, Role.HEADTEACHER)
    member(other_school, Role.TEACHER)
    theirs = old_access_request(other_school)
    old_access_request(school)
    assert len(reviewed_and_disposed(school)) == 1
    assert AccessRequest.objects.for_school(other_school).filter(pk=theirs.pk).exists()


def test_an_incident_goes_with_its_people_evidence_pdfs_and_history(school, head):
    incident = incident_in(school, people=[pupil(CHILD, school)])
    backdate(incident, occurred_at=long_ago(40))
    evidence = stored_evidence(incident, head)
    access_log(incident=incident, user=head, action=AccessAction.VIEW)
    pdf = pdf_of(school, INCIDENT_PDF, incident.public_id)
    close(incident, head)
    files = [evidence.file.name, pdf.file.name]
    assert all(default_storage.exists(name) for name in files)
    person_ids = [str(person.pk) for person in incident.people.all()]

    (log,) = reviewed_and_disposed(school)

    assert (log.reference, log.removed["Files"]) == (incident.reference, 2)
    assert not Incident.objects.for_school(school).exists()
    assert not EvidenceFile.objects.for_school(school).exists()
    assert not Document.objects.for_school(school).filter(subject_id=str(incident.public_id))
    assert not AccessLogEntry.objects.for_school(school).exists()
    assert not any(default_storage.exists(name) for name in files)
    assert not Incident.history.filter(id=incident.pk).exists()
    assert not IncidentPerson.history.filter(incident_id=incident.pk).exists()
    assert not EvidenceFile.history.filter(id=evidence.pk).exists()
    events = [
        event
        for event in AuditEvent.objects.filter(school=school)
        if (event.record_type, event.record_id)
        in {("incidents.incident", str(incident.pk))}
        | {("incidents.incidentperson", pk) for pk in person_ids}
    ]
    assert len(events) > 2, "the trail keeps who changed the record, and when"
    assert all(
        change[1:] == [DISPOSED_VALUE, DISPOSED_VALUE] for e in events for change in e.changes
    )
    assert any(change[0] == "Name" for e in events for change in e.changes)
    assert CHILD not in str([e.changes for e in AuditEvent.objects.filter(school=school)])
    assert "Automatic: retention" in {event.reason for event in events}
    assert CHILD not in str(list(DisposalLog.objects.for_school(school).values()))


def test_the_childs_birthday_comes_from_the_class_lists(school, head):
    child_in(school, "Ada", "Lovelace", class_in(school), date_of_birth=datetime.date(2015, 3, 1))
    incident = close(incident_in(school, people=[pupil("ADA  lovelace", school)]), head)
    backdate(incident, occurred_at=datetime.datetime(2024, 5, 4, 10, tzinfo=datetime.UTC))
    (record,) = [r for r in closed_records(school) if r.reference == incident.reference]
    assert record.kept_until == datetime.date(2040, 3, 1)
    assert record.rule == "Until the youngest child's 25th birthday"


def test_an_unknown_birthday_keeps_the_incident_25_years_from_its_date(school, head):
    incident = close(incident_in(school, people=[pupil("Nobody Listed", school)]), head)
    backdate(incident, occurred_at=datetime.datetime(2024, 5, 4, 10, tzinfo=datetime.UTC))
    (record,) = [r for r in closed_records(school) if r.reference == incident.reference]
    assert record.kept_until == datetime.date(2049, 5, 4)


def test_an_agreement_goes_with_its_pdf_and_its_looks_are_blanked(school, head):
    agreement = old_agreement(school)
    pdf = pdf_of(school, AGREEMENT_PDF, agreement.public_id)
    record_access_log(
        school=school,
        user=head,
        record_type=AccessRecordType.AGREEMENT,
        record_id=str(agreement.public_id),
        reference=agreement.reference,
        action=AccessAction.AGREEMENT,
    )
    (log,) = reviewed_and_disposed(school)
    assert log.reference == agreement.reference
    assert not default_storage.exists(pdf.file.name)
    look = AccessLogEntry.objects.for_school(school).get()
    assert (look.reference, look.record_id, look.user) == (DISPOSED_VALUE, "", head)


def test_an_agreement_is_kept_to_the_end_of_the_following_academic_year(school, head):
    agreement = signed_in(school)
    backdate(agreement, signed_at=datetime.datetime(2024, 10, 1, 18, tzinfo=datetime.UTC))
    (record,) = [r for r in closed_records(school) if r.reference == agreement.reference]
    assert record.kept_until == datetime.date(2026, 8, 31)


def test_a_content_report_goes_unless_it_opened_an_incident(school, head):
    report = old_report(school)
    linked = old_report(school, safeguarding=True)
    closed_incident(school, content_report=linked)
    (log,) = reviewed_and_disposed(school)
    assert log.reference == report.reference
    assert ContentReport.objects.for_school(school).filter(pk=linked.pk).exists()


def test_a_content_report_closed_on_10_january_2019_goes_after_10_january_2025(school, head):
    report = closed_report(school)
    closed = datetime.datetime(2019, 1, 10, 12, tzinfo=datetime.UTC)
    backdate(report, closed_at=closed, reported_at=closed)
    (record,) = [r for r in closed_records(school) if r.reference == report.reference]
    assert record.kept_until == datetime.date(2025, 1, 10)


def test_the_command_prints_the_dry_run_and_changes_nothing(school, head):
    request = old_access_request(school)
    out = io.StringIO()
    call_command("retention_review", "--dry-run", "--school", school.slug, stdout=out)
    assert request.reference in out.getvalue()
    assert "6 years after it closed" in out.getvalue()
    assert not RetentionReview.objects.for_school(school).exists()


def test_the_digest_tells_the_headteacher_what_will_go(school, head):
    old_access_request(school)
    retention_review_produce(school=school, now=first_of_month())
    (item,) = retention_due(school, frozenset({Role.HEADTEACHER}))
    assert item.label.startswith("1 record is due to be disposed of")
    assert retention_due(school, frozenset({Role.DSL})) == []


# --- helpers -----------------------------------------------------------------------------

CHILD = "Ada Lovelace"


def close(incident: Incident, head) -> Incident:
    incident.status = Status.CLOSED
    incident.outcome = "resolved"
    incident.outcome_note = "Dealt with."
    incident.closed_at = timezone.now()
    incident.closed_by = head
    save_as(incident, head)
    return incident


def pdf_of(school, subject_type: str, subject_id) -> Document:
    job = document_request(
        school=school, subject_type=subject_type, subject_id=str(subject_id), requested_by=None
    )
    run_job_now(job.school_id, job.pk)
    return Document.objects.for_school(school).get(subject_id=str(subject_id))
