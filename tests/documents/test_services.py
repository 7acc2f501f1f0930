"""The school's set-up summary as a PDF: produced, versioned, retried, failed cleanly."""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from django.utils import timezone

from accounts.models import User
from documents.models import Document, DocumentStatus
from documents.pdf_sources import SCHOOL_SUMMARY
from documents.services import FAILED_MESSAGE, RENDER_ATTEMPTS, RENDER_JOB, document_request
from jobs.models import Job, JobStatus
from jobs.runner import run_job_now
from jobs.services import job_enqueue
from schools.models import OverallResponsibility, School, YearGroup
from schools.roles import Module, RecordKind, Role
from schools.services import (
    membership_grant,
    review_routes_set,
    school_class_ensure,
    school_ensure,
)
from tests.documents.conftest import pdf_text, summary_versions
from tests.factories import UserFactory

AskForSummary = Callable[[School, User], Job]


@pytest.fixture
def set_up_school(school: School, head: User) -> School:
    """Oakfield, arranged like Norris Bank: governors responsible, an e-safety team."""
    school_ensure(
        slug=school.slug,
        overall_responsibility=OverallResponsibility.GOVERNING_BODY,
        enabled_modules=[Module.ACCESS_REQUESTS, Module.INCIDENTS],
    )
    school.refresh_from_db()
    school_class_ensure(school=school, name="Oak", year_group=YearGroup.YEAR_3)
    school_class_ensure(school=school, name="Reception", year_group=YearGroup.RECEPTION)
    review_routes_set(school=school, kind=RecordKind.INCIDENT, roles=[Role.HEADTEACHER, Role.DSL])
    ella = UserFactory(full_name="Ella Ellis")
    membership_grant(
        school=school, user=ella, role=Role.ESAFETY, title="Curriculum team – Computing"
    )
    return school


def _file_bytes(document: Document) -> bytes:
    with document.file.open("rb") as file:
        return file.read()


def test_the_summary_pdf_holds_the_schools_arrangements(
    set_up_school: School, head: User, ask_for_summary: AskForSummary
) -> None:
    job = ask_for_summary(set_up_school, head)

    [document] = summary_versions(set_up_school)
    assert job.status == JobStatus.DONE
    assert job.result == {"document_id": str(document.public_id)}
    assert document.status == DocumentStatus.READY
    text = pdf_text(_file_bytes(document))
    for expected in (
        "Oakfield Primary School",
        "How Oakfield Primary School runs its policy",
        "Reference OAKFIELD-SETUP · Version 1",
        "The governing body",
        "Blocked-content access requests",
        "Switched on",
        "Switched off",
        "Headteacher, Designated safeguarding lead",
        "Nobody has been named yet",
        "Oak (Year 3)",
        "Reception",
        "Ella Ellis — Curriculum team – Computing",
        "Page 1 of 1",
    ):
        assert expected in text, f"{expected!r} is not in the PDF"


def test_the_generation_time_is_in_the_schools_time_zone_in_uk_format(
    school: School, head: User, ask_for_summary: AskForSummary
) -> None:
    ask_for_summary(school, head)

    [document] = summary_versions(school)
    assert document.generated_at is not None
    local = timezone.localtime(document.generated_at, school.tz)
    stamp = f"{local.day} {local:%B %Y} at {local:%H:%M} {local.tzname()}"
    assert f"Generated {stamp}" in pdf_text(_file_bytes(document))


def test_the_file_is_private_and_described_exactly(
    school: School, head: User, ask_for_summary: AskForSummary, private_storage: Path
) -> None:
    ask_for_summary(school, head)

    [document] = summary_versions(school)
    content = _file_bytes(document)
    assert (private_storage / document.file.name).is_file()
    assert document.sha256 == hashlib.sha256(content).hexdigest()
    assert document.size == len(content)
    assert document.requested_by == head


def test_asking_again_for_an_unchanged_school_makes_no_new_version(
    school: School, head: User, governor: User, ask_for_summary: AskForSummary
) -> None:
    first = ask_for_summary(school, head)
    again = ask_for_summary(school, governor)

    assert again.pk == first.pk
    assert [d.version for d in summary_versions(school)] == [1]


def test_a_changed_school_gets_version_2(
    school: School, head: User, ask_for_summary: AskForSummary
) -> None:
    ask_for_summary(school, head)
    school_class_ensure(school=school, name="Willow", year_group=YearGroup.YEAR_5, by=head)
    ask_for_summary(school, head)

    versions = summary_versions(school)
    assert [d.version for d in versions] == [1, 2]
    assert "Willow" not in pdf_text(_file_bytes(versions[0]))
    assert "Willow" in pdf_text(_file_bytes(versions[1]))
    assert "Version 2" in pdf_text(_file_bytes(versions[1]))


def test_a_job_run_twice_makes_no_second_version(
    school: School, head: User, ask_for_summary: AskForSummary
) -> None:
    job = ask_for_summary(school, head)
    [document] = summary_versions(school)
    # Delivered again, as when a worker dies after the work but before saying so.
    Job.objects.for_school(school).filter(pk=job.pk).update(status=JobStatus.PENDING)

    run_job_now(school.pk, job.pk)

    job.refresh_from_db()
    assert job.status == JobStatus.DONE
    assert job.result == {"document_id": str(document.public_id)}
    assert summary_versions(school) == [document]
    assert summary_versions(school)[0].sha256 == document.sha256


def _run_until_it_gives_up(job: Job) -> None:
    for _ in range(RENDER_ATTEMPTS):
        # The runner backs off between attempts; make each retry due now.
        Job.objects.for_school(job.school).filter(pk=job.pk).update(
            available_at=timezone.now() - timedelta(seconds=1)
        )
        run_job_now(job.school.pk, job.pk)
    job.refresh_from_db()


def test_a_render_past_its_limit_is_retried_then_shown_as_failed_with_no_file(
    school: School, head: User, settings: Any, private_storage: Path
) -> None:
    settings.PDF_RENDER_TIMEOUT = 0.001
    job = document_request(
        school=school,
        subject_type=SCHOOL_SUMMARY,
        subject_id=str(school.public_id),
        requested_by=head,
    )

    run_job_now(school.pk, job.pk)
    job.refresh_from_db()
    assert (job.status, job.attempts) == (JobStatus.PENDING, 1)  # to be retried
    assert summary_versions(school)[0].status == DocumentStatus.PENDING

    _run_until_it_gives_up(job)

    [document] = summary_versions(school)
    assert (job.status, job.attempts) == (JobStatus.FAILED, RENDER_ATTEMPTS)
    assert job.result == {"message": FAILED_MESSAGE}
    assert document.status == DocumentStatus.FAILED
    assert document.get_status_display() == "PDF could not be produced"
    assert "time limit" in document.error
    assert not document.file
    assert not list(private_storage.rglob("*.pdf"))


def test_after_a_failure_asking_again_produces_the_same_version(
    school: School, head: User, settings: Any, ask_for_summary: AskForSummary
) -> None:
    settings.PDF_RENDER_TIMEOUT = 0.001
    failed = ask_for_summary(school, head)
    _run_until_it_gives_up(failed)
    settings.PDF_RENDER_TIMEOUT = 30

    job = ask_for_summary(school, head)

    [document] = summary_versions(school)
    assert job.pk != failed.pk
    assert job.status == JobStatus.DONE
    assert (document.version, document.status) == (1, DocumentStatus.READY)


def test_a_job_naming_another_schools_record_does_nothing(
    school: School, other_school: School, head: User, caplog: pytest.LogCaptureFixture
) -> None:
    job = job_enqueue(
        school=school,
        kind=RENDER_JOB,
        key="forged",
        payload={"subject_type": SCHOOL_SUMMARY, "subject_id": str(other_school.public_id)},
        requested_by=head,
    )

    with caplog.at_level(logging.WARNING, logger="documents.services"):
        run_job_now(school.pk, job.pk)

    job.refresh_from_db()
    assert job.status == JobStatus.DONE
    assert job.result == {}
    assert summary_versions(school) == []
    assert summary_versions(other_school) == []
    assert "is not a record of school" in caplog.text


def test_a_job_for_a_missing_record_does_nothing(school: School, head: User) -> None:
    job = job_enqueue(
        school=school,
        kind=RENDER_JOB,
        key="missing",
        payload={
            "subject_type": SCHOOL_SUMMARY,
            "subject_id": "00000000-0000-0000-0000-000000000000",
        },
    )

    run_job_now(school.pk, job.pk)

    job.refresh_from_db()
    assert (job.status, job.result) == (JobStatus.DONE, {})
    assert not Document.objects.for_school(school).exists()


def test_asking_for_another_schools_record_is_refused(school: School, other_school: School) -> None:
    from documents.services import SubjectNotFound

    with pytest.raises(SubjectNotFound):
        document_request(
            school=school,
            subject_type=SCHOOL_SUMMARY,
            subject_id=str(other_school.public_id),
            requested_by=None,
        )
    assert not Job.objects.for_school(school).exists()
