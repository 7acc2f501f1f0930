"""Writes and reads of access requests, content reports and the register.

Each write is atomic, checks the record's state under a row lock (so two
reviewers deciding at once get one decision and one clear refusal), records
who acted in the record's history, and in the same transaction queues what
follows: notifications and emails, the record's PDF, register lines.

- ``requests``: an access request from submission to blocked again
- ``reports``: a content report from reported to blocked or closed
- ``register``: the lines of the register of what is allowed and blocked
- ``precedent``: earlier requests and reports for the same site

Import from ``forms_app.services``; the modules are how the code is arranged.
"""

from __future__ import annotations

from forms_app.services.common import RecordError
from forms_app.services.precedent import Precedent, precedent_for, precedents_for
from forms_app.services.register import register_policy_block
from forms_app.services.reports import (
    content_report_close,
    content_report_record_blocked,
    content_report_submit,
)
from forms_app.services.requests import (
    access_request_decide,
    access_request_record_reblocked,
    access_request_record_unblocked,
    access_request_revoke,
    access_request_submit,
    access_request_withdraw,
    access_requests_expire,
    suggested_access_until,
)

__all__ = [
    "Precedent",
    "RecordError",
    "access_request_decide",
    "access_request_record_reblocked",
    "access_request_record_unblocked",
    "access_request_revoke",
    "access_request_submit",
    "access_request_withdraw",
    "access_requests_expire",
    "content_report_close",
    "content_report_record_blocked",
    "content_report_submit",
    "precedent_for",
    "precedents_for",
    "register_policy_block",
    "suggested_access_until",
]
