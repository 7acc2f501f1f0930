"""The digest line: open complaints past their response date, for the headteacher and the clerk."""

from __future__ import annotations

import datetime

from governance.complaints.digest import complaints_overdue
from governance.complaints.services import complaint_close
from governance.models import ComplaintOutcome
from notifications.digest import digest_providers, digest_recipients
from schools.calendar import school_today
from schools.roles import Role
from tests.factories import member
from tests.governance.factories import complaint_in

DAY = datetime.timedelta(days=1)
HEAD, CLERK = frozenset({Role.HEADTEACHER}), frozenset({Role.CLERK})


def test_is_registered():
    assert complaints_overdue in digest_providers()


def test_counts_open_complaints_past_their_date_never_naming_anyone(school, head):
    today = school_today(school)
    for days in (3, 1):
        complaint_in(school, complainant="Daniel Okonjo", respond_by=today - days * DAY)
    complaint_in(school, respond_by=today)  # due today: not yet late
    complaint_in(school)  # no date set
    closed = complaint_in(school, respond_by=today - DAY)
    complaint_close(
        complaint=closed, by=head, outcome=ComplaintOutcome.RESOLVED, outcome_note="Resolved.",
        closed_on=today,
    )  # fmt: skip

    (item,) = complaints_overdue(school, HEAD)

    assert item.label == "2 complaints are past their response date"
    assert item.count == 2
    assert item.url == "/oakfield/governance/complaints/?status=overdue"
    assert item.waiting_since is not None
    assert item.waiting_since.date() == today - 3 * DAY  # the oldest date missed
    assert "Okonjo" not in item.label


def test_one_is_singular(school, head):
    complaint_in(school, respond_by=school_today(school) - DAY)

    (item,) = complaints_overdue(school, CLERK)

    assert item.label == "1 complaint is past its response date"


def test_only_the_headteacher_and_the_clerk_hear_of_it(school, head, governor, dsl):
    complaint_in(school, respond_by=school_today(school) - DAY)

    assert complaints_overdue(school, frozenset({Role.GOVERNOR})) == []
    assert complaints_overdue(school, frozenset({Role.DSL})) == []


def test_not_where_complaints_are_off(school, head):
    complaint_in(school, respond_by=school_today(school) - DAY)
    school.enabled_modules = [m for m in school.enabled_modules if m != "complaints"]

    assert complaints_overdue(school, HEAD) == []


def test_the_clerk_gets_a_digest(school, head):
    clerk = member(school, Role.CLERK)

    assert digest_recipients(school)[clerk] == CLERK
