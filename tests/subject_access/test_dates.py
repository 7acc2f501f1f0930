"""The one-month deadline: the same day next month, or that month's last day."""

from __future__ import annotations

import datetime

import pytest

from subject_access.dates import one_calendar_month

D = datetime.date


@pytest.mark.parametrize(
    ("received", "due"),
    [
        (D(2026, 3, 3), D(2026, 4, 3)),
        (D(2026, 1, 31), D(2026, 2, 28)),  # February has no 31st: its last day
        (D(2028, 1, 31), D(2028, 2, 29)),  # a leap year
        (D(2028, 1, 29), D(2028, 2, 29)),
        (D(2026, 1, 29), D(2026, 2, 28)),
        (D(2026, 3, 31), D(2026, 4, 30)),
        (D(2026, 12, 15), D(2027, 1, 15)),  # over the year's end
        (D(2026, 12, 31), D(2027, 1, 31)),
        (D(2026, 2, 28), D(2026, 3, 28)),
    ],
)
def test_the_answer_is_due_one_calendar_month_after_receipt(received, due):
    assert one_calendar_month(received) == due


def test_a_logged_request_carries_its_deadline(school, head):
    from tests.subject_access.factories import sar_in

    sar = sar_in(school, received_on=D(2024, 1, 31))
    assert sar.due_on == D(2024, 2, 29)
