"""Governance records for tests, made through the services so they are as the portal makes them."""

from __future__ import annotations

import datetime
import itertools
from typing import Any

from accounts.models import User
from governance.complaints.services import complaint_record
from governance.models import ComplainantKind, Complaint, ComplaintAbout
from schools.calendar import school_today
from schools.models import School
from schools.roles import Role
from tests.forms_app.factories import holder

_serial = itertools.count(1)


def complaint_in(school: School, *, by: User | None = None, **fields: Any) -> Complaint:
    """An open complaint of ``school`` received a week ago, recorded by its first headteacher."""
    n = next(_serial)
    fields.setdefault("received_on", school_today(school) - datetime.timedelta(days=7))
    fields.setdefault("complainant", f"Complainant {n}")
    fields.setdefault("complainant_kind", ComplainantKind.PARENT)
    fields.setdefault("about", ComplaintAbout.APPLICATION)
    fields.setdefault("subject", f"Photos on the school Facebook page {n}")
    fields.setdefault("details", "A parent says photos of her child were posted without consent.")
    return complaint_record(school=school, by=by or holder(school, Role.HEADTEACHER), **fields)


def complaint_kwargs(school: School) -> dict[str, Any]:
    """URL kwargs of a new open complaint of ``school``: for the isolation matrix."""
    return {"complaint_id": complaint_in(school).public_id}
