"""The header's bell: the unread count, announced to screen readers, for one query."""

from __future__ import annotations

import re

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tests.notifications.factories import NotificationFactory


def home(school):
    return reverse("schools:home", kwargs={"school_slug": school.slug})


def bell(body: str) -> str:
    match = re.search(r'<a class="nav-link portal-bell[^"]*"[^>]*>.*?</a>', body, re.S)
    assert match, "no bell in the header"
    return match.group(0)


def spoken(html: str) -> str:
    """What a screen reader announces for the link: its aria-label."""
    match = re.search(r'aria-label="([^"]*)"', html)
    assert match, "the bell has no accessible name"
    return match.group(1)


def test_bell_says_how_many_are_unread(school, head, client_for):
    for _ in range(3):
        NotificationFactory(school=school, user=head)
    NotificationFactory(school=school, user=head, read_at=timezone.now())

    link = bell(client_for(head).get(home(school)).content.decode())

    assert spoken(link) == "Notifications, 3 unread"
    assert f'href="/{school.slug}/notifications/"' in link
    assert ">3</span>" in link


def test_bell_mentions_urgent_ones(school, head, client_for):
    NotificationFactory(school=school, user=head)
    NotificationFactory(school=school, user=head, urgent=True)

    link = bell(client_for(head).get(home(school)).content.decode())

    assert spoken(link) == "Notifications, 2 unread, 1 urgent"
    assert "portal-bell-urgent" in link


def test_bell_without_unread_shows_no_count(school, head, client_for):
    NotificationFactory(school=school, user=head, read_at=timezone.now())

    link = bell(client_for(head).get(home(school)).content.decode())

    assert spoken(link) == "Notifications"
    assert "badge" not in link


def test_bell_counts_only_this_school_and_person(school, other_school, head, dsl, client_for):
    from schools.roles import Role
    from tests.factories import MembershipFactory

    MembershipFactory(school=other_school, user=head, role=Role.GOVERNOR)
    NotificationFactory(school=other_school, user=head)
    NotificationFactory(school=school, user=dsl)

    link = bell(client_for(head).get(home(school)).content.decode())

    assert spoken(link) == "Notifications"


def test_bell_shows_99_plus_for_many(school, head, client_for):
    for _ in range(100):
        NotificationFactory(school=school, user=head)

    link = bell(client_for(head).get(home(school)).content.decode())

    assert ">99+</span>" in link
    assert spoken(link) == "Notifications, 100 unread"


def test_bell_marks_the_notifications_page_as_current(school, head, client_for):
    url = reverse("notifications:list", kwargs={"school_slug": school.slug})

    link = bell(client_for(head).get(url).content.decode())

    assert 'aria-current="page"' in link


def notification_queries(client, url):
    client.get(url)
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return [q["sql"] for q in captured.captured_queries if "notifications_notification" in q["sql"]]


def test_bell_costs_one_query(school, head, client_for):
    NotificationFactory(school=school, user=head)

    assert len(notification_queries(client_for(head), home(school))) == 1


def test_bell_costs_nothing_more_on_the_notifications_page(school, head, client_for):
    NotificationFactory(school=school, user=head)
    url = reverse("notifications:list", kwargs={"school_slug": school.slug})

    queries = notification_queries(client_for(head), url)

    # The counts read with the person's roles (shown by the page and the bell), the
    # paginator's count, the page.
    assert len(queries) == 3


def test_no_bell_outside_a_school(head, client_for):
    body = client_for(head).get(reverse("accounts:choose-school")).content.decode()

    assert "portal-bell" not in body
