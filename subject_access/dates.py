"""The deadline of a subject access request: one calendar month (UK GDPR Article 12(3)).

The ICO counts a calendar month from the day the request is received to the
corresponding day of the next month; when the next month has no such day
(received on 31 January), the answer is due on that month's last day.
"""

from __future__ import annotations

import calendar
import datetime

# Within this many days of its deadline, an open request is "due soon" in the digest.
DUE_SOON_DAYS = 7


def one_calendar_month(received_on: datetime.date) -> datetime.date:
    """The same day next month, or next month's last day when it has none."""
    year, month = received_on.year, received_on.month + 1
    if month > 12:
        year, month = year + 1, 1
    last_day = calendar.monthrange(year, month)[1]
    return datetime.date(year, month, min(received_on.day, last_day))
