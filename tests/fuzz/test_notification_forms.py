"""The notification page's forms under hostile input, with the portal's own fuzzer.

The fuzz layer (``tests/fuzz``) only meets these forms when a demo account has
unread notifications; here one has, so both forms are always fuzzed.
"""

from __future__ import annotations

from django.urls import reverse

from notifications.models import Notification
from tests.helpers.demo import DemoSchools, demo_db, demo_member, demo_schools  # noqa: F401
from tests.helpers.fuzzing import crawl, fuzz
from tests.notifications.factories import NotificationFactory


def test_mark_read_forms_survive_hostile_input(demo_schools: DemoSchools) -> None:  # noqa: F811
    school, other = demo_schools["chestnuts"], demo_schools["norris-bank"]
    head = demo_member("head", "chestnuts")
    NotificationFactory(school=school, user=head.user(), url=f"/{school.slug}/")
    NotificationFactory(school=other, user=demo_member("head", "norris-bank").user())
    url = reverse("notifications:list", kwargs={"school_slug": school.slug})

    forms = crawl(head, url)

    assert {form.action_view for form in forms} >= {
        "notifications:read",
        "notifications:read-all",
    }
    for form in forms:
        if form.action_view.startswith("notifications:"):
            assert fuzz(form, [other]) > 0
    # Whatever was sent, none of the other school's notifications was marked read.
    assert not Notification.objects.for_school(other).filter(read_at__isnull=False).exists()
