"""Subject access requests for tests, made through the services."""

from __future__ import annotations

import datetime
from typing import Any

from accounts.models import User
from agreements.models import Child
from schools.calendar import school_today
from schools.models import School
from schools.roles import Role
from subject_access.models import Relationship, SubjectAccessRequest, SubjectKind
from subject_access.services import sar_record
from tests.agreements.factories import child_in
from tests.forms_app.factories import holder


def sar_in(
    school: School,
    *,
    by: User | None = None,
    child: Child | None = None,
    staff: User | None = None,
    parent: tuple[str, str] | None = None,
    **fields: Any,
) -> SubjectAccessRequest:
    """A request received a week ago: about ``child`` (a new pupil unless ``staff`` or
    ``parent`` (name, email) says otherwise), recorded by the school's first headteacher."""
    fields.setdefault("received_on", school_today(school) - datetime.timedelta(days=7))
    fields.setdefault("requester_name", "Farah Khan")
    fields.setdefault("requester_relationship", Relationship.PARENT)
    if staff is not None:
        subject: dict[str, Any] = {"subject_kind": SubjectKind.STAFF, "staff": staff}
    elif parent is not None:
        subject = {
            "subject_kind": SubjectKind.PARENT,
            "parent_name": parent[0],
            "parent_email": parent[1],
        }
    else:
        subject = {"subject_kind": SubjectKind.PUPIL, "child": child or child_in(school)}
    return sar_record(school=school, by=by or holder(school, Role.HEADTEACHER), **subject, **fields)


def sar_kwargs(school: School) -> dict[str, Any]:
    """URL kwargs of a new open request of ``school``: for the isolation matrix."""
    return {"request_id": sar_in(school).public_id}
