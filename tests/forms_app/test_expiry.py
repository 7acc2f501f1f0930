"""Approvals end after their last day, in the school's own time zone."""

from __future__ import annotations

import datetime

import pytest

from forms_app.models import FilterDecision, RequestStatus, Verdict
from forms_app.services import access_requests_expire
from forms_app.tasks import expire_access
from notifications.models import Notification
from schools.calendar import school_today
from tests.forms_app.factories import approved_in, unblocked_in

pytestmark = pytest.mark.usefixtures("head", "teacher", "network")


def local(school, day: datetime.date, hour: int, minute: int) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(hour, minute), tzinfo=school.tz)


def ended_lines(school):
    return FilterDecision.objects.for_school(school).filter(verdict=Verdict.ALLOWANCE_ENDED)


def told_to_reblock(school, network):
    return Notification.objects.for_school(school).filter(
        user=network, title__contains="block the site again"
    )


def test_not_before_the_last_day_is_over(school):
    last_day = school_today(school)
    request = approved_in(school, access_until=last_day)

    assert access_requests_expire(now=local(school, last_day, 23, 59)) == 0

    request.refresh_from_db()
    assert request.status == RequestStatus.APPROVED


def test_ends_just_after_midnight_in_the_schools_time_zone(school):
    last_day = school_today(school)
    request = approved_in(school, access_until=last_day)

    assert (
        access_requests_expire(now=local(school, last_day + datetime.timedelta(days=1), 0, 1)) == 1
    )

    request.refresh_from_db()
    assert request.status == RequestStatus.EXPIRED
    assert request.ended_at is not None


def test_writes_an_allowance_ended_line(school):
    last_day = school_today(school)
    request = approved_in(school, access_until=last_day)

    access_requests_expire(now=local(school, last_day + datetime.timedelta(days=1), 9, 0))

    (line,) = ended_lines(school)
    assert line.access_request == request
    assert line.site == request.domain
    assert line.decided_by_name == "The portal"
    assert f"ended after {last_day:%d/%m/%Y}" in line.reason


def test_an_approval_with_no_end_never_expires(school):
    approved_in(school, access_until=None)

    assert (
        access_requests_expire(
            now=local(school, school_today(school), 9, 0) + datetime.timedelta(days=400)
        )
        == 0
    )


def test_the_network_manager_is_told_only_if_the_site_was_opened(school, network):
    last_day = school_today(school)
    approved_in(school, url="https://never-opened.example.com/", access_until=last_day)
    assert (
        access_requests_expire(now=local(school, last_day + datetime.timedelta(days=1), 9, 0)) == 1
    )
    assert not told_to_reblock(school, network).exists()

    unblocked_in(school, url="https://opened.example.com/", access_until=last_day)
    assert (
        access_requests_expire(now=local(school, last_day + datetime.timedelta(days=1), 9, 0)) == 1
    )
    assert told_to_reblock(school, network).count() == 1


def test_running_it_twice_changes_nothing_more(school, network):
    last_day = school_today(school)
    unblocked_in(school, access_until=last_day)
    later = local(school, last_day + datetime.timedelta(days=1), 9, 0)

    assert access_requests_expire(now=later) == 1
    assert access_requests_expire(now=later) == 0

    assert ended_lines(school).count() == 1
    assert told_to_reblock(school, network).count() == 1


def test_the_periodic_task_uses_the_current_time(school):
    approved_in(school, access_until=school_today(school))

    assert expire_access() == 0
