"""Signed-in sessions end after 30 quiet minutes and 12 hours in all (policyportal.sessions).

Time is moved by patching ``django.utils.timezone.now``, which the middleware,
the session store and the kiosk all read: nothing sleeps.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from agreements.models import KioskSession
from schools.models import School
from tests.agreements.factories import class_in
from tests.documents.factories import a_job
from tests.factories import TEST_PASSWORD

pytestmark = pytest.mark.django_db

Signed = Callable[[User], Client]
IDLE = "You were signed out after 30 minutes without activity. Please sign in again."
TOO_LONG = "You were signed out after 12 hours: please sign in again."


class Clock:
    def __init__(self) -> None:
        self.now = timezone.now()

    def advance(self, **delta: float) -> None:
        self.now += datetime.timedelta(**delta)


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Clock:
    moving = Clock()
    monkeypatch.setattr(timezone, "now", lambda: moving.now)
    return moving


def home(school: School) -> str:
    return reverse("schools:home", kwargs={"school_slug": school.slug})


def login_for(path: str) -> str:
    return f"{reverse('accounts:login')}?next={path}"


def signed_in(client: Client) -> bool:
    return "_auth_user_id" in client.session


def test_29_quiet_minutes_keep_the_session(clock, client_for: Signed, head, school):
    client = client_for(head)
    assert client.get(home(school)).status_code == 200

    clock.advance(minutes=29)
    assert client.get(home(school)).status_code == 200
    clock.advance(minutes=29)  # counted from the last request, not from signing in

    assert client.get(home(school)).status_code == 200
    assert signed_in(client)


def test_31_quiet_minutes_sign_out_with_the_reason_and_the_way_back(
    clock, client_for: Signed, head, school
):
    client = client_for(head)
    client.get(home(school))
    clock.advance(minutes=31)

    response = client.get(home(school) + "?tab=2")

    assert response.status_code == 302
    assert response["Location"] == login_for(home(school) + "%3Ftab%3D2")
    assert not signed_in(client)
    login = client.get(response["Location"])
    assert IDLE in login.text
    # Signing in again leads back to the page, with a fresh session.
    back = client.post(
        response["Location"], {"username": head.email, "password": TEST_PASSWORD}, follow=True
    )
    assert back.redirect_chain[-1] == (home(school) + "?tab=2", 302)
    assert signed_in(client)


def test_activity_every_20_minutes_still_ends_12_hours_after_signing_in(
    clock, client_for: Signed, head, school
):
    client = client_for(head)
    client.get(home(school))
    for _ in range(35):  # 11 hours 40 minutes
        clock.advance(minutes=20)
        assert client.get(home(school)).status_code == 200

    clock.advance(minutes=20)
    response = client.get(home(school))

    assert response["Location"] == login_for(home(school))
    assert TOO_LONG in client.get(response["Location"]).text
    assert not signed_in(client)


def test_a_form_sent_after_the_end_leads_back_to_its_page(clock, client_for: Signed, head, school):
    client = client_for(head)
    page = reverse("accounts:choose-school")
    client.get(page)
    clock.advance(minutes=45)

    response = client.post(
        reverse("accounts:logout"), headers={"Referer": f"http://testserver{page}"}
    )

    assert response["Location"] == login_for(page)
    assert IDLE in client.get(response["Location"]).text


def test_the_job_progress_poll_does_not_keep_the_session_alive(
    clock, client_for: Signed, head, school
):
    job = a_job(school, requested_by=head)
    status = reverse("jobs:status", kwargs={"school_slug": school.slug, "job_id": job.public_id})
    client = client_for(head)
    client.get(reverse("jobs:detail", kwargs={"school_slug": school.slug, "job_id": job.public_id}))
    for _ in range(5):  # the tab polls for 25 minutes, nobody looks
        clock.advance(minutes=5)
        assert client.get(status).status_code == 200

    clock.advance(minutes=6)
    poll = client.get(status)

    # The poll is refused without swallowing the message; the next page says why.
    assert poll.status_code == 401
    assert "progress" not in poll.text
    page = client.get(home(school))
    assert page["Location"] == login_for(home(school))
    assert IDLE in client.get(page["Location"]).text


def test_the_live_coverage_table_does_not_keep_the_session_alive(
    clock, client_for: Signed, head, school
):
    live = reverse("agreements:coverage-live", kwargs={"school_slug": school.slug})
    client = client_for(head)
    client.get(reverse("agreements:coverage", kwargs={"school_slug": school.slug}))
    clock.advance(minutes=25)
    assert client.get(live, headers={"X-Requested-With": "fetch"}).status_code == 200

    clock.advance(minutes=6)

    assert client.get(live, headers={"X-Requested-With": "fetch"}).status_code == 401
    assert client.get(home(school))["Location"] == login_for(home(school))


def test_a_busy_session_is_saved_at_most_once_a_minute(clock, client_for: Signed, head, school):
    client = client_for(head)
    client.get(home(school))

    clock.advance(seconds=30)
    unchanged = client.get(home(school))
    clock.advance(seconds=31)
    touched = client.get(home(school))

    assert "sessionid" not in unchanged.cookies
    assert "sessionid" in touched.cookies


def test_a_kiosk_is_not_signed_out_by_a_quiet_evening(
    clock, settings, client_for: Signed, teacher, school
):
    settings.CELERY_TASK_ALWAYS_EAGER = True
    class_in(school)
    client = client_for(teacher)
    client.post(
        reverse("agreements:kiosk-start", kwargs={"school_slug": school.slug}),
        {"event": "Parents' evening", "hours": "4"},
    )
    kiosk = KioskSession.objects.for_school(school).get()
    kwargs = {"school_slug": school.slug, "kiosk_id": kiosk.public_id}

    clock.advance(hours=2)  # nobody came for two hours
    form = client.get(reverse("agreements:kiosk", kwargs=kwargs))
    assert form.status_code == 200
    assert "This kiosk has ended" not in form.text

    clock.advance(hours=1)  # another quiet hour, then the teacher leaves with their password
    left = client.post(reverse("agreements:kiosk-exit", kwargs=kwargs), {"password": TEST_PASSWORD})
    assert left["Location"] == home(school)
    assert client.get(home(school)).status_code == 200


def test_a_kiosk_ends_by_its_own_expiry(clock, settings, client_for: Signed, teacher, school):
    settings.CELERY_TASK_ALWAYS_EAGER = True
    class_in(school)
    client = client_for(teacher)
    client.post(
        reverse("agreements:kiosk-start", kwargs={"school_slug": school.slug}),
        {"event": "Parents' evening", "hours": "1"},
    )
    kiosk = KioskSession.objects.for_school(school).get()

    kwargs = {"school_slug": school.slug, "kiosk_id": kiosk.public_id}

    clock.advance(minutes=61)
    page = client.get(reverse("agreements:kiosk", kwargs=kwargs))

    assert "This kiosk has ended" in page.text
    assert not signed_in(client)


def test_the_durations_are_settings(clock, settings, client_for: Signed, head, school):
    settings.PORTAL_SESSION_IDLE_MINUTES = 5
    client = client_for(head)
    client.get(home(school))
    clock.advance(minutes=6)

    response = client.get(home(school))

    assert "after 5 minutes without activity" in client.get(response["Location"]).text


# --- Content-Security-Policy, in the default (development) configuration ------


@pytest.mark.parametrize("who", ["anonymous", "head"])
def test_every_page_carries_a_policy_with_no_inline_script(client, client_for, head, school, who):
    browser = client if who == "anonymous" else client_for(head)
    page = reverse("accounts:login") if who == "anonymous" else home(school)

    policy = browser.get(page)["Content-Security-Policy"]

    directives = dict(part.strip().split(" ", 1) for part in policy.split(";"))
    assert directives["script-src"] == "'self'"
    assert directives["style-src"] == "'self'"
    assert directives["object-src"] == "'none'"
    assert directives["frame-ancestors"] == "'none'"
    assert "unsafe-inline" not in policy
    assert "unsafe-eval" not in policy


def test_the_job_page_has_no_inline_script(client_for: Signed, head, school):
    job = a_job(school, requested_by=head)

    page = (
        client_for(head)
        .get(reverse("jobs:detail", kwargs={"school_slug": school.slug, "job_id": job.public_id}))
        .text
    )

    assert "<script>" not in page
    assert 'src="/static/js/job-progress.js"' in page
