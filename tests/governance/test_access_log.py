"""The access log beyond incidents: safeguarding content reports and signed agreements."""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection
from django.db.migrations.loader import MigrationLoader
from django.test import Client
from django.urls import reverse

from accounts.models import User
from agreements.models import Agreement
from agreements.services.signing import AGREEMENT_PDF
from documents.models import Document
from documents.services import document_request
from forms_app.models import ContentReport
from forms_app.services.common import CONTENT_REPORT_PDF
from incidents.models import AccessAction, AccessLogEntry, AccessRecordType
from incidents.services.common import access_log
from jobs.runner import run_job_now
from schools.models import School
from schools.roles import Role
from tests.agreements.factories import signed_in
from tests.documents.conftest import private_storage  # noqa: F401
from tests.factories import member
from tests.forms_app.factories import report_in
from tests.governance.test_audit_history import history_url
from tests.helpers.querycount import assert_queries_constant
from tests.incidents.factories import incident_in
from tests.isolation.pages_texts import paper_in

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("private_storage", "head", "teacher")]

ClientFor = Callable[[User], Client]


def entries(school: School) -> list[AccessLogEntry]:
    return list(AccessLogEntry.objects.for_school(school).order_by("pk"))


def the_one_entry(school: School) -> AccessLogEntry:
    found = entries(school)
    assert len(found) == 1, found
    return found[0]


def report_url(report: ContentReport) -> str:
    return reverse(
        "forms_app:content-report",
        kwargs={"school_slug": report.school.slug, "report_id": report.public_id},
    )


def agreement_url(agreement: Agreement, name: str = "agreement") -> str:
    return reverse(
        f"agreements:{name}",
        kwargs={"school_slug": agreement.school.slug, "agreement_id": agreement.public_id},
    )


def pdf_of(school: School, subject_type: str, subject_id: Any) -> Document:
    """The record's PDF, made now as a worker would make it."""
    job = document_request(
        school=school, subject_type=subject_type, subject_id=str(subject_id), requested_by=None
    )
    run_job_now(school.pk, job.pk)
    job.refresh_from_db()
    return Document.objects.for_school(school).get(public_id=job.result["document_id"])


def download_url(document: Document) -> str:
    return reverse(
        "documents:download",
        kwargs={"school_slug": document.school.slug, "document_id": document.public_id},
    )


def nothing_logged_yet(school: School) -> None:
    """Making the records (and their PDFs) is no look at them: the count starts at nought."""
    assert entries(school) == []


# --- Each look writes one entry ------------------------------------------------------


def test_opening_a_safeguarding_content_report_is_logged(
    school: School, teacher: User, dsl: User, client_for: ClientFor
) -> None:
    report = report_in(school, safeguarding=True)
    nothing_logged_yet(school)

    assert client_for(dsl).get(report_url(report)).status_code == 200

    entry = the_one_entry(school)
    assert entry.user == dsl
    assert entry.record_type == AccessRecordType.CONTENT_REPORT
    assert entry.record_id == str(report.public_id)
    assert entry.reference == report.reference
    assert entry.action == AccessAction.REPORT
    assert entry.incident is None


def test_a_content_report_without_the_safeguarding_mark_is_not_logged(
    school: School, teacher: User, head: User, client_for: ClientFor
) -> None:
    report = report_in(school, safeguarding=False)
    document = pdf_of(school, CONTENT_REPORT_PDF, report.public_id)
    client = client_for(head)

    assert client.get(report_url(report)).status_code == 200
    assert client.get(download_url(document)).status_code == 200

    assert entries(school) == []


def test_downloading_a_safeguarding_content_reports_pdf_is_logged(
    school: School, teacher: User, dsl: User, client_for: ClientFor
) -> None:
    report = report_in(school, safeguarding=True)
    document = pdf_of(school, CONTENT_REPORT_PDF, report.public_id)
    nothing_logged_yet(school)

    response = client_for(dsl).get(download_url(document))

    assert response.status_code == 200
    entry = the_one_entry(school)
    assert (entry.user, entry.record_type, entry.reference, entry.action) == (
        dsl,
        AccessRecordType.CONTENT_REPORT,
        report.reference,
        AccessAction.PDF,
    )


def test_opening_a_signed_agreement_is_logged(
    school: School, teacher: User, client_for: ClientFor
) -> None:
    agreement = signed_in(school)
    nothing_logged_yet(school)

    assert client_for(teacher).get(agreement_url(agreement)).status_code == 200

    entry = the_one_entry(school)
    assert (entry.user, entry.record_type, entry.record_id, entry.reference, entry.action) == (
        teacher,
        AccessRecordType.AGREEMENT,
        str(agreement.public_id),
        agreement.reference,
        AccessAction.AGREEMENT,
    )


def test_opening_a_signed_agreement_to_match_it_is_logged(
    school: School, teacher: User, client_for: ClientFor
) -> None:
    agreement = signed_in(school)
    nothing_logged_yet(school)
    url = reverse(
        "agreements:agreement-match",
        kwargs={"school_slug": school.slug, "agreement_id": agreement.public_id},
    )

    assert client_for(teacher).get(url).status_code == 200

    entry = the_one_entry(school)
    assert (entry.user, entry.reference, entry.action) == (
        teacher,
        agreement.reference,
        AccessAction.AGREEMENT,
    )


def test_downloading_a_paper_copys_scan_is_logged_but_not_a_head_request(
    school: School, teacher: User, head: User, client_for: ClientFor
) -> None:
    agreement = paper_in(school)
    nothing_logged_yet(school)
    client = client_for(head)

    assert client.head(agreement_url(agreement, "scan")).status_code == 200
    assert entries(school) == []
    assert client.get(agreement_url(agreement, "scan")).status_code == 200

    entry = the_one_entry(school)
    assert (entry.user, entry.record_type, entry.reference, entry.action) == (
        head,
        AccessRecordType.AGREEMENT,
        agreement.reference,
        AccessAction.SCAN,
    )


def test_downloading_a_signed_agreements_pdf_is_logged(
    school: School, teacher: User, head: User, client_for: ClientFor
) -> None:
    agreement = signed_in(school)
    document = pdf_of(school, AGREEMENT_PDF, agreement.public_id)
    nothing_logged_yet(school)

    assert client_for(head).get(download_url(document)).status_code == 200

    entry = the_one_entry(school)
    assert (entry.user, entry.record_type, entry.reference, entry.action) == (
        head,
        AccessRecordType.AGREEMENT,
        agreement.reference,
        AccessAction.PDF,
    )


def test_an_incident_look_still_names_its_incident(school: School, teacher: User) -> None:
    incident = incident_in(school, teacher)

    access_log(incident=incident, user=teacher, action=AccessAction.STATUS)

    entry = the_one_entry(school)
    assert (entry.record_type, entry.record_id, entry.reference, entry.incident) == (
        AccessRecordType.INCIDENT,
        str(incident.public_id),
        incident.reference,
        incident,
    )


# --- The headteacher's page --------------------------------------------------------


@pytest.fixture
def three_looks(
    school: School, teacher: User, dsl: User, client_for: ClientFor
) -> tuple[Any, ContentReport, Agreement]:
    """One look at an incident, one at a safeguarding content report, one at an agreement."""
    incident = incident_in(school, teacher)
    report = report_in(school, safeguarding=True)
    agreement = signed_in(school)
    access_log(incident=incident, user=dsl, action=AccessAction.VIEW)
    client_for(dsl).get(report_url(report))
    client_for(teacher).get(agreement_url(agreement))
    return incident, report, agreement


def test_the_log_links_each_record_to_its_page(
    school: School, head: User, client_for: ClientFor, three_looks: Any
) -> None:
    incident, report, agreement = three_looks

    page = client_for(head).get(history_url(school, "access-log")).content.decode()

    assert "3 looks," in page
    incident_page = reverse(
        "incidents:incident",
        kwargs={"school_slug": school.slug, "incident_id": incident.public_id},
    )
    assert f'href="{incident_page}">{incident.reference}</a>' in page
    assert f'href="{report_url(report)}">{report.reference}</a>' in page
    assert f'href="{agreement_url(agreement)}">{agreement.reference}</a>' in page
    assert "Opened the content report" in page
    assert "Opened the signed agreement" in page


@pytest.mark.parametrize(
    ("kind", "shown"),
    [("incident", 0), ("content_report", 1), ("agreement", 2)],
)
def test_the_log_filters_by_kind_of_record(
    school: School, head: User, client_for: ClientFor, three_looks: Any, kind: str, shown: int
) -> None:
    page = client_for(head).get(history_url(school, "access-log", record_type=kind))
    text = page.content.decode()

    assert "1 look," in text
    for index, record in enumerate(three_looks):
        assert (f">{record.reference}</a>" in text) == (index == shown)


def test_the_log_filters_by_any_kind_of_reference(
    school: School, head: User, client_for: ClientFor, three_looks: Any
) -> None:
    incident, report, agreement = three_looks
    client = client_for(head)

    for record in three_looks:
        asked = record.reference.lower().replace("-", "-0")  # "cr-01" is CR-1
        text = client.get(history_url(school, "access-log", q=asked)).content.decode()
        assert "1 look," in text
        assert f">{record.reference}</a>" in text
    # Each kind is numbered from 1: a bare number finds that number of every kind.
    assert incident.number == report.number == agreement.number == 1
    text = client.get(history_url(school, "access-log", q="1")).content.decode()
    assert "3 looks," in text


@pytest.mark.parametrize("wrong", ["AR-1", "HSA", "INC-0", "CR-1-2", "<script>", "٣"])
def test_a_reference_of_no_logged_kind_says_what_to_enter(
    school: School, head: User, client_for: ClientFor, wrong: str
) -> None:
    response = client_for(head).get(history_url(school, "access-log", q=wrong))
    text = response.content.decode()

    assert response.status_code == 200
    assert "Enter a record&#x27;s reference, such as INC-4, CR-2 or HSA-12." in text
    assert "Correct the filter above" in text


def test_a_governor_and_the_clerk_still_cannot_open_the_log(
    school: School, governor: User, client_for: ClientFor, three_looks: Any
) -> None:
    clerk = member(school, Role.CLERK, email="clerk@oakfield.test")
    for person in (governor, clerk):
        assert client_for(person).get(history_url(school, "access-log")).status_code == 403


def test_looks_of_every_kind_cost_the_same_queries_however_many(
    school: School, teacher: User, head: User, dsl: User, client_for: ClientFor
) -> None:
    incident = incident_in(school, teacher)
    report = report_in(school, safeguarding=True)
    agreement = signed_in(school)
    client = client_for(head)

    def add_looks(n: int) -> None:
        for _ in range(n):
            access_log(incident=incident, user=dsl, action=AccessAction.VIEW)
            client_for(dsl).get(report_url(report))
            client_for(teacher).get(agreement_url(agreement))

    assert_queries_constant(lambda: client.get(history_url(school, "access-log")), add_looks)


def test_the_migration_names_the_incident_of_each_earlier_entry(
    school: School, teacher: User
) -> None:
    incident = incident_in(school, teacher)
    access_log(incident=incident, user=teacher, action=AccessAction.VIEW)
    entry = the_one_entry(school)
    entry.record_id, entry.reference = "", ""  # as the rows were before the migration
    entry.save()
    name = "0002_access_log_every_sensitive_record"
    migration = importlib.import_module(f"incidents.migrations.{name}")
    # The models as the migration sees them (plain managers, no properties).
    state = MigrationLoader(connection).project_state(("incidents", name))

    migration.name_the_incidents(state.apps, None)

    entry.refresh_from_db()
    assert (entry.record_type, entry.record_id, entry.reference) == (
        AccessRecordType.INCIDENT,
        str(incident.public_id),
        incident.reference,
    )
