"""The digest's lines for the headteacher: requests overdue, and due within 7 days."""

from __future__ import annotations

import datetime

from schools.calendar import school_today
from schools.roles import Role
from subject_access.digest import subject_access_due
from subject_access.services import sar_withdraw
from tests.subject_access.factories import sar_in

DAY = datetime.timedelta(days=1)


def _received(school, days_ago):
    return sar_in(school, received_on=school_today(school) - days_ago * DAY)


def test_the_head_hears_how_many_are_overdue_and_due_soon(school, head, teacher):
    today = school_today(school)
    for days_ago in (40, 35):  # due about a week ago: overdue
        _received(school, days_ago)
    _received(school, 27)  # due within the week
    _received(school, 2)  # due in a month: not yet mentioned
    withdrawn = _received(school, 50)
    sar_withdraw(request=withdrawn, by=head, note="Withdrawn.", closed_on=today)

    items = subject_access_due(school, frozenset({Role.HEADTEACHER}))

    assert [(item.label, item.count) for item in items] == [
        ("2 subject access requests are past their one-month deadline", 2),
        ("1 subject access request is due within 7 days", 1),
    ]
    assert all(item.url == f"/{school.slug}/subject-access/" for item in items)
    assert items[0].waiting_since is not None


def test_others_hear_nothing_and_nothing_owed_says_nothing(school, head, teacher):
    _received(school, 40)
    assert subject_access_due(school, frozenset({Role.TEACHER, Role.DSL})) == []
    assert subject_access_due(school, frozenset({Role.HEADTEACHER})) != []
    sar_in(school)  # received a week ago: due in three weeks
    later = subject_access_due(school, frozenset({Role.HEADTEACHER}))
    assert sum(item.count for item in later) == 1
