"""A content report marked as a safeguarding issue may name or describe a child:
every look at one (its page, its PDF) goes into the headteacher's access log.
A report without that mark is about a website, and is not logged."""

from __future__ import annotations

from accounts.models import User
from forms_app.models import ContentReport
from incidents.models import AccessAction, AccessRecordType
from incidents.services.common import record_access_log


def report_looked_at(*, report: ContentReport, user: User, action: AccessAction) -> None:
    if not report.safeguarding:
        return
    record_access_log(
        school=report.school,
        user=user,
        record_type=AccessRecordType.CONTENT_REPORT,
        record_id=str(report.public_id),
        reference=report.reference,
        action=action,
    )
