"""Drafts for tests that need one, and the isolation matrix's policy object pages.

``open_draft(school)`` is the school's open draft, started from the version in
force by its headteacher if there is none: the matrix asks for it several
times in one test, and a page it visits may discard the draft or remove a clause.
"""

from __future__ import annotations

from typing import Any

from policies.models import PolicyVersion, VersionStatus
from policies.services import policy_draft, policy_draft_start
from schools.models import Membership, School
from schools.roles import Role


def headteacher_of(school: School) -> Any:
    membership = (
        Membership.objects.for_school(school)
        .filter(role=Role.HEADTEACHER, ended_at__isnull=True)
        .select_related("user")
        .order_by("pk")
        .first()
    )
    assert membership is not None, f"{school.slug} has no headteacher"
    return membership.user


def open_draft(school: School) -> PolicyVersion:
    return policy_draft(school) or policy_draft_start(school=school, by=headteacher_of(school))


def draft_kwargs(school: School) -> dict[str, Any]:
    return {"version_id": open_draft(school).public_id}


def draft_section_kwargs(school: School) -> dict[str, Any]:
    """A numbered section of the draft."""
    section = open_draft(school).sections.filter(kind="section").order_by("order").first()
    assert section is not None
    return {"section_id": section.public_id}


def draft_clause_kwargs(school: School) -> dict[str, Any]:
    """A numbered clause of the draft."""
    clause = open_draft(school).clauses.exclude(number="").order_by("order").first()
    assert clause is not None
    return {"clause_id": clause.public_id}


def published(school: School, number: int) -> PolicyVersion:
    return PolicyVersion.objects.for_school(school).get(
        status=VersionStatus.PUBLISHED, number=number
    )
