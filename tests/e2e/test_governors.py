"""A governor preparing for a meeting: the figures, last term's audit history, the pack.

A governor signs in, opens the term's figures, looks at last term's, filters the
audit history to last term, downloads it as a PDF, and produces and downloads
the termly governors' pack. Last term, the DSL added a pupil to an incident: the
governor sees that the change happened, who made it and when, but the child's
name appears nowhere, on the page or in either PDF. Every page is scanned by
axe-core (browser.py).
"""

from __future__ import annotations

import datetime
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from accounts.models import User
from governance.models import AuditEvent
from incidents.models import Incident, Part, PersonKind, Status
from incidents.services.incidents import PersonEntry
from incidents.services.work import incident_person_add
from schools.calendar import current_term
from schools.models import School, SchoolClass
from tests.helpers.backdate import backdate

from .browser import navigating, sign_in, visit

CHILD = "Jasper Quennell"


@pytest.fixture(autouse=True)
def _jobs_in_process(settings: Any) -> None:
    settings.CELERY_TASK_ALWAYS_EAGER = True


def pdf_text(pdf: bytes) -> str:
    tool = shutil.which("pdftotext")
    assert tool, "pdftotext is missing: install poppler-utils"
    result = subprocess.run(  # noqa: S603 (fixed arguments, the PDF on stdin)
        [tool, "-layout", "-", "-"], input=pdf, capture_output=True, check=True
    )
    return " ".join(result.stdout.decode().split())


def a_child_added_last_term(school: School) -> Incident:
    """The DSL names a witness on an open incident; the change is dated last term."""
    incident = Incident.objects.for_school(school).filter(status=Status.OPEN).first()
    assert incident is not None
    newest = AuditEvent.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    incident_person_add(
        incident=incident,
        by=User.objects.get(email="dsl@chestnuts.example"),
        entry=PersonEntry(
            PersonKind.PUPIL,
            Part.WITNESS,
            CHILD,
            SchoolClass.objects.for_school(school).first(),
        ),
    )
    last_term = current_term(school).previous
    noon = datetime.datetime.combine(
        last_term.start + datetime.timedelta(days=20), datetime.time(12), tzinfo=school.tz
    )
    backdate(AuditEvent.objects.filter(pk__gt=newest), at=noon)
    return incident


def download(page: Page, link_name: str | re.Pattern[str]) -> bytes:
    with page.expect_download() as downloaded:
        page.get_by_role("link", name=link_name).first.click()
    assert downloaded.value.suggested_filename.endswith(".pdf")
    return Path(downloaded.value.path()).read_bytes()


def open_from_the_menu(page: Page, link: str) -> None:
    nav = page.get_by_role("navigation", name="Main")
    nav.get_by_role("button", name="Governors").click()
    with navigating(page):
        nav.get_by_role("link", name=link).click()


def test_a_governor_prepares_for_a_meeting(page: Page) -> None:
    school = School.objects.get(slug="chestnuts")
    incident = a_child_added_last_term(school)
    last_term = current_term(school).previous

    sign_in(page, "governor@chestnuts.example")

    # The term's figures, then last term's.
    open_from_the_menu(page, "Figures by term")
    expect(page.get_by_role("heading", level=1)).to_have_text("Governors' figures")
    expect(page.locator("svg[role=img]").first).to_be_visible()
    page.get_by_label("Term").select_option(label=last_term.label)
    with navigating(page):
        page.get_by_role("button", name="Show this term").click()
    expect(page.get_by_role("heading", name=last_term.label)).to_be_visible()
    expect(page.get_by_role("main")).not_to_contain_text(CHILD)

    # Last term's audit history: the change is there, what it said is not.
    open_from_the_menu(page, "Audit history")
    page.get_by_label("Term").select_option(label=last_term.label)
    with navigating(page):
        page.get_by_role("button", name="Show changes").click()
    change = page.get_by_role("listitem").filter(
        has_text=f"People involved: {incident.reference} — created"
    )
    expect(change).to_be_visible()
    expect(change).to_contain_text("by Dev Dhillon")
    expect(change).to_contain_text("Values hidden")
    expect(page.get_by_role("main")).not_to_contain_text(CHILD)
    assert CHILD not in page.content()

    history = pdf_text(download(page, "Download as PDF"))
    assert f"People involved: {incident.reference}" in history
    assert f"Term: {last_term.label}" in history
    assert CHILD not in history

    # The termly pack for last term.
    visit(page, f"/chestnuts/governance/figures/?term={last_term.key}")
    with navigating(page):
        page.get_by_role("link", name="The governors' pack for this term (PDF)").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Governors' pack (PDF)")
    with navigating(page):
        page.get_by_role("button", name="Produce the pack").click()
    pack = pdf_text(download(page, re.compile(r"^Download (the PDF|the pack)")))
    assert last_term.label in pack
    assert "Complaints" in pack
    assert CHILD not in pack

    # Governors read; they change nothing.
    response = visit(page, "/chestnuts/governance/complaints/record/")
    assert response is not None
    assert response.status == 403
