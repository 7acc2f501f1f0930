"""Marking one's own notifications read: one at a time, or all at once."""

from __future__ import annotations

import uuid

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from notifications.models import Notification
from notifications.services import notification_mark_read
from schools.roles import Role
from tests.factories import MembershipFactory
from tests.helpers.isolation import assert_outsider_404_member_403
from tests.notifications.factories import NotificationFactory


def read_url(school, notification_id):
    return reverse(
        "notifications:read",
        kwargs={"school_slug": school.slug, "notification_id": notification_id},
    )


def read_all_url(school):
    return reverse("notifications:read-all", kwargs={"school_slug": school.slug})


def list_url(school):
    return reverse("notifications:list", kwargs={"school_slug": school.slug})


def reload(notification: Notification) -> Notification:
    return Notification.objects.for_school(notification.school).get(pk=notification.pk)


def test_marking_one_read(school, head, client_for):
    notification = NotificationFactory(school=school, user=head)

    response = client_for(head).post(read_url(school, notification.public_id))

    assert response.status_code == 302
    assert response["Location"] == list_url(school)
    assert reload(notification).read_at is not None


def test_marking_read_returns_to_the_page_it_came_from(school, head, client_for):
    notification = NotificationFactory(school=school, user=head)
    page_two = f"{list_url(school)}?page=2"

    response = client_for(head).post(read_url(school, notification.public_id), {"next": page_two})

    assert response["Location"] == page_two


@pytest.mark.parametrize(
    "target", ["https://evil.example/", "//evil.example/", "javascript:alert(1)", "next-page"]
)
def test_marking_read_never_sends_the_person_off_the_site(school, head, client_for, target):
    notification = NotificationFactory(school=school, user=head)

    response = client_for(head).post(read_url(school, notification.public_id), {"next": target})

    assert response["Location"] == list_url(school)


def test_a_second_mark_changes_nothing(school, head, client_for):
    read_at = timezone.now() - timezone.timedelta(days=1)
    notification = NotificationFactory(school=school, user=head, read_at=read_at)

    client_for(head).post(read_url(school, notification.public_id))

    assert reload(notification).read_at == read_at


def test_opening_the_address_changes_nothing(school, head, client_for):
    notification = NotificationFactory(school=school, user=head)

    response = client_for(head).get(read_url(school, notification.public_id))

    assert response.status_code == 302
    assert response["Location"] == list_url(school)
    assert reload(notification).read_at is None


@pytest.mark.parametrize("method", ["get", "post"])
def test_another_persons_notification_is_not_found(
    school, head, dsl, client_for, comparable_body, method
):
    theirs = NotificationFactory(school=school, user=dsl)
    client = client_for(head)

    foreign = getattr(client, method)(read_url(school, theirs.public_id))
    missing = getattr(client, method)(read_url(school, uuid.uuid4()))

    assert foreign.status_code == missing.status_code == 404
    assert comparable_body(foreign.content) == comparable_body(missing.content)
    assert reload(theirs).read_at is None


@pytest.mark.parametrize("method", ["get", "post"])
def test_another_schools_notification_is_not_found(
    school, other_school, head, outsider, client_for, method
):
    # The head also governs Riverside: their own notification there is still
    # not found under Oakfield's address, and nor is anyone else's.
    MembershipFactory(school=other_school, user=head, role=Role.GOVERNOR)
    own_elsewhere = NotificationFactory(school=other_school, user=head)
    someone_elses = NotificationFactory(school=other_school, user=outsider)
    client = client_for(head)

    for notification in (own_elsewhere, someone_elses):
        response = getattr(client, method)(read_url(school, notification.public_id))
        assert response.status_code == 404
        assert reload(notification).read_at is None


def test_only_the_recipient_may_mark_it_read(school, head, dsl):
    notification = NotificationFactory(school=school, user=dsl)

    with pytest.raises(PermissionDenied):
        notification_mark_read(notification=notification, by=head)


def test_marking_all_read(school, head, client_for):
    mine = [NotificationFactory(school=school, user=head) for _ in range(3)]

    response = client_for(head).post(read_all_url(school), follow=True)

    assert all(reload(n).read_at is not None for n in mine)
    assert "All your notifications here are marked as read." in response.content.decode()


def test_marking_all_read_leaves_other_people_and_schools_alone(
    school, other_school, head, dsl, client_for
):
    MembershipFactory(school=other_school, user=head, role=Role.GOVERNOR)
    elsewhere = NotificationFactory(school=other_school, user=head)
    the_dsls = NotificationFactory(school=school, user=dsl)

    client_for(head).post(read_all_url(school))

    assert reload(elsewhere).read_at is None
    assert reload(the_dsls).read_at is None


def test_marking_all_read_with_nothing_unread(school, head, client_for):
    response = client_for(head).post(read_all_url(school), follow=True)

    assert "You had no unread notifications." in response.content.decode()


def test_opening_mark_all_changes_nothing(school, head, client_for):
    notification = NotificationFactory(school=school, user=head)

    response = client_for(head).get(read_all_url(school))

    assert response["Location"] == list_url(school)
    assert reload(notification).read_at is None


def test_mark_all_is_for_members_only(school):
    assert_outsider_404_member_403("notifications:read-all", school=school)


@pytest.mark.parametrize("method", ["get", "post"])
def test_a_non_member_learns_nothing(school, outsider, client_for, comparable_body, method):
    notification = NotificationFactory(school=school)
    client = client_for(outsider)
    kwargs = {"notification_id": notification.public_id}

    here = getattr(client, method)(
        reverse("notifications:read", kwargs={"school_slug": school.slug, **kwargs})
    )
    nowhere = getattr(client, method)(
        reverse("notifications:read", kwargs={"school_slug": "no-such-school", **kwargs})
    )

    assert here.status_code == nowhere.status_code == 404
    assert comparable_body(here.content) == comparable_body(nowhere.content)
