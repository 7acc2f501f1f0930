"""Each demo school's subject access request: a member of staff asked for their records.

Received 25 days before the school's today, so it is due within the week: the
headteacher's digest counts it and the list shows it first. The request is
logged and not yet exported (the export is the headteacher's to try). A
school that has any request already is left as it is, so loading again
changes nothing.
"""

from __future__ import annotations

import datetime

from accounts.models import User
from schools.calendar import school_today
from schools.models import School
from subject_access.models import Relationship, SubjectAccessRequest, SubjectKind
from subject_access.services import sar_record

RECEIVED_DAYS_AGO = 25


def load_requests(school: School, people: dict[str, User]) -> None:
    head, teacher = people.get("head"), people.get("teacher")
    if head is None or teacher is None:
        return
    if SubjectAccessRequest.objects.for_school(school).exists():
        return
    sar_record(
        school=school,
        by=head,
        subject_kind=SubjectKind.STAFF,
        staff=teacher,
        received_on=school_today(school) - datetime.timedelta(days=RECEIVED_DAYS_AGO),
        requester_name=teacher.full_name,
        requester_relationship=Relationship.SELF,
        notes="Asked by email for a copy of everything the portal records about them.",
    )
