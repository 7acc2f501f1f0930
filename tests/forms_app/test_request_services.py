"""An access request from submission to blocked again: each move, and each move refused."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from forms_app.models import AccessLength, AccessRequest, Audience, FilterDecision, Verdict
from forms_app.models import RequestStatus as S
from forms_app.services import (
    RecordError,
    access_request_decide,
    access_request_record_reblocked,
    access_request_record_unblocked,
    access_request_revoke,
    access_request_withdraw,
    access_requests_expire,
    precedent_for,
    precedents_for,
    suggested_access_until,
)
from forms_app.services.precedent import SHOWN
from notifications.models import Notification
from schools.calendar import school_today
from tests.forms_app.factories import (
    a_class,
    approved_in,
    ended_in,
    report_in,
    request_in,
    unblocked_in,
)

DAY = datetime.timedelta(days=1)


def notified(school, user) -> list[str]:
    rows = Notification.objects.for_school(school).filter(user=user).order_by("created_at")
    return [row.title for row in rows]


def history_count(record: AccessRequest) -> int:
    return record.history.count()


def refused(fields: dict[str, object], **kwargs) -> dict[str, list[str]]:
    """The messages a refused submission gives, by field."""
    with pytest.raises(ValidationError) as caught:
        request_in(**kwargs, **fields)
    return caught.value.message_dict


# --- Submitting ------------------------------------------------------------------


def test_a_request_is_numbered_in_its_school_and_reaches_the_headteacher(school, head, teacher):
    first = request_in(school, by=teacher, url="https://news.bbc.co.uk/newsround")
    second = request_in(school, by=teacher)

    assert (first.reference, second.reference) == ("AR-1", "AR-2")
    assert (first.status, first.requester_name) == (S.SUBMITTED, "Tara Thompson")
    assert (first.host, first.domain) == ("news.bbc.co.uk", "bbc.co.uk")
    assert "Access request AR-1 awaits your decision" in notified(school, head)


def test_a_class_is_kept_only_when_a_class_will_use_the_site(school, teacher):
    year4 = a_class(school, name="Year 4")

    for_class = request_in(school, by=teacher, audience=Audience.CLASS, school_class=year4)
    for_staff = request_in(school, by=teacher, audience=Audience.STAFF, school_class=year4)

    assert for_class.school_class == year4
    assert for_staff.school_class is None


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("https://ann:secret@example.org/", "Remove the user name and password"),
        ("ftp://files.example.org/lesson.pdf", "starts with https:// or http://"),
        ("https://", "no site name"),
        ("https://example.org/" + "a" * 2029, "the most is 2,048"),
    ],
)
def test_a_bad_address_is_refused_on_its_field_and_nothing_is_saved(school, teacher, url, message):
    errors = refused({"url": url}, school=school, by=teacher)

    assert message in errors["url"][0]
    assert not AccessRequest.objects.for_school(school).exists()


def test_a_class_of_another_school_is_refused(school, other_school, teacher):
    theirs = a_class(other_school)

    errors = refused(
        {"audience": Audience.CLASS, "school_class": theirs}, school=school, by=teacher
    )

    assert errors["school_class"] == ["Choose one of the school's own classes."]
    assert not AccessRequest.objects.for_school(school).exists()


def test_a_class_must_be_named_when_a_class_will_use_the_site(school, teacher):
    errors = refused({"audience": Audience.CLASS}, school=school, by=teacher)

    assert errors["school_class"] == ["Choose the class that needs the site."]


def test_a_needed_by_day_that_has_passed_is_refused(school, teacher):
    yesterday = school_today(school) - DAY

    errors = refused({"needed_by": yesterday}, school=school, by=teacher)

    assert "That day has passed" in errors["needed_by"][0]


# --- Withdrawing -------------------------------------------------------------------


def test_the_requester_withdraws_a_waiting_request_with_a_reason(school, teacher):
    record = request_in(school, by=teacher)

    record = access_request_withdraw(request=record, by=teacher, reason="Found another video.")

    assert (record.status, record.withdrawn_reason) == (S.WITHDRAWN, "Found another video.")
    assert record.history.latest().history_user == teacher


def test_nobody_else_withdraws_a_request(school, head, teacher):
    record = request_in(school, by=teacher)

    with pytest.raises(ValidationError, match="Only the person who made a request"):
        access_request_withdraw(request=record, by=head)

    record.refresh_from_db()
    assert record.status == S.SUBMITTED


def test_a_decided_request_cannot_be_withdrawn(school, head, teacher):
    record = approved_in(school, reviewer=head)

    with pytest.raises(RecordError, match="nothing was changed"):
        access_request_withdraw(request=record, by=teacher)


# --- Deciding ------------------------------------------------------------------------


def test_an_approval_records_who_why_and_until_when_and_tells_the_requester(
    school, head, teacher, network
):
    record = request_in(school, by=teacher)
    until = school_today(school) + 6 * DAY

    record = access_request_decide(
        request=record, by=head, approve=True, reason="Supervised use.", access_until=until
    )

    assert (record.status, record.decided_by, record.access_until) == (S.APPROVED, head, until)
    assert record.decision_reason == "Supervised use."
    assert "Your access request AR-1 was approved" in notified(school, teacher)
    assert any("a site to unblock" in title for title in notified(school, network))
    line = FilterDecision.objects.for_school(school).get(access_request=record)
    assert (line.verdict, line.site, line.until) == (Verdict.ALLOWED, "youtube.com", until)


def test_a_refusal_keeps_no_end_date_and_tells_the_requester(school, head, teacher):
    record = request_in(school, by=teacher)

    record = access_request_decide(
        request=record,
        by=head,
        approve=False,
        reason="Use the BBC clip instead.",
        access_until=school_today(school) + DAY,
    )

    assert (record.status, record.access_until) == (S.REJECTED, None)
    assert "Your access request AR-1 was refused" in notified(school, teacher)


def test_a_decision_needs_a_reason(school, head, teacher):
    record = request_in(school, by=teacher)

    with pytest.raises(ValidationError) as caught:
        access_request_decide(request=record, by=head, approve=True, reason="   ")

    assert "Give the reason for the decision" in caught.value.message_dict["reason"][0]
    record.refresh_from_db()
    assert record.status == S.SUBMITTED


@pytest.mark.parametrize(("days", "message"), [(-1, "in the past"), (3 * 365 + 1, "three years")])
def test_the_last_day_of_access_is_from_today_to_three_years_on(
    school, head, teacher, days, message
):
    record = request_in(school, by=teacher)
    until = school_today(school) + days * DAY

    with pytest.raises(ValidationError) as caught:
        access_request_decide(
            request=record, by=head, approve=True, reason="Fine.", access_until=until
        )

    assert message in caught.value.message_dict["access_until"][0]


def test_the_second_of_two_decisions_changes_nothing(school, head, esafety, teacher):
    # Two reviewers open the same request; each decides on their own copy of it.
    mine = request_in(school, by=teacher)
    theirs = AccessRequest.objects.for_school(school).get(pk=mine.pk)
    access_request_decide(request=mine, by=head, approve=True, reason="First.")
    rows_after_first = history_count(mine)

    with pytest.raises(RecordError, match="AR-1 is now “Approved: to be unblocked”"):
        access_request_decide(request=theirs, by=esafety, approve=False, reason="Second.")

    mine.refresh_from_db()
    assert (mine.status, mine.decided_by, mine.decision_reason) == (S.APPROVED, head, "First.")
    assert history_count(mine) == rows_after_first
    assert FilterDecision.objects.for_school(school).count() == 1


# --- Unblocking, ending, blocking again ----------------------------------------------


def test_the_network_manager_records_the_day_the_site_was_unblocked(school, head, teacher, network):
    record = approved_in(school, reviewer=head)
    today = school_today(school)

    record = access_request_record_unblocked(request=record, by=network, unblocked_on=today)

    assert (record.status, record.unblocked_on, record.unblocked_by) == (
        S.UNBLOCKED,
        today,
        network,
    )
    assert any("now unblocked" in title for title in notified(school, teacher))


@pytest.mark.parametrize(
    ("day", "message"),
    [
        (lambda today: today + DAY, "cannot be in the future"),
        (lambda today: datetime.date(1999, 12, 31), "from the year 2000 onwards"),
        (lambda today: today - DAY, "before access was approved"),
    ],
)
def test_an_unblocking_day_must_be_possible(school, head, teacher, network, day, message):
    record = approved_in(school, reviewer=head)

    with pytest.raises(ValidationError) as caught:
        access_request_record_unblocked(
            request=record, by=network, unblocked_on=day(school_today(school))
        )

    assert message in caught.value.message_dict["unblocked_on"][0]
    record.refresh_from_db()
    assert record.status == S.APPROVED


def test_a_waiting_request_cannot_be_recorded_as_unblocked(school, teacher, network):
    record = request_in(school, by=teacher)

    with pytest.raises(RecordError):
        access_request_record_unblocked(
            request=record, by=network, unblocked_on=school_today(school)
        )


def test_a_reviewer_revokes_an_approval_with_a_reason_and_the_site_is_to_be_blocked(
    school, head, teacher, network
):
    record = unblocked_in(school)

    record = access_request_revoke(request=record, by=head, reason="The topic has finished.")

    assert (record.status, record.revoked_by, record.revoke_reason) == (
        S.REVOKED,
        head,
        "The topic has finished.",
    )
    assert record.needs_reblock
    assert any("block the site again" in title for title in notified(school, network))


def test_revoking_needs_a_reason(school, head, teacher, network):
    record = approved_in(school, reviewer=head)

    with pytest.raises(ValidationError) as caught:
        access_request_revoke(request=record, by=head, reason="")

    assert caught.value.message_dict["reason"] == ["Say why the approval is being revoked."]


def test_a_refused_request_cannot_be_revoked(school, head, teacher):
    record = access_request_decide(
        request=request_in(school, by=teacher), by=head, approve=False, reason="No."
    )

    with pytest.raises(RecordError):
        access_request_revoke(request=record, by=head, reason="Changed my mind.")


def test_an_approval_expires_after_its_last_day(school, head, teacher, network):
    today = school_today(school)
    record = unblocked_in(school, access_until=today)
    running = approved_in(school, access_until=today + 5 * DAY)
    tomorrow = datetime.datetime.combine(today + DAY, datetime.time(8), tzinfo=school.tz)

    assert access_requests_expire(now=tomorrow) == 1

    record.refresh_from_db()
    running.refresh_from_db()
    assert (record.status, running.status) == (S.EXPIRED, S.APPROVED)
    assert record.needs_reblock


def test_the_network_manager_records_the_site_blocked_again(school, head, teacher, network):
    record = ended_in(school)
    today = school_today(school)

    record = access_request_record_reblocked(request=record, by=network, reblocked_on=today)

    assert (record.status, record.reblocked_on, record.reblocked_by) == (
        S.REBLOCKED,
        today,
        network,
    )
    assert not record.needs_reblock


def test_blocking_again_cannot_come_before_unblocking_or_in_the_future(
    school, head, teacher, network
):
    record = ended_in(school)
    today = school_today(school)

    for day, message in ((today - DAY, "before it was unblocked"), (today + DAY, "future")):
        with pytest.raises(ValidationError) as caught:
            access_request_record_reblocked(request=record, by=network, reblocked_on=day)
        assert message in caught.value.message_dict["reblocked_on"][0]
    record.refresh_from_db()
    assert record.status == S.REVOKED


def test_a_site_never_unblocked_has_nothing_to_block_again(school, head, teacher, network):
    record = access_request_revoke(
        request=approved_in(school, reviewer=head), by=head, reason="Not needed after all."
    )

    with pytest.raises(RecordError, match="never unblocked"):
        access_request_record_reblocked(
            request=record, by=network, reblocked_on=school_today(school)
        )


# --- The suggested last day, and earlier decisions ------------------------------------


def test_the_suggested_last_day_counts_from_today_or_the_day_needed(school, teacher):
    today = school_today(school)
    week = request_in(school, by=teacher, access_length=AccessLength.WEEK)
    later = request_in(
        school, by=teacher, access_length=AccessLength.DAY, needed_by=today + 10 * DAY
    )
    ongoing = request_in(school, by=teacher, access_length=AccessLength.ONGOING)

    assert suggested_access_until(week, today) == today + 6 * DAY
    assert suggested_access_until(later, today) == today + 10 * DAY
    assert suggested_access_until(ongoing, today) is None


def test_earlier_decisions_on_any_part_of_the_same_site_are_found(school, head, teacher):
    refused_one = access_request_decide(
        request=request_in(school, by=teacher, url="https://www.bbc.co.uk/iplayer"),
        by=head,
        approve=False,
        reason="Use BBC Teach instead.",
    )
    request_in(school, by=teacher, url="https://www.bbc.com/news")  # another site

    found = precedent_for(school, "bbc.co.uk")

    assert [(p.reference, p.outcome, p.reason) for p in found] == [
        (refused_one.reference, "Refused", "Use BBC Teach instead.")
    ]
    newsround = request_in(school, by=teacher, url="https://news.bbc.co.uk/newsround")
    assert [p.reference for p in precedent_for(school, newsround.domain, newsround)] == [
        refused_one.reference
    ]


def test_reports_about_the_site_are_found_too(school, teacher):
    report = report_in(school, by=teacher, urls=["https://m.youtube.com/shorts/x"])

    found = precedent_for(school, "youtube.com")

    assert [(p.kind, p.reference) for p in found] == [("Content report", report.reference)]


def test_another_schools_records_never_appear(school, other_school, outsider, teacher):
    request_in(other_school, by=outsider, url="https://www.bbc.co.uk/bitesize")
    report_in(other_school, by=outsider, urls=["https://www.bbc.co.uk/other"])

    assert precedent_for(school, "bbc.co.uk") == []


def test_several_sites_are_looked_up_together_each_with_its_own_latest(school, teacher):
    for n in range(SHOWN + 2):
        request_in(school, by=teacher, url=f"https://www.bbc.co.uk/page{n}")
    quiet = request_in(school, by=teacher, url="https://www.wikipedia.org/wiki/Volcano")
    report = report_in(
        school, by=teacher, urls=["https://m.youtube.com/a", "https://youtube.com/b"]
    )

    with CaptureQueriesContext(connection) as queries:
        found = precedents_for(school, ["bbc.co.uk", "wikipedia.org", "youtube.com", ""])

    assert len(queries) == 2
    assert list(found) == ["bbc.co.uk", "wikipedia.org", "youtube.com"]
    # The busy site shows only its latest, and does not crowd out the quiet one.
    assert len(found["bbc.co.uk"]) == SHOWN
    assert [p.reference for p in found["wikipedia.org"]] == [quiet.reference]
    # A report naming two pages of one site is one precedent.
    assert [p.reference for p in found["youtube.com"]] == [report.reference]
