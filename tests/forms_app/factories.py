"""Access requests and content reports for tests, made through the services.

Each helper takes the people who act (a requester, a reviewer, a network
manager); where a test does not care, the school's first holder of the role
is used, so the demo schools' own accounts act in the isolation matrix.
"""

from __future__ import annotations

import datetime
from typing import Any, cast

from accounts.models import User
from forms_app.models import AccessLength, AccessRequest, Audience, ContentReport
from forms_app.services import (
    access_request_decide,
    access_request_record_unblocked,
    access_request_revoke,
    access_request_submit,
    content_report_submit,
)
from schools.calendar import school_today
from schools.models import Membership, School, SchoolClass
from schools.roles import Role
from tests.factories import SchoolClassFactory


def holder(school: School, role: Role) -> User:
    """The first person holding ``role`` in ``school``."""
    membership = (
        Membership.objects.for_school(school)
        .filter(role=role, ended_at__isnull=True)
        .select_related("user")
        .order_by("pk")
        .first()
    )
    assert membership is not None, f"{school.slug} has nobody with the role {role}"
    return membership.user


def a_class(school: School, **fields: Any) -> SchoolClass:
    return cast(SchoolClass, SchoolClassFactory(school=school, **fields))


def request_in(school: School, *, by: User | None = None, **fields: Any) -> AccessRequest:
    """A submitted request in ``school`` (by its first teacher unless ``by`` says)."""
    fields.setdefault("url", "https://www.youtube.com/watch?v=volcano")
    fields.setdefault("site_content", "A video about volcanoes for Year 4 geography.")
    fields.setdefault("reasons", "The class is studying volcanoes this half term.")
    fields.setdefault("risks", "Suggested videos at the end; the teacher will stop before them.")
    fields.setdefault("audience", Audience.STAFF)
    fields.setdefault("access_length", AccessLength.WEEK)
    return access_request_submit(school=school, by=by or holder(school, Role.TEACHER), **fields)


def approved_in(
    school: School,
    *,
    reviewer: User | None = None,
    access_until: datetime.date | None = None,
    **fields: Any,
) -> AccessRequest:
    request = request_in(school, **fields)
    return access_request_decide(
        request=request,
        by=reviewer or holder(school, Role.HEADTEACHER),
        approve=True,
        reason="Useful for the topic; staff will supervise.",
        access_until=access_until,
    )


def unblocked_in(school: School, **fields: Any) -> AccessRequest:
    request = approved_in(school, **fields)
    return access_request_record_unblocked(
        request=request,
        by=holder(school, Role.NETWORK_MANAGER),
        unblocked_on=school_today(school),
    )


def ended_in(school: School, **fields: Any) -> AccessRequest:
    """An approval revoked after the site was unblocked: the network manager must re-block."""
    request = unblocked_in(school, **fields)
    return access_request_revoke(
        request=request, by=holder(school, Role.HEADTEACHER), reason="The topic has finished."
    )


def report_in(school: School, *, by: User | None = None, **fields: Any) -> ContentReport:
    """A reported site in ``school`` (by its first teacher unless ``by`` says)."""
    fields.setdefault("urls", ["https://games.example.com/casino"])
    fields.setdefault("site_content", "An online games site.")
    fields.setdefault("categories", ["gambling"])
    fields.setdefault("nature", "")
    fields.setdefault("safeguarding", False)
    return content_report_submit(school=school, by=by or holder(school, Role.TEACHER), **fields)


# URL kwargs for the isolation matrix: one record of the school, in the state the page needs.
def request_kwargs(school: School) -> dict[str, Any]:
    return {"request_id": request_in(school).public_id}


def own_request_kwargs(school: School, user: User | None) -> dict[str, Any]:
    """A request of ``user``'s own (of the school's teacher when None)."""
    return {"request_id": request_in(school, by=user).public_id}


def approved_kwargs(school: School) -> dict[str, Any]:
    return {"request_id": approved_in(school).public_id}


def ended_kwargs(school: School) -> dict[str, Any]:
    return {"request_id": ended_in(school).public_id}


def report_kwargs(school: School) -> dict[str, Any]:
    """A report the teacher flagged as a safeguarding issue, so the DSL may see it too."""
    return {"report_id": report_in(school, safeguarding=True).public_id}
