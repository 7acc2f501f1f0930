"""The incident log in the browser, from a teacher's screenshot to the evidence pack.

A teacher logs a cyberbullying incident with a screen print and sees only where it
stands; the DSL opens it from the alert, works through the school's checklist (each
step citing its clause), records the report made to the platform, hides the screen
when a pupil walks up, closes the incident and downloads the evidence pack, which
carries the screen print's SHA-256; a governor cannot open the incident at all.
Every page is scanned by axe-core (browser.py).
"""

from __future__ import annotations

import datetime
import hashlib
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from PIL import Image
from playwright.sync_api import Page, expect

from incidents.models import EvidenceFile, Incident, StepStatus
from schools.calendar import school_today
from schools.models import School

from .browser import check_accessibility, navigating, sign_in, visit

PUPIL = "Maisie Fenwick"
WHAT_HAPPENED = (
    "Maisie showed me messages in a group chat calling her names and telling her to leave "
    "the school. She took a screen print."
)
PLATFORM_REFERENCE = "SC-4471"


@pytest.fixture(autouse=True)
def _jobs_in_process(settings: Any) -> None:
    settings.CELERY_TASK_ALWAYS_EAGER = True


def chestnuts() -> School:
    return School.objects.get(slug="chestnuts")


def sign_out(page: Page) -> None:
    with navigating(page):
        page.get_by_role("button", name="Sign out").click()


def screen_print(folder: Path) -> Path:
    """A small PNG standing in for a screen print of the messages."""
    path = folder / "group-chat.png"
    image = Image.new("RGB", (64, 40), "white")
    for x in range(4, 60):
        for y in (8, 9, 20, 21, 30, 31):
            image.putpixel((x, y), (40, 40, 40))
    image.save(path, format="PNG")
    return path


def pdf_text(pdf: bytes) -> str:
    """The PDF's text as ``pdftotext`` reads it."""
    tool = shutil.which("pdftotext")
    assert tool, "pdftotext is missing: install poppler-utils"
    result = subprocess.run(  # noqa: S603 (fixed arguments, the PDF on stdin)
        [tool, "-layout", "-", "-"], input=pdf, capture_output=True, check=True
    )
    return result.stdout.decode()


def log_the_incident(page: Page, screenshot: Path) -> None:
    """The teacher's form: what, when, where, who, and the screen print."""
    sign_in(page, "teacher@chestnuts.example")
    nav = page.get_by_role("navigation", name="Main")
    nav.get_by_role("button", name="Incidents").click()
    with navigating(page):
        nav.get_by_role("link", name="Log an incident").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Log an incident")
    yesterday = school_today(chestnuts()) - datetime.timedelta(days=1)
    page.get_by_label("Cyberbullying", exact=True).check()
    page.get_by_label("Day it happened").fill(yesterday.isoformat())
    page.get_by_label("Time it happened (about)").fill("12:40")
    page.get_by_label("During the school day", exact=True).check()
    page.get_by_label("Platform or app").select_option(label="WhatsApp")
    page.get_by_label("What happened").fill(WHAT_HAPPENED)
    person = page.get_by_role("group", name="Person 1")
    person.get_by_label("Who").select_option(label="A pupil")
    person.get_by_label("Their part").select_option(label="Target")
    person.get_by_label("Name").fill(PUPIL)
    person.get_by_label("Class (pupils)").select_option(label="Year 4")
    page.get_by_label("Screen print or document").set_input_files(screenshot)
    page.get_by_label("What it shows (optional)").fill("The group chat, with the time showing")
    with navigating(page):
        page.get_by_role("button", name="Log the incident").click()


def work_through_the_checklist(page: Page, reference: str) -> int:
    """Deal with every step, and say how many there were: keeping the evidence (8.4) is
    ticked on its own page with a note, the police (8.8) is not needed here (nothing
    threatening) and says why; the rest by their quick "Done" buttons."""
    checklist = page.get_by_role("region", name="Policy checklist")
    for clause, note, button, said in (
        ("Chestnuts 8.4", "Screen print kept as evidence 1.", "Done", "ticked as done"),
        ("Chestnuts 8.8", "Name-calling: not threatening.", "Not needed", "marked not needed"),
    ):
        step = checklist.locator("ol > li").filter(
            has=page.get_by_role("link", name=clause, exact=True)
        )
        with navigating(page):
            step.get_by_role("link", name=re.compile("^Add a note, or mark not needed")).click()
        expect(page.get_by_role("heading", level=1)).to_have_text(
            f"A checklist step of {reference}"
        )
        page.get_by_label("Note").fill(note)
        with navigating(page):
            page.get_by_role("button", name=button, exact=True).click()
        expect(page.get_by_text(f"{reference}: the step is {said}.")).to_be_visible()
    dealt_with = 2
    done = checklist.get_by_role("button", name=re.compile(r"^Done\W+step \d+$"))
    while done.count() and dealt_with < 20:
        with navigating(page):
            done.first.click()
        expect(page.get_by_text(f"{reference}: the step is ticked as done.")).to_be_visible()
        dealt_with += 1
    return dealt_with


def test_an_incident_from_screenshot_to_evidence_pack(page: Page, tmp_path: Path) -> None:
    school = chestnuts()

    # 1. A teacher logs the incident with a screen print, and sees only where it stands.
    log_the_incident(page, screen_print(tmp_path))
    incident = Incident.objects.for_school(school).get(description=WHAT_HAPPENED)
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Incident {incident.reference}")
    expect(page.locator(".lead")).to_have_text("Status: Open")
    expect(page.get_by_text(f"incident {incident.reference} has been logged")).to_be_visible()
    main = page.get_by_role("main")
    expect(main).not_to_contain_text("group chat")
    expect(main).not_to_contain_text(PUPIL)
    expect(main).not_to_contain_text("Maisie")
    evidence = EvidenceFile.objects.for_school(school).get(incident=incident)
    with evidence.file.open("rb") as stored:
        assert hashlib.sha256(stored.read()).hexdigest() == evidence.sha256

    # On a phone, the same teacher logs that a parent tried to "friend" them: two questions.
    page.set_viewport_size({"width": 390, "height": 844})
    visit(page, "/chestnuts/incidents/contact/")
    page.get_by_label("A parent or carer").check()
    page.get_by_label("Somewhere else", exact=True).fill("Facebook Messenger")
    with navigating(page):
        page.get_by_role("button", name="Log it").click()
    expect(page.get_by_text("the contact attempt is logged")).to_be_visible()
    page.set_viewport_size({"width": 1280, "height": 800})
    sign_out(page)

    # 2. The DSL opens it from the alert: the whole incident, with its checklist.
    sign_in(page, "dsl@chestnuts.example")
    with navigating(page):
        page.get_by_role("link", name=re.compile(r"^Notifications, \d+ unread")).click()
    alert = page.get_by_role("link", name="Safeguarding: an incident needs your attention")
    with navigating(page):
        alert.first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        f"Incident {incident.reference}: cyberbullying"
    )
    facts = page.get_by_role("region", name="What happened")
    expect(facts).to_contain_text(WHAT_HAPPENED)
    expect(page.get_by_role("region", name="People involved")).to_contain_text(f"Target: {PUPIL}")
    expect(page.get_by_text(evidence.sha256)).to_be_visible()
    checklist = page.get_by_role("region", name="Policy checklist")
    citation = checklist.get_by_role("link", name="Chestnuts 8.4", exact=True)
    expect(citation).to_have_attribute("href", re.compile(r"^/chestnuts/policy/v\d+/#8\.4$"))

    # The report to the platform, with its reference number.
    with navigating(page):
        page.get_by_role("link", name=re.compile("^Record a report to a platform")).click()
    page.get_by_label("The platform or app").check()
    page.get_by_label("Name (the platform, the police force, the person …)").fill("WhatsApp")
    expect(page.get_by_label("Reported on")).to_have_value(school_today(school).isoformat())
    page.get_by_label("Their reference number").fill(PLATFORM_REFERENCE)
    with navigating(page):
        page.get_by_role("button", name="Record the report").click()
    expect(page.get_by_text("The report was recorded.")).to_be_visible()
    expect(page.get_by_text(f"Reference: {PLATFORM_REFERENCE}")).to_be_visible()

    # A pupil walks up: the screen hides at once, by the button or by Esc.
    content = page.locator("#incident-content")
    page.get_by_role("button", name="Hide the screen").click()
    expect(content).to_be_hidden()
    expect(page.get_by_text("Content hidden")).to_be_visible()
    expect(page.get_by_role("button", name="Show it again")).to_be_focused()
    check_accessibility(page)
    page.get_by_role("button", name="Show it again").click()
    expect(content).to_be_visible()
    expect(page.get_by_role("button", name="Hide the screen")).to_be_focused()
    page.keyboard.press("Escape")
    expect(content).to_be_hidden()
    expect(facts).to_be_hidden()
    page.get_by_role("button", name="Show it again").click()
    expect(facts).to_be_visible()

    # Every step, ticked with a note; then the incident is closed with its outcome.
    assert work_through_the_checklist(page, incident.reference) > 1
    steps = list(incident.steps.select_related("done_by"))
    assert {step.status for step in steps} == {StepStatus.DONE, StepStatus.NOT_NEEDED}
    assert {step.done_by.email for step in steps if step.done_by} == {"dsl@chestnuts.example"}
    assert all(step.done_at for step in steps)
    with navigating(page):
        page.get_by_role("link", name="Close the incident").click()
    page.get_by_label("Resolved in school").check()
    page.get_by_label("How it ended, and why").fill(
        "The messages stopped; both families met the DSL and the class had a lesson on kindness "
        "online."
    )
    with navigating(page):
        page.get_by_role("button", name="Close the incident").click()
    expect(page.get_by_text(f"{incident.reference} is closed.")).to_be_visible()
    expect(page.locator(".lead")).to_contain_text("Status: Closed")

    # 3. The evidence pack carries the screen print's SHA-256.
    pack = page.get_by_role("region", name="Evidence pack")
    with navigating(page):
        pack.get_by_role(
            "link", name=f"Produce or download the evidence pack of {incident.reference}"
        ).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        f"Evidence pack: {incident.reference}"
    )
    # Closing produced a version already: the button leads to it (or to the job making it).
    with navigating(page):
        page.get_by_role("button", name="Produce the evidence pack").click()
    download_link = page.get_by_role("link", name=re.compile(r"^Download the (PDF|evidence pack)"))
    expect(download_link.first).to_be_visible()
    with page.expect_download() as download:
        download_link.first.click()
    assert download.value.suggested_filename.endswith(".pdf")
    pdf = Path(download.value.path()).read_bytes()
    text = "".join(pdf_text(pdf).split())
    evidence.refresh_from_db()
    assert evidence.sha256 in text
    assert incident.reference in text
    assert PLATFORM_REFERENCE in text
    assert "Closed:Resolvedinschool" in text
    sign_out(page)

    # 4. A governor gets nothing: no incident, and no link to incidents.
    sign_in(page, "governor@chestnuts.example")
    nav = page.get_by_role("navigation", name="Main")
    expect(nav.get_by_role("button", name="Incidents")).to_have_count(0)
    expect(page.get_by_role("link", name=re.compile("incident", re.IGNORECASE))).to_have_count(0)
    response = visit(page, f"/chestnuts/incidents/{incident.public_id}/")
    assert response is not None
    assert response.status == 403
    expect(page.get_by_role("main")).not_to_contain_text(PUPIL)
    expect(page.get_by_role("main")).not_to_contain_text(incident.reference)
