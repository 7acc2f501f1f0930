"""The school's agreement settings: the coverage target."""

from __future__ import annotations

from django.db import transaction

from accounts.models import User
from agreements.models import AgreementSettings
from schools.models import School
from schools.records import save_as


@transaction.atomic
def coverage_target_set(*, school: School, by: User, target: int) -> AgreementSettings:
    """The share of children (per cent, 1–100) whose families should have signed."""
    settings = AgreementSettings.objects.for_school(school).select_for_update().first()
    settings = settings or AgreementSettings(school=school)
    settings.coverage_target = target
    save_as(settings, by)  # full_clean refuses a target outside 1–100
    return settings
