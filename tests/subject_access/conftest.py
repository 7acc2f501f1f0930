"""Subject access tests: files go to a temporary private folder; ZIPs and PDFs are read back."""

from __future__ import annotations

import io
import shutil
import subprocess
import zipfile
from pathlib import Path
from typing import Any

import pytest

from jobs.runner import run_job_now
from subject_access.models import SubjectAccessRequest
from subject_access.services import sar_export_start


@pytest.fixture(autouse=True)
def private_storage(private_storage: Path) -> Path:
    """Every test here (and in a module importing this) keeps its files in a temporary
    directory: tests/conftest.py's fixture, made automatic."""
    return private_storage


def pdf_text(pdf: bytes) -> str:
    """The PDF's text as ``pdftotext`` reads it, spaces collapsed."""
    tool = shutil.which("pdftotext")
    assert tool, "pdftotext is missing: install poppler-utils"
    result = subprocess.run([tool, "-", "-"], input=pdf, capture_output=True, check=True)  # noqa: S603
    return " ".join(result.stdout.decode().split())


def exported(request: SubjectAccessRequest, by: Any) -> SubjectAccessRequest:
    """Ask for the export as ``by`` and run its job here; the request as it is afterwards."""
    job = sar_export_start(request=request, by=by)
    run_job_now(request.school_id, job.pk)
    return SubjectAccessRequest.objects.for_school(request.school).get(pk=request.pk)


def zip_files(request: SubjectAccessRequest) -> dict[str, str]:
    """Every file of the request's ZIP by name, as text (a PDF's as pdftotext reads it)."""
    with request.export_file.open("rb") as handle:
        archive = zipfile.ZipFile(io.BytesIO(handle.read()))
    files = {}
    for name in archive.namelist():
        data = archive.read(name)
        files[name] = pdf_text(data) if name.endswith(".pdf") else data.decode("utf-8-sig")
    return files
