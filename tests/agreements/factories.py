"""Agreement texts, roster children, kiosks and signed agreements for tests, made
through the services. Each helper uses the school's first headteacher or teacher
where a test does not care who acts, so the demo schools' accounts act in the
isolation matrix."""

from __future__ import annotations

import datetime
import uuid
from typing import Any

from django.utils import timezone

from accounts.models import User
from agreements.models import Agreement, AgreementVersion, Child, KioskSession, Method
from agreements.services.signing import Signer, agreement_sign
from agreements.services.texts import agreement_round_start
from schools.calendar import current_academic_year
from schools.models import School, SchoolClass
from schools.roles import Role
from tests.forms_app.factories import a_class, holder

# A short signature as the pad draws it: two strokes in the 600 × 200 box.
DRAWN = "M 40 150 L 80 60 L 120 150 L 160 60 M 200 120 L 260 118 L 320 121"


def version_in(school: School, year: int | None = None) -> AgreementVersion:
    """The year's current text (the current academic year unless ``year`` says)."""
    year = current_academic_year(school).year if year is None else year
    return agreement_round_start(
        school=school, by=holder(school, Role.HEADTEACHER), academic_year=year
    )


def class_in(school: School, name: str = "Oak (Year 3)", year_group: int = 3) -> SchoolClass:
    existing = SchoolClass.objects.for_school(school).filter(name=name).first()
    return existing or a_class(school, name=name, year_group=year_group)


def child_in(
    school: School,
    first_name: str = "Amira",
    last_name: str = "Khan",
    school_class: SchoolClass | None = None,
    **fields: Any,
) -> Child:
    child = Child(
        school=school,
        first_name=first_name,
        last_name=last_name,
        school_class=school_class or class_in(school),
        **fields,
    )
    child._history_user = holder(school, Role.HEADTEACHER)  # type: ignore[attr-defined]
    child.save()
    return child


def kiosk_in(school: School, by: User | None = None, hours: int = 4) -> KioskSession:
    kiosk = KioskSession(
        school=school,
        event="Parents' evening, autumn term",
        started_by=by or holder(school, Role.TEACHER),
        expires_at=timezone.now() + datetime.timedelta(hours=hours),
    )
    kiosk._history_user = kiosk.started_by  # type: ignore[attr-defined]
    kiosk.save()
    return kiosk


def signed_in(
    school: School,
    *,
    child_name: str = "Amira Khan",
    school_class: SchoolClass | None = None,
    parent_name: str = "Farah Khan",
    method: Method = Method.KIOSK,
    version: AgreementVersion | None = None,
    **signer: Any,
) -> Agreement:
    """A signed agreement (drawn at a kiosk unless told otherwise)."""
    signer.setdefault("signature_kind", "drawn")
    signer.setdefault("signature", DRAWN)
    agreement, _ = agreement_sign(
        school=school,
        key=uuid.uuid4(),
        version=version or version_in(school),
        signer=Signer(
            parent_name=parent_name,
            child_name=child_name,
            school_class=school_class or class_in(school),
            **signer,
        ),
        method=method,
        recorded_by=holder(school, Role.TEACHER),
    )
    return agreement


def agreement_kwargs(school: School) -> dict[str, Any]:
    return {"agreement_id": signed_in(school).public_id}
