"""The school's configuration, its training log and its reporting contacts, in a real browser.

Every page these journeys open is scanned by axe-core (see browser.py).
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from schools.calendar import school_today
from schools.models import School

from .browser import navigating, sign_in, visit


def test_headteacher_changes_who_reviews_access_requests_and_a_threshold(page: Page) -> None:
    sign_in(page, "head@chestnuts.example")
    with navigating(page):
        # Set-up pages are on the home page, not in the header.
        page.get_by_role("main").get_by_role("link", name="School settings").click()
    reviewers = page.get_by_role("group", name="Blocked-content access requests")
    threshold = page.get_by_label("In reminders, mark as overdue what has waited this many days")

    # Out of range first: the message is next to the field, and nothing is saved.
    reviewers.get_by_label("E-safety team member").check()
    threshold.fill("120")
    with navigating(page):
        page.get_by_role("button", name="Save settings").click()
    expect(page.get_by_role("alert")).to_contain_text("Nothing was saved")
    expect(page.locator("#div_id_reminder_overdue_days")).to_contain_text(
        "Ensure this value is less than or equal to 90."
    )
    expect(threshold).to_have_attribute("aria-invalid", "true")

    threshold.fill("7")
    with navigating(page):
        page.get_by_role("button", name="Save settings").click()
    summary = page.locator("#saved-changes")
    expect(summary).to_contain_text(
        "Blocked-content access requests are now reviewed by: Headteacher, E-safety team member"
        " (before: Headteacher)."
    )
    expect(summary).to_contain_text("Reminders mark what has waited 7 days as overdue (before: 5).")
    expect(threshold).to_have_value("7")

    with navigating(page):
        page.get_by_role("link", name="Home").first.click()
    expect(page.get_by_text("Handled by: E-safety team member, Headteacher")).to_be_visible()


def test_headteacher_adjusts_a_contact_and_resets_it(page: Page) -> None:
    sign_in(page, "head@chestnuts.example")
    visit(page, "/chestnuts/contacts/edit/")
    with navigating(page):
        page.get_by_role("link", name="Edit Snapchat").click()
    page.get_by_label("Advice", exact=True).fill(
        "Ask the child to show you how to report in the app."
    )
    with navigating(page):
        page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Saved: Snapchat.")).to_be_visible()
    snapchat = page.get_by_role("row", name=re.compile("^Snapchat"))
    expect(snapchat).to_contain_text("Adjusted by the school")

    with navigating(page):
        page.get_by_role("button", name="Reset Snapchat to the platform's entry").click()
    expect(page.get_by_text("Snapchat is back to the platform's entry.")).to_be_visible()
    expect(page.get_by_role("row", name=re.compile("^Snapchat"))).to_contain_text(
        "As the platform's list"
    )


def test_dsl_records_a_training_session_and_the_due_list_follows(page: Page) -> None:
    today = school_today(School.objects.get(slug="chestnuts"))
    sign_in(page, "dsl@chestnuts.example")
    with navigating(page):
        page.get_by_role("navigation", name="Main").get_by_role(
            "link", name="Staff training"
        ).click()
    with navigating(page):
        page.get_by_role("link", name="See which staff are due for training").click()
    esafety = page.locator("section", has_text="E-safety briefing or training")
    expect(esafety.get_by_role("rowheader", name="Tom Turner")).to_be_visible()

    visit(page, "/chestnuts/training/")
    with navigating(page):
        page.get_by_role("link", name="Record a session").click()
    page.get_by_label("Kind of training").select_option(label="E-safety briefing or training")
    page.get_by_label("Date held").fill(today.isoformat())
    page.get_by_label("Title").fill("E-safety briefing: reporting inappropriate content")
    page.get_by_label("Led by").fill("Erin Evans, e-safety lead")
    attended = page.get_by_role("group", name="Who attended")
    attended.get_by_label("Tom Turner").check()
    attended.get_by_label("Sam Shaw").check()
    with navigating(page):
        page.get_by_role("button", name="Record the session").click()

    expect(page.get_by_role("heading", level=1)).to_have_text(
        "E-safety briefing: reporting inappropriate content"
    )
    expect(page.get_by_role("heading", name="Who attended (2)")).to_be_visible()

    with navigating(page):
        page.get_by_role("link", name="All training sessions").click()
    with navigating(page):
        page.get_by_role("link", name="See which staff are due for training").click()
    esafety = page.locator("section", has_text="E-safety briefing or training")
    expect(esafety.get_by_role("rowheader", name="Tom Turner")).to_have_count(0)
    expect(esafety.get_by_role("rowheader", name="Harriet Hale")).to_be_visible()


def test_dsl_withdraws_a_session_recorded_in_error(page: Page) -> None:
    sign_in(page, "dsl@chestnuts.example")
    visit(page, "/chestnuts/training/")
    with navigating(page):
        page.get_by_role("link", name="Safeguarding induction").click()
    with navigating(page):
        page.get_by_role("link", name="Withdraw this session").click()
    with navigating(page):
        page.get_by_role("button", name="Withdraw the session").click()
    expect(page.locator("#div_id_reason")).to_contain_text("This field is required.")

    page.get_by_label("Why is this session being withdrawn?").fill("Wrong date entered.")
    with navigating(page):
        page.get_by_role("button", name="Withdraw the session").click()
    expect(page.get_by_text("Withdrawn by Dev Dhillon")).to_be_visible()


@pytest.mark.parametrize("viewport", ["tablet"], indirect=True)
def test_a_teacher_reads_the_reporting_contacts_on_a_tablet(page: Page) -> None:
    sign_in(page, "teacher@chestnuts.example")
    with navigating(page):
        page.get_by_role("main").get_by_role("link", name="Reporting contacts").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Reporting contacts")
    expect(
        page.get_by_text("Blocked on the school's network: Facebook, Instagram, Snapchat.")
    ).to_be_visible()
    expect(page.get_by_role("link", name="Instagram help centre")).to_have_attribute(
        "href", "https://help.instagram.com/"
    )
    expect(page.get_by_role("heading", name="TikTok")).to_be_visible()
    expect(page.get_by_role("heading", name="EE", exact=True)).to_be_visible()
    expect(page.get_by_role("link", name="Edit the school's lists")).to_have_count(0)
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
