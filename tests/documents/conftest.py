"""Documents tests: files go to a temporary private folder; PDFs are read back as text."""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from accounts.models import User
from documents.models import Document
from documents.pdf_sources import SCHOOL_SUMMARY
from documents.services import document_request
from jobs.models import Job
from jobs.runner import run_job_now
from schools.models import School


@pytest.fixture(autouse=True)
def private_storage(private_storage: Path) -> Path:
    """Every test here (and in a module importing this) keeps its files in a temporary
    directory: tests/conftest.py's fixture, made automatic."""
    return private_storage


def _poppler(tool: str, *args: str, pdf: bytes) -> str:
    """Run a poppler-utils tool on ``pdf`` (fixed arguments, the PDF on stdin)."""
    path = shutil.which(tool)
    assert path, f"{tool} is missing: install poppler-utils"
    result = subprocess.run([path, *args], input=pdf, capture_output=True, check=True)  # noqa: S603
    return result.stdout.decode()


def pdf_text(pdf: bytes) -> str:
    """The PDF's text as ``pdftotext`` reads it."""
    return _poppler("pdftotext", "-layout", "-", "-", pdf=pdf)


def pdf_pages(pdf: bytes) -> int:
    info = _poppler("pdfinfo", "-", pdf=pdf)
    line = next(row for row in info.splitlines() if row.startswith("Pages:"))
    return int(line.split()[1])


def summary_versions(school: School) -> list[Document]:
    return list(
        Document.objects.for_school(school)
        .filter(subject_type=SCHOOL_SUMMARY, subject_id=str(school.public_id))
        .order_by("version")
    )


@pytest.fixture
def ask_for_summary() -> Callable[[School, User], Job]:
    """Ask for the school's summary PDF and run its job at once, as a worker would."""

    def ask(school: School, user: User) -> Job:
        job = document_request(
            school=school,
            subject_type=SCHOOL_SUMMARY,
            subject_id=str(school.public_id),
            requested_by=user,
        )
        run_job_now(school.pk, job.pk)
        job.refresh_from_db()
        return job

    return ask
