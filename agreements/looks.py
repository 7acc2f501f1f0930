"""A signed agreement names a child and its family: every look at one (its page,
its scan, its PDF) goes into the headteacher's access log."""

from __future__ import annotations

from accounts.models import User
from agreements.models import Agreement
from incidents.models import AccessAction, AccessRecordType
from incidents.services.common import record_access_log


def agreement_looked_at(*, agreement: Agreement, user: User, action: AccessAction) -> None:
    record_access_log(
        school=agreement.school,
        user=user,
        record_type=AccessRecordType.AGREEMENT,
        record_id=str(agreement.public_id),
        reference=agreement.reference,
        action=action,
    )
