"""What home-school agreements put in the headteacher's morning digest."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from agreements.digest import agreements_to_follow_up
from agreements.models import KioskSession
from notifications.digest import digest_lines, digest_providers
from schools.roles import Module, Role
from tests.agreements.factories import child_in, class_in, kiosk_in, signed_in, version_in
from tests.helpers.backdate import backdate

HEAD = frozenset({Role.HEADTEACHER})
TEACHER = frozenset({Role.TEACHER, Role.DSL, Role.ESAFETY})

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("head", "teacher")]


def labels(school, roles=HEAD) -> list[str]:
    return [item.label for item in agreements_to_follow_up(school, roles)]


@pytest.fixture
def half_signed(school):
    """Two children on roll, one signed."""
    oak = class_in(school)
    version_in(school)
    child_in(school, "Amira", "Khan", oak)
    child_in(school, "Zoë", "Nowak", oak)
    signed_in(school, child_name="Amira Khan", school_class=oak)
    return oak


def end(kiosk: KioskSession) -> None:
    kiosk.ended_at = timezone.now()
    kiosk._history_user = kiosk.started_by  # type: ignore[attr-defined]
    kiosk.save()


def test_it_is_registered():
    assert agreements_to_follow_up in digest_providers()


def test_low_coverage_is_not_mentioned_before_the_first_evening(school, head, half_signed):
    assert labels(school) == []


def test_nor_while_the_evening_is_still_going(school, head, half_signed):
    kiosk_in(school)

    assert labels(school) == []


def test_after_the_evening_low_coverage_is_mentioned(school, head, half_signed):
    end(kiosk_in(school))

    (item,) = agreements_to_follow_up(school, HEAD)

    assert item.label == "Home-school agreement: 50% of children covered, target 90%"
    assert item.count == 1
    assert item.url == "/oakfield/agreements/"
    assert item.waiting_since is None


def test_an_expired_kiosk_counts_as_an_evening_over(school, head, half_signed):
    kiosk_in(school, hours=-1)

    assert labels(school) == ["Home-school agreement: 50% of children covered, target 90%"]


def test_last_years_evening_does_not_count(school, head, half_signed):
    kiosk = kiosk_in(school, hours=-1)
    backdate(kiosk, started_at=timezone.now() - datetime.timedelta(days=400))

    assert labels(school) == []


def test_coverage_at_the_target_is_not_mentioned(school, head, half_signed):
    from agreements.services.settings import coverage_target_set

    end(kiosk_in(school))
    coverage_target_set(school=school, by=head, target=50)

    assert labels(school) == []


def test_signatures_to_match_are_mentioned_without_names(school, head, half_signed):
    signed_in(school, child_name="Zac Kowalski", school_class=half_signed)
    signed_in(school, child_name="Ellie-May Hart", school_class=half_signed)
    end(kiosk_in(school))

    items = agreements_to_follow_up(school, HEAD)

    assert [item.label for item in items] == [
        "Home-school agreement: 50% of children covered, target 90%",
        "2 signed home-school agreements to match to the roster",
    ]
    assert items[1].url == "/oakfield/agreements/matching/"
    assert items[1].waiting_since is not None
    for item in items:
        assert not any(name in item.label for name in ("Amira", "Zoë", "Zac", "Ellie", "Khan"))


def test_only_the_headteacher_hears_of_it(school, teacher, half_signed):
    end(kiosk_in(school))
    signed_in(school, child_name="Zac Kowalski", school_class=half_signed)

    assert labels(school, TEACHER) == []


def test_nothing_when_the_module_is_off(school, head, half_signed):
    end(kiosk_in(school))
    school.enabled_modules = [m for m in school.enabled_modules if m != Module.AGREEMENTS]
    school.save()

    assert labels(school) == []


def test_the_line_reaches_the_digest(school, head, half_signed):
    end(kiosk_in(school))

    lines, complete = digest_lines(school, head, timezone.now())

    assert complete
    assert "Home-school agreement: 50% of children covered, target 90%" in [
        line.item.label for line in lines
    ]
