"""The notifications page: a person's own notifications in this school, newest first."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from django.urls import reverse
from django.utils import timezone

from notifications.views import PER_PAGE
from schools.roles import Role
from tests.factories import MembershipFactory
from tests.helpers.isolation import assert_outsider_404_member_403
from tests.helpers.querycount import assert_queries_constant
from tests.notifications.factories import NotificationFactory


def list_url(school):
    return reverse("notifications:list", kwargs={"school_slug": school.slug})


def test_shows_the_persons_notifications_newest_first(school, head, client_for):
    now = timezone.now()
    NotificationFactory(
        school=school, user=head, title="Older thing", created_at=now - timedelta(hours=2)
    )
    NotificationFactory(school=school, user=head, title="Newer thing", created_at=now)

    body = client_for(head).get(list_url(school)).content.decode()

    assert body.index("Newer thing") < body.index("Older thing")


def test_unread_ones_are_marked_and_counted(school, head, client_for):
    NotificationFactory(school=school, user=head, title="Still to look at")
    NotificationFactory(school=school, user=head, title="Seen already", read_at=timezone.now())

    response = client_for(head).get(list_url(school))

    body = response.content.decode()
    unread = body.index("Still to look at")
    assert "Unread" in body[body.rindex("<li", 0, unread) : unread]
    seen = body.index("Seen already")
    assert "Unread" not in body[body.rindex("<li", 0, seen) : seen]
    assert "You have 1 unread notification at Oakfield Primary School." in body
    assert "Mark all as read" in body


def test_nothing_unread_offers_no_mark_all(school, head, client_for):
    NotificationFactory(school=school, user=head, read_at=timezone.now())

    body = client_for(head).get(list_url(school)).content.decode()

    assert "You have no unread notifications" in body
    assert "Mark all as read" not in body


def test_other_peoples_and_other_schools_notifications_are_not_shown(
    school, other_school, head, dsl, client_for
):
    MembershipFactory(school=other_school, user=head, role=Role.GOVERNOR)
    NotificationFactory(school=school, user=dsl, title="For the DSL")
    NotificationFactory(school=other_school, user=head, title="At Riverside")
    NotificationFactory(school=school, user=head, title="For the head here")

    body = client_for(head).get(list_url(school)).content.decode()

    assert "For the head here" in body
    assert "For the DSL" not in body
    assert "At Riverside" not in body


def test_long_lists_are_paginated(school, head, client_for):
    for n in range(PER_PAGE + 3):
        NotificationFactory(school=school, user=head, title=f"Item number {n:03d}")
    client = client_for(head)

    first = client.get(list_url(school)).content.decode()
    second = client.get(list_url(school), {"page": 2}).content.decode()

    assert first.count('">Item number') == PER_PAGE
    assert second.count('">Item number') == 3
    assert "Page 2 of 2" in second
    assert "Item number 000" in second  # the oldest come last


def test_dates_are_shown_in_the_schools_time_zone(school, head, client_for):
    # 12:30 UTC in June is 13:30 in London.
    moment = datetime(2026, 6, 1, 12, 30, tzinfo=UTC)
    NotificationFactory(school=school, user=head, created_at=moment)

    body = client_for(head).get(list_url(school)).content.decode()

    assert "1 Jun 2026, 13:30" in body


def test_query_count_does_not_grow_with_the_list(school, head, client_for):
    client = client_for(head)

    def add_notifications(n: int) -> None:
        for _ in range(n):
            NotificationFactory(school=school, user=head)

    assert_queries_constant(lambda: client.get(list_url(school)), add_notifications)


def test_any_member_may_look_and_outsiders_get_not_found(school):
    assert_outsider_404_member_403("notifications:list", school=school, methods=["GET"])
