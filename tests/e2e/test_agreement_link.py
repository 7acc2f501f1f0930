"""A family who missed the evening signs on a phone with their personal link.

The page shows the agreement and the child's name from the roster; the parent
signs with a finger on the box, and the second time the link is opened it says
it has been used. Every page is scanned by axe-core (browser.py).
"""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from agreements.models import Agreement, Method
from agreements.services.links import link_token
from schools.models import School
from tests.isolation.pages_texts import link_in

from .browser import navigating, visit

PHONE = pytest.mark.parametrize("viewport", ["phone"], indirect=True)


@pytest.fixture(autouse=True)
def _jobs_in_process(settings: Any) -> None:
    settings.CELERY_TASK_ALWAYS_EAGER = True


def finger_signature(page: Page) -> None:
    box = page.locator("canvas.signature-canvas").first
    box.scroll_into_view_if_needed()
    area = box.bounding_box()
    assert area is not None
    x, y, w, h = area["x"], area["y"], area["width"], area["height"]
    page.mouse.move(x + w * 0.1, y + h * 0.7)
    page.mouse.down()
    page.mouse.move(x + w * 0.8, y + h * 0.3, steps=15)
    page.mouse.up()


@PHONE
def test_a_parent_signs_on_a_phone_with_their_link(page: Page) -> None:
    school = School.objects.get(slug="chestnuts")
    link = link_in(school)
    address = reverse(
        "agreements:sign", kwargs={"school_slug": "chestnuts", "token": link_token(link)}
    )

    visit(page, address)
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign the home-school agreement")
    expect(page.get_by_text("Link Child", exact=False).first).to_be_visible()
    page.get_by_label("Your name (parent or carer)").fill("Farah Child")
    finger_signature(page)
    page.get_by_label("I have read the agreement above and agree to it.").check()
    with navigating(page):
        page.get_by_role("button", name="Sign the agreement").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Thank you: the agreement is signed")
    [agreement] = Agreement.objects.for_school(school).filter(link=link)
    assert (agreement.method, agreement.signature_kind) == (Method.LINK, "drawn")
    assert agreement.child_name == "Link Child"

    visit(page, address)
    expect(page.get_by_role("heading", level=1)).to_have_text("This link has already been used")
