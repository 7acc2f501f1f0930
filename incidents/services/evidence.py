"""Adding a file to an incident's evidence vault (Chestnuts 8.4).

The file arrives already checked (``incidents.evidence.clean_evidence``). The
server names it, records its SHA-256 (what the evidence pack quotes to the
police), size, type, picture size and uploader, and keeps it in private
storage. A nude or semi-nude image incident stores no file at all (UKCIS).

A file is written before its row; if the row is not saved, the file is
deleted. Called inside a caller's transaction (logging an incident with the
screen print attached), a failure *after* this returns would leave the file:
wrap that transaction in ``evidence_files_guard()``, which deletes the files
stored within it when it fails.
"""

from __future__ import annotations

import datetime
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from accounts.models import User
from documents.uploads import CheckedFile
from incidents.evidence import EXTENSIONS
from incidents.models import EvidenceFile, Incident
from incidents.services.common import IncidentError, require_open
from schools.records import save_as

# A clock a few minutes fast on the device that took it is not "the future".
CLOCK_SLACK = datetime.timedelta(minutes=10)
EARLIEST = datetime.datetime(2000, 1, 1, tzinfo=datetime.UTC)

# The names stored inside the innermost ``evidence_files_guard()``, if any.
_guarded: ContextVar[list[str] | None] = ContextVar("incidents_evidence_guarded", default=None)


@contextmanager
def evidence_files_guard() -> Iterator[None]:
    """Delete the evidence files stored inside this block if the block fails."""
    token = _guarded.set([])
    try:
        yield
    except BaseException:
        _delete(_guarded.get() or [])
        raise
    finally:
        _guarded.reset(token)


def _storage_delete(name: str) -> None:
    EvidenceFile._meta.get_field("file").storage.delete(name)


def _delete(names: list[str]) -> None:
    for name in names:
        _storage_delete(name)


def _check(incident: Incident, scan: CheckedFile, captured_at: datetime.datetime | None) -> None:
    if not incident.takes_images:
        raise IncidentError(
            {
                "file": f"{incident.reference} is about nude or semi-nude images: following "
                "UKCIS guidance, no files are stored for it, not even a screen print. "
                "Nothing was saved."
            }
        )
    if scan.content_type not in EXTENSIONS:
        raise ValidationError({"file": "Upload a JPEG or PNG image, or a PDF."})
    if captured_at is not None and captured_at > timezone.now() + CLOCK_SLACK:
        raise ValidationError({"captured_at": "When it was taken cannot be in the future."})
    if captured_at is not None and captured_at < EARLIEST:
        raise ValidationError({"captured_at": "Give a date from the year 2000 onwards."})


def evidence_add(
    *,
    incident: Incident,
    by: User,
    scan: CheckedFile,
    description: str = "",
    captured_at: datetime.datetime | None = None,
) -> EvidenceFile:
    """Keep a checked file as evidence of an open incident (not a nude-image one)."""
    stored: list[str] = []
    try:
        with transaction.atomic():
            incident = require_open(incident)
            _check(incident, scan, captured_at)
            evidence = EvidenceFile(
                school=incident.school,
                incident=incident,
                content_type=scan.content_type,
                size=scan.size,
                sha256=scan.sha256,
                width=scan.width,
                height=scan.height,
                description=description.strip(),
                captured_at=captured_at,
                uploaded_by=by,
            )
            # The server names the file: nothing of the uploaded name is kept.
            evidence.file.save(
                f"{uuid.uuid4()}.{scan.extension}", ContentFile(scan.content), save=False
            )
            stored.append(evidence.file.name)
            save_as(evidence, by)
            if (guarded := _guarded.get()) is not None:
                guarded.append(evidence.file.name)
    except BaseException:
        _delete(stored)  # the row was not saved: neither is its file
        raise
    return evidence
