"""Training sessions for tests, made through the service so they are as the portal makes them."""

from __future__ import annotations

import itertools
from typing import Any

from accounts.models import User
from schools.calendar import school_today
from schools.models import School
from schools.roles import Role, TrainingKind
from schools.services import membership_grant
from training.models import TrainingSession
from training.services import training_session_record

_serial = itertools.count()


def staff_member(school: School, role: Role = Role.TEACHER, **fields: Any) -> User:
    n = next(_serial)
    fields.setdefault("full_name", f"Staff Member {n}")
    user = User.objects.create_user(email=f"staff{n}@training.test", **fields)
    membership_grant(school=school, user=user, role=role)
    return user


def session_in(
    school: School,
    *,
    attendees: list[User] | None = None,
    kind: TrainingKind = TrainingKind.ESAFETY_BRIEFING,
    by: User | None = None,
    **fields: Any,
) -> TrainingSession:
    """A session in ``school`` (today, unless ``held_on`` says), attended by ``attendees``."""
    people = attendees if attendees is not None else [staff_member(school)]
    fields.setdefault("held_on", school_today(school))
    fields.setdefault("title", f"Briefing {next(_serial)}")
    fields.setdefault("led_by", "The e-safety team")
    return training_session_record(
        school=school, kind=kind, attendees=people, by=by or people[0], **fields
    )


def session_kwargs(school: School) -> dict[str, Any]:
    """URL kwargs of a new session of ``school``: for the isolation matrix."""
    return {"session_id": session_in(school).public_id}
