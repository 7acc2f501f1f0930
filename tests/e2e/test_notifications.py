"""Notifications: the header's bell, the list, marking read, at every screen size."""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from accounts.models import User
from notifications.services import notifications_mark_all_read, notify, safeguarding_alert
from schools.models import School
from schools.roles import RecordKind

from .browser import EVERY_SIZE, navigating, sign_in

FILE_READY = "Your PDF is ready"


@pytest.fixture
def head_has_news(demo_data: None) -> None:
    school = School.objects.get(slug="chestnuts")
    head = User.objects.get(email="head@chestnuts.example")
    # What the demo's records already told the head is read: this journey's news is new.
    notifications_mark_all_read(school=school, by=head)
    notify(school=school, users=[head], kind="jobs.finished", title=FILE_READY, url="/chestnuts/")
    safeguarding_alert(school=school, what=RecordKind.CONTENT_REPORT, url="/chestnuts/reports/1/")


def open_menu(page: Page, viewport: str) -> None:
    if viewport in ("phone", "tablet"):  # below 1200 px the menu is folded away
        page.get_by_role("button", name="Show or hide the menu").click()
        # Wait, as a person does, until it has finished opening: a tap while the
        # menu still slides open can miss its link on a busy machine.
        expect(page.locator("#main-nav")).to_have_class(re.compile(r"(^|\s)show(\s|$)"))


@EVERY_SIZE
def test_the_bell_leads_to_the_notifications_and_they_can_be_marked_read(
    page: Page, viewport: str, head_has_news: Any
) -> None:
    sign_in(page, "head@chestnuts.example")
    open_menu(page, viewport)
    bell = page.get_by_role("link", name="Notifications, 2 unread, 1 urgent")
    expect(bell).to_be_visible()

    with navigating(page):
        bell.click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Notifications")
    expect(page.get_by_text("You have 2 unread notifications")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")

    with navigating(page):
        page.get_by_role("button", name=f"Mark as read: {FILE_READY}").click()

    open_menu(page, viewport)
    expect(page.get_by_role("link", name="Notifications, 1 unread, 1 urgent")).to_be_visible()

    with navigating(page):
        page.get_by_role("button", name="Mark all as read").click()

    expect(page.get_by_text("All your notifications here are marked as read.")).to_be_visible()
    open_menu(page, viewport)
    expect(page.get_by_role("link", name="Notifications", exact=True)).to_be_visible()
