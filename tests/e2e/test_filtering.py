"""Web filtering in the browser: an access request from filing to unblocked, and a
safeguarding report reaching the DSL.

Every page these journeys open is scanned by axe-core (see browser.py). Jobs run
in-process, so the emails the services queue are in ``mail.outbox`` in every
configuration.
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.core import mail
from playwright.sync_api import Page, expect

from forms_app.models import AccessRequest, ContentReport
from schools.models import School

from .browser import check_accessibility, navigating, sign_in, visit

VIDEO = "https://www.youtube.com/watch?v=e2e-rock-cycle"
REPORTED = "https://free-games.example.net/spin-to-win"


@pytest.fixture(autouse=True)
def _jobs_in_process(settings: Any) -> None:
    settings.CELERY_TASK_ALWAYS_EAGER = True


def sign_out(page: Page) -> None:
    with navigating(page):
        page.get_by_role("button", name="Sign out").click()


def open_filtering(page: Page, link: str) -> None:
    """The header's "Web filtering" menu, then one of its links."""
    nav = page.get_by_role("navigation", name="Main")
    nav.get_by_role("button", name="Web filtering").click()
    with navigating(page):
        nav.get_by_role("link", name=link).click()


def chestnuts() -> School:
    return School.objects.get(slug="chestnuts")


def test_a_request_is_filed_approved_seen_and_unblocked(page: Page) -> None:
    # A teacher asks; the box shows what was decided about YouTube before.
    sign_in(page, "teacher@chestnuts.example")
    open_filtering(page, "Access requests")
    with navigating(page):
        page.get_by_role("link", name="Ask for a site to be unblocked").click()
    page.get_by_label("Full URL").fill(VIDEO)
    expect(page.locator("#same-site")).to_contain_text("Earlier decisions on youtube.com")
    check_accessibility(page)  # the box was filled in without a page load
    page.get_by_label("Site content").fill("A three-minute animation of the rock cycle.")
    page.get_by_label("Reasons").fill("Year 4 science: rocks and soils this half term.")
    page.get_by_label("Risks").fill("Suggested videos at the end: I will stop it before them.")
    page.get_by_label("A class").check()
    page.get_by_label("Which class").select_option(label="Year 4")
    page.get_by_label("One week").check()
    with navigating(page):
        page.get_by_role("button", name="Send the request").click()
    request = AccessRequest.objects.for_school(chestnuts()).get(url=VIDEO)
    expect(page.get_by_role("heading", level=1)).to_contain_text(request.reference)
    expect(page.locator(".lead")).to_have_text("Status: Awaiting decision")
    sign_out(page)

    # The headteacher finds it in the queue and approves it, with a reason.
    sign_in(page, "head@chestnuts.example")
    open_filtering(page, "Requests to decide")
    with navigating(page):
        page.get_by_role("link", name=f"Decide on {request.reference}", exact=True).click()
    page.get_by_label("Approve").check()
    page.get_by_label("Reason").fill("A good short video; the class is supervised.")
    with navigating(page):
        page.get_by_role("button", name="Send the decision").click()
    expect(page.locator(".lead")).to_have_text("Status: Approved: to be unblocked")
    sign_out(page)

    # The teacher sees the decision and its reason; the email told them too.
    sign_in(page, "teacher@chestnuts.example")
    open_filtering(page, "Access requests")
    row = page.get_by_role("row", name=re.compile(rf"^{request.reference}\b"))
    expect(row).to_contain_text("Approved")
    with navigating(page):
        row.get_by_role("link", name=re.compile(rf"^{request.reference}\b")).click()
    reason = page.get_by_text("A good short video; the class is supervised.", exact=True)
    expect(reason).to_be_visible()
    told = [m for m in mail.outbox if m.to == ["teacher@chestnuts.example"]]
    assert any("was approved" in m.subject for m in told), [m.subject for m in told]
    sign_out(page)

    # The network manager opens the site and records it from the to-do list.
    sign_in(page, "network@chestnuts.example")
    open_filtering(page, "Filtering to-do")
    with navigating(page):
        page.get_by_role("link", name=f"Record that it is unblocked ({request.reference})").click()
    with navigating(page):
        page.get_by_role("button", name="Record as unblocked").click()
    expect(page.locator(".lead")).to_have_text("Status: Unblocked")

    # The history shows every change and who made it.
    history = page.locator(".record-history > li")
    expect(history).to_have_count(3)
    expect(history.nth(0)).to_contain_text("Created by Tom Turner")
    expect(history.nth(1)).to_contain_text("Changed by Harriet Hale")
    expect(history.nth(1)).to_contain_text("A good short video")
    expect(history.nth(2)).to_contain_text("Changed by Nia Newton")


def test_a_safeguarding_report_alerts_the_dsl_at_once(page: Page) -> None:
    sign_in(page, "support@chestnuts.example")
    open_filtering(page, "Content reports")
    with navigating(page):
        page.get_by_role("link", name="Report inappropriate content").click()
    page.get_by_label("Full URLs").fill(REPORTED)
    page.get_by_label("General site content").fill("A games site a pupil opened at lunchtime.")
    page.get_by_label("Gambling").check()
    page.get_by_label("Yes", exact=True).check()
    with navigating(page):
        page.get_by_role("button", name="Send the report").click()
    expect(page.get_by_text("have been alerted")).to_be_visible()
    report = ContentReport.objects.for_school(chestnuts()).get(sites__url=REPORTED)
    sign_out(page)

    # The DSL's alert says only that something needs attention, and where.
    alerts = [m for m in mail.outbox if m.to == ["dsl@chestnuts.example"]]
    assert alerts, "the DSL was not emailed"
    assert all(REPORTED not in m.body and "games" not in m.body for m in alerts)

    sign_in(page, "dsl@chestnuts.example")
    with navigating(page):
        page.get_by_role("link", name=re.compile(r"^Notifications, \d+ unread")).click()
    newest = page.get_by_role("link", name=re.compile("^Safeguarding: ")).first
    with navigating(page):
        newest.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(report.reference)
    expect(page.get_by_text(REPORTED)).to_be_visible()
    expect(page.get_by_text("consider opening an incident")).to_be_visible()


def test_the_other_filtering_pages_pass_the_accessibility_scan(page: Page) -> None:
    """Each page of this step that the journeys above do not reach, as the person who uses it."""
    school = chestnuts()
    requests = AccessRequest.objects.for_school(school)
    reports = ContentReport.objects.for_school(school)
    waiting_report = reports.filter(status="reported").first()
    assert waiting_report is not None
    teachers = requests.filter(status="submitted", requested_by__email="teacher@chestnuts.example")
    own_waiting = teachers.first()
    running = requests.filter(status__in=["approved", "unblocked"]).first()
    ended = requests.filter(status__in=["expired", "revoked"], reblocked_on__isnull=True)
    to_reblock = ended.exclude(unblocked_on=None).first()
    assert own_waiting is not None
    assert running is not None
    assert to_reblock is not None
    base = "/chestnuts/"

    sign_in(page, "head@chestnuts.example")
    for path in (
        "filtering/register/",
        "filtering/review-pack/",
        "filtering/to-do/",
        "content-reports/queue/",
        f"content-reports/{waiting_report.public_id}/",
        f"content-reports/{waiting_report.public_id}/close/",
        f"access-requests/{running.public_id}/revoke/",
        "access-requests/queue/?show=all",
    ):
        visit(page, base + path)
        expect(page.get_by_role("heading", level=1)).to_be_visible()
    sign_out(page)

    sign_in(page, "network@chestnuts.example")
    for path in (
        f"content-reports/{waiting_report.public_id}/blocked/",
        f"access-requests/{to_reblock.public_id}/blocked-again/",
    ):
        visit(page, base + path)
        expect(page.get_by_role("heading", level=1)).to_be_visible()
    sign_out(page)

    sign_in(page, "teacher@chestnuts.example")
    for path in ("content-reports/", f"access-requests/{own_waiting.public_id}/withdraw/"):
        visit(page, base + path)
        expect(page.get_by_role("heading", level=1)).to_be_visible()
