"""The DSL of a school that requires two-factor sign-in sets it up, then signs in with it.

Chestnuts' headteacher requires two-factor sign-in (through the service, as the
settings page does). The DSL signs in with their password and is sent to
set-up; they read the key from the page as someone typing it into an app
would, compute the code with pyotp, confirm, and see their ten recovery codes.
They sign out, sign in again, must enter a code, and then reach the incident
list. Every page is scanned by axe-core (browser.py).
"""

from __future__ import annotations

import pyotp
from playwright.sync_api import Page, expect

from accounts.models import User
from schools.models import School
from twofactor.models import TOTPDevice
from twofactor.services import school_two_factor_require

from .browser import navigating, sign_in, visit

DSL = "dsl@chestnuts.example"


def test_the_dsl_sets_up_two_factor_sign_in_and_uses_it(page: Page) -> None:
    school = School.objects.get(slug="chestnuts")
    head = User.objects.get(email="head@chestnuts.example")
    school_two_factor_require(school=school, required=True, by=head)

    sign_in(page, DSL)

    # Sent to set-up before any of the school's pages.
    expect(page.get_by_role("heading", level=1)).to_have_text("Set up two-factor sign-in")
    expect(page.get_by_text("requires two-factor sign-in for your role").first).to_be_visible()
    expect(
        page.get_by_role("img", name="QR code to scan with your authenticator app")
    ).to_be_visible()
    secret = "".join(page.locator("#two-factor-secret").inner_text().split())
    page.get_by_label("Code from your authenticator app").fill(pyotp.TOTP(secret).now())
    with navigating(page):
        page.get_by_role("button", name="Turn on two-factor sign-in").click()

    # The recovery codes, once.
    expect(page.get_by_role("heading", level=1)).to_have_text("Your recovery codes")
    expect(page.get_by_role("list", name="Recovery codes").get_by_role("listitem")).to_have_count(
        10
    )
    with navigating(page):
        page.get_by_role("link", name="I have kept my codes: continue").click()
    expect(page.get_by_role("heading", level=1)).not_to_have_text("Set up two-factor sign-in")

    with navigating(page):
        page.get_by_role("navigation", name="Main").get_by_role("button", name="Sign out").click()

    # Signing in again: the password, then a code.
    sign_in(page, DSL)
    expect(page.get_by_role("heading", level=1)).to_have_text("Enter your two-factor code")
    device = TOTPDevice.objects.get(user__email=DSL)
    assert device.last_used_step is not None
    # The next 30 seconds' code: the one used to confirm cannot be used again.
    code = pyotp.TOTP(secret).at((device.last_used_step + 1) * 30)
    page.get_by_label("Code from your authenticator app").fill(code)
    with navigating(page):
        page.get_by_role("button", name="Continue").click()

    visit(page, "/chestnuts/incidents/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Incidents")
