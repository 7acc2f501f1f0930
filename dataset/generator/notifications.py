"""Notifications about access requests: half for the reviewer, half for the requester.

Notifications keep no history, so they are written as plain rows.
"""

from __future__ import annotations

from accounts.models import User
from dataset.generator.seeded import NOTIFICATIONS, _School
from dataset.generator.staff import _reviewer
from forms_app.models import AccessRequest
from notifications.models import Notification
from schools.models import School
from schools.roles import Role


def _notifications(
    s: _School, school: School, staff: dict[Role, list[User]], requests: list[AccessRequest]
) -> None:
    reviewer = _reviewer(staff, s)
    for i in range(NOTIFICATIONS):
        req = requests[i % len(requests)]
        at = req.submitted_at
        s.rows.add_plain(
            Notification(
                public_id=s.uid(),
                school=school,
                user=reviewer if i % 2 else req.requested_by,
                kind="forms",
                title=f"Access request {req.number} needs a decision"
                if i % 2
                else f"Your access request {req.number} was decided",
                url=f"/{school.slug}/access-requests/queue/",
                urgent=i % 10 == 0,
                created_by=req.requested_by,
                created_at=at,
                read_at=None if i % 3 == 0 else s.later(at, 2),
            )
        )
