"""People rows for tests outside tests/people (the isolation matrix)."""

from __future__ import annotations

import uuid
from typing import Any

from people.models import Invitation
from people.services import invitation_create, pending_invitations
from schools.models import Membership, School
from schools.roles import Role


def invitation_in(school: School, email: str = "") -> Invitation:
    """A pending invitation of ``school`` (the same one when asked again)."""
    email = email or f"invited@{school.slug}.test"
    waiting = pending_invitations(school).filter(email=email).first()
    if waiting is not None:
        return waiting
    invitation, _ = invitation_create(
        school=school, email=email, full_name="Ivy Invited", roles=[Role.TEACHER], by=None
    )
    return invitation


def invitation_kwargs(school: School) -> dict[str, Any]:
    return {"invitation_id": invitation_in(school).public_id}


def person_kwargs(school: School) -> dict[str, Any]:
    """A teacher of the school (the demo's teacher in the matrix)."""
    membership = (
        Membership.objects.for_school(school)
        .filter(role=Role.TEACHER, ended_at__isnull=True)
        .select_related("user")
        .order_by("pk")
        .first()
    )
    assert membership is not None, f"{school} has no teacher"
    return {"person_id": membership.user.public_id}


def unknown_token() -> dict[str, Any]:
    return {"token": uuid.uuid4().hex}
