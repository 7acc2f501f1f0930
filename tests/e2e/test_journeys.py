"""Signing in and out, reaching your own school only, and doing it by keyboard.

Every page these journeys open is scanned by axe-core (see browser.py).
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.core import mail
from playwright.sync_api import Page, expect

from accounts.mail import account_mail

from .browser import EVERY_SIZE, check_accessibility, navigating, sign_in, visit

CHESTNUTS = "Chestnuts Primary School"
NORRIS_BANK = "Norris Bank Primary School"
NEW_PASSWORD = "conker-season-2026"

# What each demo account (PRODUCT.md §6) should see once signed in.
DEMO_ACCOUNTS = [
    ("head@chestnuts.example", "chestnuts", CHESTNUTS, "Headteacher"),
    ("dsl@chestnuts.example", "chestnuts", CHESTNUTS, "Designated safeguarding lead"),
    ("esafety@chestnuts.example", "chestnuts", CHESTNUTS, "E-safety team member"),
    ("teacher@chestnuts.example", "chestnuts", CHESTNUTS, "Teacher"),
    ("support@chestnuts.example", "chestnuts", CHESTNUTS, "Support staff"),
    ("network@chestnuts.example", "chestnuts", CHESTNUTS, "Network manager"),
    ("governor@chestnuts.example", "chestnuts", CHESTNUTS, "Governor"),
    # Norris Bank 2.1: the headteacher is on the e-safety team.
    (
        "head@norris-bank.example",
        "norris-bank",
        NORRIS_BANK,
        "Headteacher, E-safety team member",
    ),
    ("dsl@norris-bank.example", "norris-bank", NORRIS_BANK, "Designated safeguarding lead"),
    ("esafety@norris-bank.example", "norris-bank", NORRIS_BANK, "E-safety team member"),
    ("teacher@norris-bank.example", "norris-bank", NORRIS_BANK, "Teacher"),
    ("support@norris-bank.example", "norris-bank", NORRIS_BANK, "Support staff"),
    ("network@norris-bank.example", "norris-bank", NORRIS_BANK, "Network manager"),
    ("governor@norris-bank.example", "norris-bank", NORRIS_BANK, "Governor"),
]


def test_each_demo_account_signs_in_to_its_school_home(page: Page, subtests: Any) -> None:
    # One demo load for all sixteen accounts: each signs in from an empty cookie jar.
    for email, slug, school_name, roles in DEMO_ACCOUNTS:
        with subtests.test(account=email):
            page.context.clear_cookies()
            sign_in(page, email)

            expect(page).to_have_url(f"/{slug}/")
            expect(page.get_by_role("heading", level=1)).to_have_text(school_name)
            expect(page.locator(".lead")).to_contain_text(f"You are signed in as {roles.lower()}.")
            expect(page.get_by_role("navigation", name="Main")).to_contain_text(f"({roles})")


@pytest.mark.parametrize(
    ("email", "other_slug"),
    [
        ("teacher@chestnuts.example", "norris-bank"),
        ("teacher@norris-bank.example", "chestnuts"),
    ],
)
def test_another_schools_address_is_page_not_found(page: Page, email: str, other_slug: str) -> None:
    sign_in(page, email)

    response = visit(page, f"/{other_slug}/")

    assert response is not None
    assert response.status == 404
    expect(page.get_by_role("heading", level=1)).to_have_text("Page not found")
    expect(page).to_have_title("Page not found · Policy Portal")


def test_signing_out_ends_the_session(page: Page) -> None:
    sign_in(page, "head@chestnuts.example")

    with navigating(page):
        page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign in")

    visit(page, "/chestnuts/")
    expect(page).to_have_url("/accounts/login/?next=/chestnuts/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign in")


def test_wrong_password_shows_the_error(page: Page) -> None:
    sign_in(page, "head@chestnuts.example", password="not-the-password")

    expect(page).to_have_url("/accounts/login/")
    expect(
        page.get_by_text("That email address and password do not match an account.")
    ).to_be_visible()
    expect(page.get_by_label("Email address")).to_have_value("head@chestnuts.example")


def test_skip_link_is_the_first_tab_stop_and_moves_focus_to_main(page: Page) -> None:
    sign_in(page, "teacher@chestnuts.example")

    page.keyboard.press("Tab")
    skip_link = page.get_by_role("link", name="Skip to main content")
    expect(skip_link).to_be_focused()
    expect(skip_link).to_be_in_viewport()

    page.keyboard.press("Enter")
    expect(page.locator("main")).to_be_focused()


def test_sign_in_with_the_keyboard_alone(page: Page) -> None:
    visit(page, "/accounts/login/")

    # No autofocus (it would skip the heading for screen-reader users and
    # throw up a tablet's keyboard): the skip link leads to the form.
    page.keyboard.press("Tab")
    expect(page.get_by_role("link", name="Skip to main content")).to_be_focused()
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    expect(page.get_by_label("Email address")).to_be_focused()
    page.keyboard.type("dsl@norris-bank.example")
    page.keyboard.press("Tab")
    expect(page.get_by_label("Password")).to_be_focused()
    page.keyboard.type("portal-demo")
    page.keyboard.press("Tab")
    expect(page.get_by_role("button", name="Sign in")).to_be_focused()
    with navigating(page):
        page.keyboard.press("Enter")

    # The browser keeps the skip link's #main across the redirect.
    expect(page).to_have_url(re.compile(r"/norris-bank/(#main)?$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(NORRIS_BANK)


FOCUSED = """() => {
    const el = document.activeElement;
    if (!el || el === document.body) return null;
    const style = getComputedStyle(el);
    return {
        name: `${el.tagName.toLowerCase()} "${(el.innerText || el.name || el.id).trim()}"`,
        ring: style.outlineStyle !== "none" && parseFloat(style.outlineWidth) >= 2,
    };
}"""


def tab_stops(page: Page) -> list[dict[str, str | bool]]:
    """Press Tab until focus comes round again; what had focus, and was it ringed."""
    stops: list[dict[str, str | bool]] = []
    for _ in range(40):
        page.keyboard.press("Tab")
        stop = page.evaluate(FOCUSED)
        if stop is None:
            continue  # past the last control, before wrapping to the first
        if stop in stops:
            return stops
        stops.append(stop)
    raise AssertionError(f"Focus never came round again after {stops}")


@pytest.mark.parametrize(
    "email", [None, "head@chestnuts.example"], ids=["sign-in-page", "school-home"]
)
def test_every_tab_stop_shows_the_focus_ring(page: Page, email: str | None) -> None:
    if email is None:
        visit(page, "/accounts/login/")
    else:
        sign_in(page, email)  # lands on the school's home page

    stops = tab_stops(page)

    assert len(stops) >= 4
    unringed = [str(s["name"]) for s in stops if not s["ring"]]
    assert not unringed, f"No visible focus ring on: {', '.join(unringed)}"


@EVERY_SIZE
def test_sign_in_fits_every_screen(page: Page) -> None:
    visit(page, "/accounts/login/")
    # WCAG 1.4.10 reflow: nothing scrolls sideways.
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    expect(page.get_by_role("button", name="Sign in")).to_be_in_viewport()

    sign_in(page, "governor@chestnuts.example")

    expect(page.get_by_role("heading", level=1)).to_have_text(CHESTNUTS)
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


@pytest.mark.parametrize("viewport", ["phone"], indirect=True)
def test_phone_menu_opens_and_signs_out(page: Page) -> None:
    sign_in(page, "support@norris-bank.example")
    toggle = page.get_by_role("button", name="Show or hide the menu")
    expect(toggle).to_have_attribute("aria-expanded", "false")

    toggle.click()
    expect(toggle).to_have_attribute("aria-expanded", "true")
    sign_out = page.get_by_role("button", name="Sign out")
    expect(sign_out).to_be_visible()
    check_accessibility(page)  # the open menu is a new state of the same page

    with navigating(page):
        sign_out.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign in")


def test_your_schools_lists_the_school_and_leads_home(page: Page) -> None:
    sign_in(page, "esafety@chestnuts.example")

    with navigating(page):
        page.get_by_role("link", name="Your schools").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your schools")

    with navigating(page):
        page.get_by_role("link", name=CHESTNUTS).click()
    expect(page).to_have_url("/chestnuts/")


def test_forgotten_password_link_lets_you_choose_a_new_one(page: Page) -> None:
    visit(page, "/accounts/login/")
    with navigating(page):
        page.get_by_role("link", name="Forgotten your password?").click()
    page.get_by_label("Email address").fill("teacher@chestnuts.example")
    with navigating(page):
        page.get_by_role("button", name="Send the link").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Check your email")

    account_mail.flush()  # the email goes out from a background thread
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["teacher@chestnuts.example"]
    link = re.search(r"https?://\S+/accounts/password-reset/\S+", mail.outbox[0].body)
    assert link is not None
    visit(page, link.group(0))
    expect(page.get_by_role("heading", level=1)).to_have_text("Choose a new password")
    page.get_by_label("New password", exact=False).first.fill(NEW_PASSWORD)
    page.get_by_label("New password confirmation").fill(NEW_PASSWORD)
    with navigating(page):
        page.get_by_role("button", name="Save the new password").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your password has been changed")

    sign_in(page, "teacher@chestnuts.example", password=NEW_PASSWORD)
    expect(page).to_have_url("/chestnuts/")
