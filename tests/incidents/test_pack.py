"""The evidence pack PDF, its page and its downloads; the incident's timeline.

Chestnuts (the demo school) has its policy published, so checklist steps cite
its clauses ("Chestnuts 8.4, version 1").
"""

from __future__ import annotations

import html
import io
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from documents.models import Document, DocumentStatus
from documents.services import document_draft
from incidents.evidence import clean_evidence
from incidents.models import (
    AccessAction,
    AccessLogEntry,
    ChecklistStep,
    EvidenceFile,
    Incident,
    IncidentKind,
    IncidentStep,
    Outcome,
    StepStatus,
)
from incidents.pdf_sources import UKCIS_STATEMENT, IncidentPackPdf
from incidents.services.common import INCIDENT_PDF
from incidents.services.evidence import evidence_add
from incidents.services.incidents import incident_close, incident_note_add
from incidents.services.work import (
    incident_decide,
    incident_report_followed_up,
    incident_report_record,
)
from incidents.timeline import incident_timeline
from jobs.models import Job
from jobs.runner import run_job_now
from schools.calendar import school_today
from schools.models import School
from schools.records import save_as
from schools.roles import Role
from tests.documents.conftest import pdf_text, private_storage  # noqa: F401
from tests.forms_app.factories import holder
from tests.helpers.demo import demo_db, demo_once  # noqa: F401 - the demo, once per module
from tests.incidents.factories import incident_in

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("private_storage")]

REASON = "Decided not to refer to the police, because the messages stopped once parents spoke."
POLICE_REFERENCE = "KENT-2026-0417"


@pytest.fixture(autouse=True)
def _jobs_in_process(settings: Any) -> None:
    settings.CELERY_TASK_ALWAYS_EAGER = True


@pytest.fixture
def chestnuts(demo: dict[str, School]) -> School:
    return demo["chestnuts"]


def pack_url(incident: Incident) -> str:
    return reverse(
        "incidents:pack",
        kwargs={"school_slug": incident.school.slug, "incident_id": incident.public_id},
    )


def download_url(document: Document) -> str:
    return reverse(
        "documents:download",
        kwargs={"school_slug": document.school.slug, "document_id": document.public_id},
    )


def words(text: str) -> str:
    return " ".join(text.split())


def png() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (40, 24), (200, 30, 30)).save(out, format="PNG")
    return out.getvalue()


def keep_evidence_step(school: School) -> None:
    """Chestnuts 8.4 on the school's checklist (whatever defaults it has besides)."""
    step = ChecklistStep(
        school=school,
        kind=IncidentKind.CYBERBULLYING,
        position=99,
        text="Keep screen prints of the messages, with the time and date.",
        clause_number="8.4",
    )
    save_as(step, None)


def worked_incident(school: School) -> Incident:
    """A cyberbullying incident with a ticked step, a decision, a report and a screen print."""
    dsl = holder(school, Role.DSL)
    keep_evidence_step(school)
    incident = incident_in(school)
    step = IncidentStep.objects.for_school(school).get(incident=incident, position=99)
    step.status, step.done_at, step.done_by = StepStatus.DONE, timezone.now(), dsl
    step.note = "Three screen prints kept."
    save_as(step, dsl)
    incident_decide(
        incident=incident, by=dsl, kind="not_refer", summary="Not to the police", reason=REASON
    )
    incident_report_record(
        incident=incident,
        by=dsl,
        to="platform",
        to_name="Instagram",
        made_on=school_today(school),
        reference=POLICE_REFERENCE,
    )
    scan = clean_evidence(SimpleUploadedFile("shot.png", png()))
    evidence_add(incident=incident, by=dsl, scan=scan, description="The group chat at 19:04")
    return incident


def produce(client: Any, incident: Incident) -> Job:
    """Press "Produce the evidence pack", then run its job as a worker would."""
    response = client.post(pack_url(incident))
    assert response.status_code == 302
    job = Job.objects.for_school(incident.school).order_by("-pk").first()
    assert job is not None
    assert response.url == reverse(
        "jobs:detail", kwargs={"school_slug": incident.school.slug, "job_id": job.public_id}
    )
    run_job_now(incident.school.pk, job.pk)
    return job


def versions(incident: Incident) -> list[Document]:
    return list(
        Document.objects.for_school(incident.school)
        .filter(subject_type=INCIDENT_PDF, subject_id=str(incident.public_id))
        .order_by("version")
    )


def test_the_pack_carries_the_record_and_its_hashes(chestnuts, client_for):
    incident = worked_incident(chestnuts)
    dsl = holder(chestnuts, Role.DSL)
    client = client_for(dsl)

    produce(client, incident)

    (document,) = versions(incident)
    assert document.status == DocumentStatus.READY
    text = words(pdf_text(document.file.read()))
    evidence = EvidenceFile.objects.for_school(chestnuts).get(incident=incident)
    assert f"Evidence pack: {incident.reference}" in text
    assert "Keep screen prints of the messages" in text
    assert "Chestnuts 8.4, version 1" in text
    assert REASON in text
    assert POLICE_REFERENCE in text
    assert "The group chat at 19:04" in text
    assert evidence.sha256 in text.replace(" ", "")
    assert "Timeline" in text

    # The page lists the version; asking again with nothing changed makes no new one.
    page = client.get(pack_url(incident)).content.decode()
    assert "Download the evidence pack, version 1 (PDF)" in page
    client.post(pack_url(incident))
    assert len(versions(incident)) == 1

    # Each download is a look at the incident, written in its access log.
    response = client.get(download_url(document))
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"
    b"".join(response.streaming_content)
    (entry,) = AccessLogEntry.objects.for_school(chestnuts).filter(action=AccessAction.PACK)
    assert (entry.incident, entry.user) == (incident, dsl)


def test_a_nude_image_incident_says_no_images_were_stored(chestnuts):
    incident = incident_in(chestnuts, kind=IncidentKind.NUDE_IMAGES, imagery_not_viewed=True)

    draft = document_draft(school=chestnuts, source=IncidentPackPdf(), subject=incident)

    printed = html.unescape(draft.html)
    assert UKCIS_STATEMENT in printed
    assert "No evidence files have been uploaded" not in printed


def test_teachers_and_governors_cannot_reach_the_pack(chestnuts, client_for):
    incident = incident_in(chestnuts)
    document = Document.objects.create(
        school=chestnuts,
        subject_type=INCIDENT_PDF,
        subject_id=str(incident.public_id),
        version=1,
        title="Evidence pack",
        reference=incident.reference,
        content_sha256="0" * 64,
    )
    # The teacher logged it and still may not see its pack.
    for role in (Role.TEACHER, Role.GOVERNOR):
        client = client_for(holder(chestnuts, role))
        assert client.get(pack_url(incident)).status_code == 403
        assert client.post(pack_url(incident)).status_code == 403
        assert client.get(download_url(document)).status_code == 403
    assert not AccessLogEntry.objects.for_school(chestnuts).filter(action=AccessAction.PACK)
    assert len(versions(incident)) == 1


def test_another_schools_incident_is_not_found(demo, client_for):
    theirs = incident_in(demo["norris-bank"])
    client = client_for(holder(demo["chestnuts"], Role.HEADTEACHER))

    url = reverse(
        "incidents:pack", kwargs={"school_slug": "chestnuts", "incident_id": theirs.public_id}
    )
    assert client.get(url).status_code == 404


def test_the_timeline_is_in_time_order_at_a_constant_cost(chestnuts):
    incident = worked_incident(chestnuts)
    head = holder(chestnuts, Role.HEADTEACHER)
    report = incident.reports.get()
    incident_report_followed_up(report=report, by=head, note="They removed the account.")

    def timeline_queries() -> int:
        fresh = Incident.objects.for_school(chestnuts).select_related("school", "closed_by")
        loaded = fresh.get(pk=incident.pk)
        with CaptureQueriesContext(connection) as captured:
            incident_timeline(loaded)
        return len(captured)

    few = timeline_queries()
    incident_note_add(incident=incident, by=head, text="Parents met on Monday.")
    incident_decide(incident=incident, by=head, kind="support", summary="Check-ins", reason="Upset")
    for step in IncidentStep.objects.for_school(chestnuts).filter(incident=incident, status="open"):
        step.status, step.done_at, step.done_by = StepStatus.NOT_NEEDED, timezone.now(), head
        save_as(step, head)
    incident_close(incident=incident, by=head, outcome=Outcome.RESOLVED, note="Settled.")
    incident.refresh_from_db()

    assert timeline_queries() == few
    timeline = incident_timeline(incident)
    whens = [entry.when for entry in timeline]
    assert whens == sorted(whens)
    whats = [entry.what for entry in timeline]
    assert whats[0] == "Logged"
    assert whats[-1] == "Closed: Resolved in school"
    order = [
        whats.index("Checklist step done"),
        whats.index("Decision: Decided not to refer"),
        whats.index("Reported to The platform or app (Instagram)"),
        whats.index("Evidence uploaded"),
        whats.index("Followed up the report to The platform or app (Instagram)"),
        whats.index("Note added"),
        whats.index("Decision: Support for those affected"),
    ]
    assert order == sorted(order)
    assert timeline[-1].who == (head.full_name or head.email)
    assert timeline[-1].when == incident.closed_at
