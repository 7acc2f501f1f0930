"""What requests and reports put in the morning digest."""

from __future__ import annotations

import datetime

import pytest

from forms_app.digest import network_to_do, reports_awaiting_action, requests_awaiting_decision
from notifications.digest import digest_providers
from schools.calendar import school_today
from schools.roles import Module, Role
from tests.forms_app.factories import approved_in, ended_in, report_in, request_in

HEAD = frozenset({Role.HEADTEACHER})
NETWORK = frozenset({Role.NETWORK_MANAGER})
TEACHER = frozenset({Role.TEACHER})
PROVIDERS = (requests_awaiting_decision, reports_awaiting_action, network_to_do)

pytestmark = pytest.mark.usefixtures("head", "teacher", "network")


def labels(provider, school, roles) -> list[str]:
    return [item.label for item in provider(school, roles)]


def test_all_three_are_registered():
    assert set(PROVIDERS) <= set(digest_providers())


def test_the_reviewer_hears_of_requests_awaiting_a_decision(school, head):
    request_in(school)
    request_in(school)

    (item,) = requests_awaiting_decision(school, HEAD)

    assert item.label == "2 access requests await your decision"
    assert item.count == 2
    assert item.url == "/oakfield/access-requests/queue/"
    assert item.waiting_since is not None


def test_one_request_is_singular(school, head):
    request_in(school)

    assert labels(requests_awaiting_decision, school, HEAD) == [
        "1 access request awaits your decision"
    ]


def test_the_reviewer_hears_of_approvals_ending_within_a_week(school, head):
    today = school_today(school)
    approved_in(school, access_until=today + datetime.timedelta(days=3))
    approved_in(school, access_until=today + datetime.timedelta(days=30))
    approved_in(school)  # no end date

    (item,) = requests_awaiting_decision(school, HEAD)

    assert item.label == "1 approved access ends within a week"
    assert item.url == "/oakfield/access-requests/queue/?status=ending"
    assert item.waiting_since is None  # nobody is waiting on it: never "overdue"


def test_the_reviewer_hears_of_reports_awaiting_action(school, head):
    report_in(school)

    assert labels(reports_awaiting_action, school, HEAD) == ["1 content report awaits action"]


def test_the_network_manager_hears_of_the_to_do(school, network):
    approved_in(school)
    approved_in(school)
    report_in(school)
    ended_in(school)

    items = network_to_do(school, NETWORK)

    assert [item.label for item in items] == [
        "2 approved sites to unblock",
        "1 site to block again: the approved access ended",
        "1 reported site to consider blocking",
    ]
    assert {item.url for item in items} == {"/oakfield/filtering/to-do/"}


def test_a_teacher_hears_nothing(school, teacher):
    request_in(school)
    approved_in(school)
    report_in(school)
    ended_in(school)

    for provider in PROVIDERS:
        assert provider(school, TEACHER) == []


def test_the_network_manager_is_not_asked_to_decide(school, network):
    request_in(school)
    report_in(school)

    assert requests_awaiting_decision(school, NETWORK) == []
    assert reports_awaiting_action(school, NETWORK) == []


def test_nothing_when_nothing_waits(school, head, network):
    for provider in PROVIDERS:
        assert provider(school, HEAD) == []
        assert provider(school, NETWORK) == []


def test_nothing_when_the_modules_are_off(school, head, network):
    request_in(school)
    approved_in(school)
    report_in(school)
    school.enabled_modules = [
        m
        for m in school.enabled_modules
        if m not in (Module.ACCESS_REQUESTS, Module.CONTENT_REPORTS)
    ]

    for provider in PROVIDERS:
        assert provider(school, HEAD) == []
        assert provider(school, NETWORK) == []
