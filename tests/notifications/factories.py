"""A factory for notifications: always in its person's school."""

from __future__ import annotations

import factory
from factory.django import DjangoModelFactory

from accounts.models import User
from notifications.models import Notification
from schools.models import School
from schools.roles import Role
from tests.factories import SchoolFactory, UserFactory, member


class NotificationFactory(DjangoModelFactory):
    """``NotificationFactory(school=oakfield, user=head)``."""

    class Meta:
        model = Notification

    school = factory.SubFactory(SchoolFactory)
    user = factory.SubFactory(UserFactory)
    kind = "test.notice"
    title = factory.Sequence(lambda n: f"Something needs your attention ({n})")
    url = factory.LazyAttribute(lambda o: f"/{o.school.slug}/")


def notification_for(school: School, user: User | None = None) -> Notification:
    """One of ``user``'s notifications in ``school``; with no ``user``, a new member's."""
    return NotificationFactory(school=school, user=user or member(school, Role.TEACHER))
