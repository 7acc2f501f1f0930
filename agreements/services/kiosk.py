"""Kiosks: a tablet at a parents' evening, started and ended by a member of staff."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from accounts.models import User
from agreements.models import KioskSession
from agreements.services.texts import agreement_round_start
from schools.calendar import current_academic_year
from schools.models import School
from schools.records import save_as

MAX_HOURS = 12


@transaction.atomic
def kiosk_start(*, school: School, by: User, event: str, hours: int) -> KioskSession:
    """A kiosk running for ``hours``; the year's agreement round starts if it has not yet."""
    if not 1 <= hours <= MAX_HOURS:
        raise ValidationError({"hours": f"A kiosk runs for 1 to {MAX_HOURS} hours."})
    agreement_round_start(school=school, by=by, academic_year=current_academic_year(school).year)
    kiosk = KioskSession(
        school=school,
        event=event.strip(),
        started_by=by,
        expires_at=timezone.now() + datetime.timedelta(hours=hours),
    )
    save_as(kiosk, by)
    return kiosk


def kiosk_end(*, kiosk: KioskSession, by: User) -> KioskSession:
    """End ``kiosk`` now (an ended kiosk stays as it was)."""
    if kiosk.ended_at is None:
        kiosk.ended_at = timezone.now()
        kiosk.ended_by = by
        save_as(kiosk, by, fields=["ended_at", "ended_by"])
    return kiosk
