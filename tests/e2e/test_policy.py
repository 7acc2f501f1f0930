"""The school's policy in the browser: the public page, a new version, acknowledging it.

Every page these journeys open is scanned by axe-core (see browser.py).
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from accounts.models import User
from policies.services import policy_acknowledge, policy_current
from schools.models import School

from .browser import EVERY_SIZE, check_accessibility, navigating, sign_in, visit

NEW_7_5 = (
    "The final decision on whether access should be granted to a site will be made by the "
    "Headteacher, who records the reason."
)


def fits_the_screen(page: Page) -> bool:
    """WCAG 1.4.10 reflow: nothing scrolls sideways."""
    return bool(page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"))


def open_policy(page: Page) -> None:
    """The header's "The policy" (the page that loads is the caller's to wait for)."""
    page.get_by_role("navigation", name="Main").get_by_role("link", name="The policy").click()


def open_management(page: Page) -> None:
    """The headteacher's way in: "The policy", then its versions and drafts."""
    with navigating(page):
        open_policy(page)
    with navigating(page):
        page.get_by_role("link", name="Versions and drafts").click()


def sign_out(page: Page) -> None:
    with navigating(page):
        page.get_by_role("button", name="Sign out").click()


@EVERY_SIZE
def test_anyone_reads_the_policy_and_jumps_to_a_section(page: Page) -> None:
    visit(page, "/chestnuts/policy/")

    expect(page.get_by_role("heading", level=1)).to_contain_text("Social Media use policy")
    expect(page.get_by_text(re.compile(r"^\s*Version 1, published"))).to_be_visible()
    expect(page.locator(".policy-pdf")).to_be_visible()
    assert fits_the_screen(page)

    contents = page.get_by_role("navigation", name="Contents")
    contents.get_by_role("link", name="7. Blocked content").click()

    expect(page).to_have_url(re.compile(r"/chestnuts/policy/#section-7$"))
    heading = page.get_by_role("heading", name="7. Blocked content", level=2)
    expect(heading).to_be_in_viewport()
    expect(page.locator("[id='7.5']")).to_contain_text("will be made by the Headteacher")
    check_accessibility(page)  # the same page, scrolled to the section


@pytest.fixture
def teacher_read_version_one(demo_data: None) -> None:
    """The demo teacher acknowledged version 1, so a material change asks them again."""
    school = School.objects.get(slug="chestnuts")
    version = policy_current(school)
    assert version is not None
    policy_acknowledge(version=version, user=User.objects.get(email="teacher@chestnuts.example"))


def test_a_new_version_is_published_and_staff_acknowledge_it(
    page: Page, teacher_read_version_one: None
) -> None:
    # The headteacher starts a draft, changes 7.5 and publishes a material change.
    sign_in(page, "head@chestnuts.example")
    open_management(page)
    expect(page.get_by_role("heading", level=1)).to_have_text("Manage the policy")
    with navigating(page):
        page.get_by_role("button", name="Start a new draft from version 1").click()
    expect(page.get_by_text("A new draft was started from the version in force.")).to_be_visible()

    with navigating(page):
        page.get_by_role("link", name="Edit clause 7.5").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Edit clause 7.5")
    page.get_by_label("Text of the clause").fill(NEW_7_5)
    with navigating(page):
        page.get_by_role("button", name="Save the clause").click()
    expect(page.locator("[id='7.5']")).to_contain_text("who records the reason")

    with navigating(page):
        page.get_by_role("link", name="Publish the draft").click()
    expect(page.get_by_role("heading", name="What changes from version 1")).to_be_visible()
    expect(page.locator(".policy-diff ins")).to_contain_text("Headteacher, who records the reason.")
    page.get_by_label(re.compile(r"Yes: the policy now asks staff")).check()
    page.get_by_label("What changed").fill("7.5: the headteacher records the reason.")
    with navigating(page):
        page.get_by_role("button", name="Publish this version").click()
    expect(page.get_by_text("Version 2 is published and in force.")).to_be_visible()
    expect(page.get_by_role("heading", name="Version 2 In force")).to_be_visible()
    sign_out(page)

    # The teacher is asked to acknowledge again, reads version 2 and does.
    sign_in(page, "teacher@chestnuts.example")
    with navigating(page):
        open_policy(page)
    expect(
        page.get_by_role("status").filter(has_text="Please read the policy again")
    ).to_contain_text("since you acknowledged version 1")
    with navigating(page):
        page.get_by_role("link", name="Read version 2 of the policy").click()
    expect(page.locator("[id='7.5']")).to_contain_text("who records the reason")
    visit(page, "/chestnuts/policy/acknowledge/")
    with navigating(page):
        page.get_by_role("button", name="I have read and understood the policy").click()
    expect(
        page.get_by_text("Thank you: you have acknowledged version 2 of the policy.")
    ).to_be_visible()
    expect(page.get_by_role("button", name="I have read and understood the policy")).to_have_count(
        0
    )
    sign_out(page)

    # The headteacher's coverage page counts the teacher in.
    sign_in(page, "head@chestnuts.example")
    with navigating(page):
        open_policy(page)
    with navigating(page):
        page.get_by_role("link", name="Who has acknowledged the policy").click()
    done = page.get_by_role("region", name=re.compile(r"^Acknowledged \(1\)"))
    expect(done).to_contain_text("Tom Turner")
    expect(done).to_contain_text("Version 2, on")
    waiting = page.get_by_role("region", name=re.compile(r"^Not yet acknowledged"))
    expect(waiting).to_contain_text("Harriet Hale")
    expect(waiting).to_contain_text("Last acknowledged version 1")


def test_the_headteachers_other_pages(page: Page) -> None:
    """Import refused, a clause added, a heading changed, a clause removed, the draft discarded."""
    sign_in(page, "head@chestnuts.example")
    visit(page, "/chestnuts/policy/manage/")
    with navigating(page):
        page.get_by_role("link", name="Import a document").click()
    page.get_by_label("Policy document").set_input_files(
        {"name": "photo.png", "mimeType": "image/png", "buffer": b"\x89PNG\r\n\x1a\n\x00\x00"}
    )
    with navigating(page):
        page.get_by_role("button", name="Import the document").click()
    expect(page.get_by_text("It looks like an image.")).to_be_visible()
    expect(page.get_by_label("Policy document")).to_have_attribute("aria-invalid", "true")

    visit(page, "/chestnuts/policy/manage/")
    with navigating(page):
        page.get_by_role("button", name="Start a new draft from version 1").click()
    draft_url = page.url

    # A clause out of order: the draft and the publish page both say what to fix.
    with navigating(page):
        page.get_by_role("link", name="Add a clause to 7. Blocked content").click()
    expect(page.get_by_label("Clause number")).to_have_value("7.6")
    page.get_by_label("Clause number").fill("6.99")
    page.get_by_label("Text of the clause").fill("Staff check a site before showing it.")
    page.get_by_label("List items").fill("In planning time\nNever in front of the class")
    with navigating(page):
        page.get_by_role("button", name="Add the clause").click()
    expect(page.get_by_role("region", name="To fix before publishing")).to_contain_text(
        "Clause 6.99 comes after 7.5: numbers must go up."
    )
    with navigating(page):
        page.get_by_role("link", name="Publish the draft").click()
    expect(page.get_by_role("region", name="This draft cannot be published yet")).to_be_visible()
    visit(page, draft_url)
    with navigating(page):
        page.get_by_role("link", name="Remove clause 6.99").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Remove clause 6.99 from the draft?")
    with navigating(page):
        page.get_by_role("button", name="Remove clause 6.99").click()
    expect(page.get_by_text("The clause was removed from the draft.")).to_be_visible()

    with navigating(page):
        page.get_by_role("link", name="Change the heading of 7. Blocked content").click()
    page.get_by_label("Heading").fill("Blocked and allowed content")
    with navigating(page):
        page.get_by_role("button", name="Save the heading").click()
    expect(page.get_by_role("heading", name="7. Blocked and allowed content")).to_be_visible()

    visit(page, "/chestnuts/policy/manage/import/")
    expect(page.get_by_role("note")).to_contain_text("There is already a draft.")

    visit(page, draft_url)
    with navigating(page):
        page.get_by_role("link", name="Discard the draft").click()
    with navigating(page):
        page.get_by_role("button", name="Discard the draft").click()
    expect(page.get_by_text("The draft was discarded.")).to_be_visible()
    visit(page, draft_url)
    expect(page.get_by_role("alert")).to_have_text(
        "This draft was discarded and cannot be changed."
    )


def test_the_pdf_is_downloaded_or_said_to_be_on_its_way(page: Page, demo_data: None) -> None:
    from documents.models import Document
    from tests.helpers.backdate import forget
    from tests.policies.conftest import run_pdf_job

    chestnuts = School.objects.get(slug="chestnuts")
    run_pdf_job(policy_current(chestnuts))  # as a worker would (done already without Redis)
    norris_bank = School.objects.get(slug="norris-bank")
    forget(Document.objects.for_school(norris_bank))  # its PDF is still to come

    visit(page, "/chestnuts/policy/")
    with page.expect_download() as download:
        page.get_by_role("link", name="Download version 1 as PDF").click()
    assert download.value.suggested_filename == "chestnuts-policy-version-1.pdf"

    visit(page, "/norris-bank/policy/")
    expect(page.get_by_text("A PDF of this version is being prepared")).to_be_visible()
    visit(page, "/norris-bank/policy/v1/pdf/")
    expect(page.get_by_role("heading", level=1)).to_have_text("The PDF is being prepared")
