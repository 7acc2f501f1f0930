"""The headteacher's retention pages: the report, the rules form, placing and lifting holds."""

from __future__ import annotations

import datetime
import html

import pytest
from django.urls import reverse
from django.utils import timezone

from retention.models import LegalHold, RetentionRule
from retention.services import retention_dispose_due, retention_review_produce
from schools.roles import Role
from tests.factories import member
from tests.helpers.querycount import assert_queries_constant
from tests.retention.factories import hold, old_access_request

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("teacher")]
RULES = {"incident": 25, "access_request": 6, "content_report": 6, "agreement": 1, "complaint": 6}


def url(school, name: str = "home", **kwargs) -> str:
    return reverse(f"retention:{name}", kwargs={"school_slug": school.slug, **kwargs})


def text(response) -> str:
    return html.unescape(response.content.decode())


def reviewed(school) -> None:
    retention_review_produce(school=school, now=timezone.now().replace(day=1))


def test_the_headteacher_reads_the_review_and_the_rules(client_for, school, head):
    request = old_access_request(school)
    reviewed(school)
    page = text(client_for(head).get(url(school)))
    assert "Until the youngest child's 25th birthday" in page
    assert request.reference in page
    assert f'Place a legal hold<span class="visually-hidden"> on {request.reference}' in page


def test_a_held_record_shows_as_held_on_the_report(client_for, school, head):
    request = old_access_request(school)
    reviewed(school)
    hold(school, request.reference)
    page = text(client_for(head).get(url(school)))
    assert "Held" in page
    assert "Lift the hold" in page


@pytest.mark.parametrize("role", [Role.TEACHER, Role.DSL, Role.GOVERNOR])
def test_only_the_headteacher_may_open_the_pages(client_for, school, role):
    someone = member(school, role)
    for name in ("home", "rules", "hold-add"):
        assert client_for(someone).get(url(school, name)).status_code == 403


def test_another_schools_hold_is_not_found(client_for, school, other_school, head):
    member(other_school, Role.HEADTEACHER)
    member(other_school, Role.TEACHER)
    theirs = hold(other_school, old_access_request(other_school).reference)
    response = client_for(head).get(url(school, "hold-lift", hold_id=theirs.public_id))
    assert response.status_code == 404


def test_changing_a_rule_is_saved_and_audited(client_for, school, head):
    response = client_for(head).post(url(school, "rules"), {**RULES, "content_report": 10})
    assert response.status_code == 302
    rule = RetentionRule.objects.for_school(school).get()
    assert (rule.kind, rule.years) == ("content_report", 10)
    assert rule.history.get().history_user == head


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("access_request", "0", "from 1 to 100"),
        ("complaint", "101", "from 1 to 100"),
        ("incident", "5", "from 18 to 100"),
        ("agreement", "two", "whole number"),
    ],
)
def test_a_nonsense_rule_gets_a_message_and_nothing_is_saved(
    client_for, school, head, field, value, message
):
    response = client_for(head).post(
        url(school, "rules"), {**RULES, "content_report": 9, field: value}
    )
    assert response.status_code == 200
    assert message in text(response)
    assert "There is a problem: nothing was saved" in text(response)
    assert not RetentionRule.objects.for_school(school).exists()


def test_a_hold_placed_from_the_report_is_prefilled(client_for, school, head):
    request = old_access_request(school)
    page = text(client_for(head).get(url(school, "hold-add") + f"?reference={request.reference}"))
    assert f'value="{request.reference}"' in page
    response = client_for(head).post(
        url(school, "hold-add"), {"reference": request.reference, "reason": "A claim."}
    )
    assert response.status_code == 302
    placed = LegalHold.objects.for_school(school).get()
    assert (placed.reference, placed.placed_by, placed.is_active) == (request.reference, head, True)


@pytest.mark.parametrize(
    ("reference", "message"),
    [("INC-99", "There is no record INC-99 here."), ("nonsense", "Enter a reference such as")],
)
def test_a_hold_on_no_such_record_gets_a_message(client_for, school, head, reference, message):
    response = client_for(head).post(
        url(school, "hold-add"), {"reference": reference, "reason": "x"}
    )
    assert response.status_code == 200
    assert message in text(response)
    assert not LegalHold.objects.for_school(school).exists()


def test_a_record_is_held_once(client_for, school, head):
    request = old_access_request(school)
    hold(school, request.reference)
    response = client_for(head).post(
        url(school, "hold-add"), {"reference": request.reference, "reason": "Again."}
    )
    assert "is already held" in text(response)
    assert LegalHold.objects.for_school(school).count() == 1


def test_lifting_a_hold_keeps_it_with_who_lifted_it(client_for, school, head):
    placed = hold(school, old_access_request(school).reference)
    response = client_for(head).post(
        url(school, "hold-lift", hold_id=placed.public_id), {"lift_reason": "Settled."}
    )
    assert response.status_code == 302
    placed.refresh_from_db()
    assert (placed.is_active, placed.lifted_by, placed.lift_reason) == (False, head, "Settled.")
    again = client_for(head).get(url(school, "hold-lift", hold_id=placed.public_id))
    assert again.status_code == 302


def test_the_page_costs_the_same_queries_however_many_records(client_for, school, head):
    client = client_for(head)
    months_back = iter([2, 1])
    this_month = timezone.now().replace(day=1, hour=9)

    def add(n: int) -> None:
        when = (this_month - datetime.timedelta(days=28 * next(months_back))).replace(day=1)
        going = [old_access_request(school) for _ in range(n)]
        kept = [old_access_request(school) for _ in range(n)]
        retention_review_produce(school=school, now=when)
        for request in kept:
            hold(school, request.reference)
        assert len(
            retention_dispose_due(school=school, now=when + datetime.timedelta(days=15))
        ) == len(going)

    count = assert_queries_constant(lambda: client.get(url(school)), add)
    assert count <= 20
