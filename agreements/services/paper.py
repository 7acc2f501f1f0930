"""A signed paper copy, recorded by staff with its scan (issue 5).

The agreement is made by ``agreement_sign`` like any other, so the exact text,
the roster match and the numbering are the same; this service then adds what
only paper has: the day it was signed and the scan, in the same transaction.
"""

from __future__ import annotations

import datetime
import uuid

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction

from accounts.models import User
from agreements.models import Agreement, AgreementVersion, Method
from agreements.services.signing import Signer, agreement_sign
from agreements.uploads import Scan
from schools.calendar import AcademicYear, school_today
from schools.models import School
from schools.records import save_as

# Midday, so the day stays the same in any time zone the school might use.
_NOON = datetime.time(12, 0)


def check_signed_on(school: School, year: int, day: datetime.date) -> None:
    academic = AcademicYear(school, year)
    if day > school_today(school):
        raise ValidationError({"signed_on": "The date cannot be in the future."})
    if not academic.start <= day <= academic.end:
        raise ValidationError(
            {
                "signed_on": f"Give a date in the academic year {academic.label} "
                f"({academic.start.day} {academic.start:%B %Y} or later)."
            }
        )


def agreement_record_paper(
    *,
    school: School,
    by: User,
    key: uuid.UUID,
    version: AgreementVersion,
    signer: Signer,
    signed_on: datetime.date,
    scan: Scan,
) -> tuple[Agreement, bool]:
    """The paper copy as an agreement with its scan: made now (True), or already (False)."""
    check_signed_on(school, version.academic_year, signed_on)
    storage = Agreement._meta.get_field("scan").storage
    stored: list[str] = []
    try:
        with transaction.atomic():
            agreement, created = agreement_sign(
                school=school,
                key=key,
                version=version,
                signer=signer,
                method=Method.PAPER,
                recorded_by=by,
            )
            if not created:
                return agreement, False  # the same form sent twice: one record, one scan
            agreement.signed_at = datetime.datetime.combine(signed_on, _NOON, tzinfo=school.tz)
            # The server names the file: nothing of the uploaded name is kept.
            agreement.scan.save(
                f"{uuid.uuid4()}.{scan.extension}", ContentFile(scan.content), save=False
            )
            stored.append(agreement.scan.name)
            agreement.scan_sha256 = scan.sha256
            agreement.scan_content_type = scan.content_type
            save_as(agreement, by)
    except BaseException:
        for name in stored:  # the record was not saved: neither is its file
            storage.delete(name)
        raise
    return agreement, True
