"""The kiosk at Chestnuts' parents' evening, on a tablet: families sign, one after another.

A teacher starts the kiosk; one family draws a signature with the mouse, the
next signs by typed name with the keyboard alone; the Wi-Fi drops as a family
presses Sign, and nothing is lost or recorded twice; the teacher leaves kiosk
mode with their password. Every page is scanned by axe-core (browser.py).
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.sync_api import Locator, Page, expect

from agreements.models import Agreement, Method
from schools.models import School
from schools.tenancy import TenantQuerySet

from .browser import DEMO_PASSWORD, check_accessibility, navigating, sign_in, visit

TABLET = pytest.mark.parametrize("viewport", ["tablet"], indirect=True)
OFFLINE = "No connection — nothing was lost"


@pytest.fixture(autouse=True)
def _jobs_in_process(settings: Any) -> None:
    settings.CELERY_TASK_ALWAYS_EAGER = True


def at_this_kiosk() -> TenantQuerySet[Agreement]:
    """Agreements signed at a kiosk the test started (the demo's evening is over)."""
    return Agreement.objects.for_school(chestnuts()).filter(kiosk__ended_at__isnull=True)


def chestnuts() -> School:
    return School.objects.get(slug="chestnuts")


def start_kiosk(page: Page) -> None:
    sign_in(page, "teacher@chestnuts.example")
    visit(page, "/chestnuts/kiosk/start/")
    expect(page.get_by_label("Event")).to_have_value(re.compile(r"^Parents' evening, \w+ term$"))
    with navigating(page):
        page.get_by_role("button", name="Start the kiosk").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Home-school agreement")


def draw(page: Page, box: Locator) -> None:
    """A signature drawn with the mouse: two strokes across the box."""
    box.scroll_into_view_if_needed()
    area = box.bounding_box()
    assert area is not None
    x, y, w, h = area["x"], area["y"], area["width"], area["height"]
    for start, end in (((0.1, 0.7), (0.4, 0.3)), ((0.5, 0.6), (0.9, 0.5))):
        page.mouse.move(x + w * start[0], y + h * start[1])
        page.mouse.down()
        page.mouse.move(x + w * end[0], y + h * end[1], steps=12)
        page.mouse.up()


def fill_family(page: Page, parent: str, child: str, school_class: str) -> None:
    page.get_by_label("Your name (parent or carer)").fill(parent)
    page.get_by_label("Your child's name").fill(child)
    page.get_by_label("Your child's class").select_option(label=school_class)


def expect_clean_form(page: Page) -> None:
    for label in (
        "Your name (parent or carer)",
        "Your child's name",
        "Email for a copy (optional)",
    ):
        expect(page.get_by_label(label)).to_have_value("")
    expect(page.get_by_label("Your child's class")).to_have_value("")
    expect(
        page.get_by_label("I have read the agreement above and agree to it.")
    ).not_to_be_checked()


def tab_to(page: Page, target: Locator, most: int = 40) -> None:
    """Press Tab until ``target`` has the focus, as a keyboard user would."""
    for _ in range(most):
        if target.evaluate("element => element === document.activeElement"):
            return
        page.keyboard.press("Tab")
    raise AssertionError("Tab never reached the control")


@TABLET
def test_families_sign_one_after_another_and_staff_leave(page: Page) -> None:
    start_kiosk(page)
    # Only the agreement and the form: no portal navigation to follow.
    expect(page.get_by_role("navigation", name="Main")).to_have_count(0)

    # The first family draws a signature with the mouse (pointer events, like a finger).
    fill_family(page, "Farah Khan", "Amira Khan", "Year 4")
    page.get_by_label("Email for a copy (optional)").fill("farah.khan@example.test")
    draw(page, page.get_by_role("img", name="Your signature: the box to sign in"))
    page.get_by_label("I have read the agreement above and agree to it.").check()
    with navigating(page):
        page.get_by_role("button", name="Sign the agreement").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Thank you — your agreement has been recorded"
    )
    expect(page.locator("main")).not_to_contain_text("Khan")
    # After a few seconds the tablet is ready for the next family, with a clean form.
    with page.expect_navigation(timeout=15_000):
        pass
    check_accessibility(page)
    expect_clean_form(page)
    first = at_this_kiosk().get()
    assert (first.method, first.signature_kind, first.parent_name) == (
        Method.KIOSK,
        "drawn",
        "Farah Khan",
    )
    assert first.signature.startswith("M ")
    assert first.kiosk is not None

    # The second family uses the keyboard alone, and signs by typing the name.
    tab_to(page, page.get_by_label("Your name (parent or carer)"))
    page.keyboard.type("Sam Lee")
    page.keyboard.press("Tab")
    page.keyboard.type("Ruby Lee")
    page.keyboard.press("Tab")
    for _ in range(3):  # the classes are listed Reception, Year 1, Year 2…
        page.keyboard.press("ArrowDown")
    tab_to(page, page.get_by_role("radio", name="Draw a signature"))
    page.keyboard.press("ArrowDown")  # to "Type the name instead"
    expect(page.get_by_role("radio", name="Type the name instead")).to_be_checked()
    page.keyboard.press("Tab")
    page.keyboard.type("Sam Lee")
    tab_to(page, page.get_by_label("I have read the agreement above and agree to it."))
    page.keyboard.press("Space")
    tab_to(page, page.get_by_role("button", name="Sign the agreement"))
    with navigating(page):
        page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Thank you")
    second = at_this_kiosk().exclude(pk=first.pk).get()
    assert (second.signature_kind, second.signature) == ("typed", "Sam Lee")
    assert second.school_class.name == "Year 2"

    # The back button shows nothing of what the family entered.
    page.go_back()
    check_accessibility(page)
    expect_clean_form(page)

    # Staff leave kiosk mode with the teacher's password.
    with navigating(page):
        page.get_by_role("link", name="Staff: leave kiosk mode").click()
    page.get_by_label("Password of Tom Turner (who started this kiosk)").fill("not-it")
    with navigating(page):
        page.get_by_role("button", name="Leave kiosk mode").click()
    expect(page.locator("#div_id_password")).to_contain_text("That is not the right password.")
    page.get_by_label("Password of Tom Turner (who started this kiosk)").fill(DEMO_PASSWORD)
    with navigating(page):
        page.get_by_role("button", name="Leave kiosk mode").click()
    expect(page.get_by_role("navigation", name="Main")).to_be_visible()
    expect(page.get_by_text("Kiosk mode has ended")).to_be_visible()


@TABLET
def test_a_dropped_connection_loses_nothing_and_records_once(page: Page) -> None:
    start_kiosk(page)
    fill_family(page, "Ola Nowak", "Zofia Nowak", "Year 2")
    page.get_by_role("radio", name="Type the name instead").check()
    page.get_by_label("Type your full name to sign").fill("Ola Nowak")
    page.get_by_label("I have read the agreement above and agree to it.").check()

    page.context.set_offline(True)
    page.get_by_role("button", name="Sign the agreement").click()
    expect(page.get_by_role("alert")).to_contain_text(OFFLINE)
    check_accessibility(page)
    expect(page.get_by_label("Your name (parent or carer)")).to_have_value("Ola Nowak")
    expect(page.get_by_label("Type your full name to sign")).to_have_value("Ola Nowak")
    assert not at_this_kiosk().exists()

    page.context.set_offline(False)
    with navigating(page):
        page.get_by_role("button", name="Sign the agreement").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Thank you")
    agreement = at_this_kiosk().get()
    assert (agreement.parent_name, agreement.school_class.name) == ("Ola Nowak", "Year 2")
