"""The headteacher reads the month's retention review and holds a record before disposal.

A refused access request closed seven years ago is past its six years. The
daily retention work produces the month's review; the headteacher opens the
retention page from their home page, finds the request listed with its rule,
places a legal hold on it from the report, and sees it marked held. Every page
is scanned by axe-core (browser.py).
"""

from __future__ import annotations

import datetime

from django.utils import timezone
from playwright.sync_api import Page, expect

from accounts.models import User
from forms_app.models import AccessRequest
from forms_app.services import access_request_decide
from retention.models import LegalHold, ReviewEntry
from retention.services import retention_run
from schools.models import School
from tests.forms_app.factories import request_in
from tests.helpers.backdate import backdate

from .browser import navigating, sign_in, visit


def a_request_closed_seven_years_ago(school: School) -> AccessRequest:
    request = access_request_decide(
        request=request_in(school, by=User.objects.get(email="teacher@chestnuts.example")),
        by=User.objects.get(email="head@chestnuts.example"),
        approve=False,
        reason="Not needed for the curriculum.",
    )
    seven_years_ago = timezone.now() - datetime.timedelta(days=7 * 366)
    backdate(request, submitted_at=seven_years_ago, decided_at=seven_years_ago)
    return request


def test_the_headteacher_holds_a_record_from_the_retention_review(page: Page) -> None:
    school = School.objects.get(slug="chestnuts")
    request = a_request_closed_seven_years_ago(school)
    retention_run()  # the daily work: this month's review, nothing disposed of yet
    assert ReviewEntry.objects.for_school(school).filter(reference=request.reference).exists()

    sign_in(page, "head@chestnuts.example")
    with navigating(page):
        page.get_by_role("link", name="Retention and disposal").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Retention and disposal")
    review = page.get_by_role("region", name="Review of")
    row = review.get_by_role("row").filter(has_text=request.reference)
    expect(row).to_contain_text("6 years after it closed")
    expect(row).to_contain_text("To be disposed of")

    with navigating(page):
        row.get_by_role("link", name=f"Place a legal hold on {request.reference}").click()
    expect(page.get_by_label("Record")).to_have_value(request.reference)
    page.get_by_label("Why it must be kept").fill("A parent has made a claim about this decision.")
    with navigating(page):
        page.get_by_role("button", name="Place the hold").click()

    expect(page.get_by_role("alert").or_(page.get_by_role("status")).first).to_contain_text(
        f"{request.reference} is held"
    )
    row = (
        page.get_by_role("region", name="Review of")
        .get_by_role("row")
        .filter(has_text=request.reference)
    )
    expect(row).to_contain_text("Held")
    holds = page.get_by_role("region", name="Legal holds")
    expect(holds).to_contain_text(request.reference)
    assert LegalHold.objects.for_school(school).get().reference == request.reference

    # Another member of staff cannot open the page.
    page.context.clear_cookies()
    sign_in(page, "teacher@chestnuts.example")
    response = visit(page, "/chestnuts/retention/")
    assert response is not None
    assert response.status == 403
