"""The headteacher invites a new teacher, who joins by the emailed link; later the head
changes their role and deactivates them, and the teacher's open browser is signed out.

Two browsers: the headteacher's tab (the ``page`` fixture) and the teacher's own, in a
context of its own so that it holds its own session. Every page is scanned by axe.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

import pytest
from django.core import mail
from playwright.sync_api import Browser, Page, expect

from accounts.mail import account_mail
from accounts.models import User
from schools.access import roles_of
from schools.models import School
from schools.roles import Role

from .browser import VIEWPORTS, navigating, sign_in, track, untrack, visit
from .conftest import TIMEOUT_MS

NEW_PASSWORD = "Plum-orchard-lantern-42"
NEW_EMAIL = "nadia.new@chestnuts.example"


@pytest.fixture
def teachers_page(browser: Browser, live_server: Any, viewport: str) -> Iterator[Page]:
    """The new teacher's own browser: no cookies shared with the head's."""
    context = browser.new_context(
        base_url=live_server.url, locale="en-GB", timezone_id="Europe/London", **VIEWPORTS[viewport]
    )
    context.set_default_timeout(TIMEOUT_MS)
    other = context.new_page()
    track(other)
    try:
        yield other
    finally:
        untrack(other)
        context.close()


def emailed_path(to: str) -> str:
    account_mail.flush()  # the invitation goes out from a background thread
    [message] = [m for m in mail.outbox if m.to == [to]]
    found = re.search(r"https?://\S+?(/invitations/\S+/)", message.body)
    assert found is not None, message.body
    return found.group(1)


def test_a_head_invites_a_teacher_who_joins_then_changes_and_ends_their_roles(
    page: Page, teachers_page: Page
) -> None:
    sign_in(page, "head@chestnuts.example")
    visit(page, "/chestnuts/people/")
    expect(page.get_by_role("heading", level=1)).to_have_text("People")
    with navigating(page):
        page.get_by_role("link", name="Invite someone").click()
    page.get_by_label("Full name").fill("Nadia New")
    page.get_by_label("Email address").fill(NEW_EMAIL)
    page.get_by_label("Teacher", exact=True).check()
    with navigating(page):
        page.get_by_role("button", name="Send the invitation").click()
    expect(page.get_by_text(f"Invitation sent to {NEW_EMAIL}")).to_be_visible()
    expect(page.get_by_role("button", name=f"Resend the invitation to {NEW_EMAIL}")).to_be_visible()

    # The teacher opens the emailed link in their own browser and chooses a password.
    link = emailed_path(NEW_EMAIL)
    visit(teachers_page, link)
    expect(teachers_page.get_by_role("heading", level=1)).to_contain_text("Join ")
    expect(teachers_page.get_by_label("Your full name")).to_have_value("Nadia New")
    teachers_page.get_by_label("New password", exact=False).first.fill(NEW_PASSWORD)
    teachers_page.get_by_label("New password confirmation").fill(NEW_PASSWORD)
    with navigating(teachers_page):
        teachers_page.get_by_role("button", name="Join and sign in").click()
    expect(teachers_page).to_have_url("/chestnuts/")
    expect(teachers_page.get_by_text("Welcome to")).to_be_visible()
    # The link works once.
    visit(teachers_page, link)
    expect(teachers_page.get_by_role("heading", level=1)).to_have_text(
        "This invitation link no longer works"
    )

    # The head finds them on the people page and gives them the e-safety role instead.
    visit(page, "/chestnuts/people/")
    with navigating(page):
        page.get_by_role("link", name="Nadia New").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Nadia New")
    page.get_by_label("Role to add").select_option(label="E-safety team member")
    with navigating(page):
        page.get_by_role("button", name="Add the role").click()
    expect(page.get_by_text("Nadia New is now also e-safety team member.")).to_be_visible()
    with navigating(page):
        # The hidden part of the name may be read after a space: "End this role : Teacher".
        page.get_by_role("button", name=re.compile(r"End this role\W+Teacher")).click()
    expect(page.get_by_text("Nadia New is no longer teacher.")).to_be_visible()
    school = School.objects.get(slug="chestnuts")
    nadia = User.objects.get(email=NEW_EMAIL)
    assert roles_of(nadia, school) == {Role.ESAFETY}

    # Then deactivates them: the teacher's open browser is signed out at once.
    with navigating(page):
        page.get_by_role("link", name="Deactivate Nadia New").click()
    page.get_by_label("Yes, end all their roles here and sign them out everywhere").check()
    with navigating(page):
        page.get_by_role("button", name="Deactivate").click()
    expect(page.get_by_text("Nadia New no longer has a role here")).to_be_visible()

    visit(teachers_page, "/chestnuts/")
    expect(teachers_page.get_by_role("heading", level=1)).to_have_text("Sign in")
    nadia.refresh_from_db()
    assert not nadia.is_active
