"""The register of what is allowed and blocked: the page and its CSV."""

from __future__ import annotations

import csv
import datetime
import io

import pytest
from django.urls import reverse

from forms_app.models import Verdict
from forms_app.services import (
    access_request_revoke,
    content_report_record_blocked,
    register_policy_block,
)
from forms_app.services.register import register_add
from schools.calendar import school_today
from tests.forms_app.factories import approved_in, report_in, request_in, unblocked_in
from tests.helpers.querycount import assert_queries_constant

POLICY = "The school's policy (7.1)"


@pytest.fixture(autouse=True)
def _cast(head, teacher, network) -> None:
    """Requests are filed by the teacher, decided by the head, unblocked by the network manager."""


def url(school, name: str = "register") -> str:
    return reverse(f"forms_app:{name}", kwargs={"school_slug": school.slug})


def line(school, by, site: str, **fields):
    fields.setdefault("verdict", Verdict.BLOCKED)
    fields.setdefault("reason", f"A reason about {site}.")
    return register_add(school=school, site=site, by=by, **fields)


def rows_of(response) -> list[list[str]]:
    body = response.content.decode("utf-8")
    assert body.startswith("\ufeff")
    return list(csv.reader(io.StringIO(body[1:])))


# --- The page ---------------------------------------------------------------


def test_shows_every_line_with_what_why_who_when(client_for, school, head, governor):
    approved = approved_in(
        school,
        url="https://www.youtube.com/watch?v=volcano",
        access_until=school_today(school) + datetime.timedelta(days=6),
    )
    register_policy_block(school=school, site="Facebook", reason="Blocked (7.1).", source=POLICY)

    html = client_for(governor).get(url(school)).text

    assert "youtube.com" in html
    assert "https://www.youtube.com/watch?v=volcano" in html
    assert "Useful for the topic; staff will supervise." in html
    assert "Helen Hughes" in html
    assert approved.reference in html
    assert "Facebook" in html
    assert "School policy" in html
    assert "Download as CSV" in html
    assert "Review pack (PDF)" in html


def test_summary_lists_allowances_in_force_only(client_for, school, head, governor):
    today = school_today(school)
    approved_in(school, url="https://open.example.com/", access_until=today)
    unblocked_in(school, url="https://unblocked.example.com/")
    revoked = approved_in(school, url="https://revoked.example.org/")
    access_request_revoke(request=revoked, by=head, reason="No longer needed.")
    request_in(school, url="https://waiting.example.net/")

    html = client_for(governor).get(url(school)).text

    summary = html[html.index("Allowed now") : html.index("Decisions recorded")]
    assert "Allowed now (2)" in summary
    assert "open.example.com" in summary
    assert "unblocked.example.com" in summary
    assert "revoked.example.org" not in summary
    assert "waiting.example.net" not in summary
    assert "Allowance ended: to be blocked again: <strong>1</strong>" in html


def test_an_allowance_past_its_last_day_is_not_in_force(client_for, school, head, governor):
    approved = approved_in(school, access_until=school_today(school))
    line(
        school,
        head,
        "old.example.com",
        verdict=Verdict.ALLOWED,
        until=school_today(school) - datetime.timedelta(days=1),
        access_request=approved,
    )

    html = client_for(governor).get(url(school)).text

    assert "Allowed now (1)" in html


def test_filters_by_verdict(client_for, school, head, governor):
    line(school, head, "shut.example.com", verdict=Verdict.BLOCKED)
    line(school, head, "open.example.com", verdict=Verdict.NOT_BLOCKED)

    html = client_for(governor).get(url(school), {"verdict": Verdict.NOT_BLOCKED}).text

    assert "open.example.com" in html
    assert "shut.example.com" not in html
    assert "1 decision matches the filters" in html


def test_filters_by_dates(client_for, school, head, governor):
    today = school_today(school)
    line(school, head, "old.example.com", decided_on=today - datetime.timedelta(days=40))
    line(school, head, "new.example.com", decided_on=today)
    start = (today - datetime.timedelta(days=10)).isoformat()

    html = client_for(governor).get(url(school), {"date_from": start}).text

    assert "new.example.com" in html
    assert "old.example.com" not in html


def test_a_wrong_date_range_is_explained_and_ignored(client_for, school, head, governor):
    line(school, head, "kept.example.com")
    today = school_today(school)

    response = client_for(governor).get(
        url(school), {"date_from": today.isoformat(), "date_to": "2001-01-01"}
    )

    assert response.status_code == 200
    assert "Choose a day on or after the “Decided from” day." in response.text
    assert "kept.example.com" in response.text


def test_searches_site_url_and_reason(client_for, school, head, governor):
    line(school, head, "volcano.example.com", reason="Geography.")
    line(school, head, "other.example.com", url="https://other.example.com/lava")
    line(school, head, "third.example.com", reason="About LAVA flows.")
    line(school, head, "unrelated.example.com")

    html = client_for(governor).get(url(school), {"q": "lava"}).text

    assert "other.example.com" in html
    assert "third.example.com" in html
    assert "volcano.example.com" not in html
    assert "unrelated.example.com" not in html


def test_an_empty_search_says_so(client_for, school, head, governor):
    line(school, head, "a.example.com")

    html = client_for(governor).get(url(school), {"q": "nothing-like-this"}).text

    assert "No decision matches these filters." in html


def test_empty_register(client_for, school, governor):
    html = client_for(governor).get(url(school)).text

    assert "Nothing has been recorded in the register yet." in html
    assert "Nothing is allowed beyond the filter's usual settings." in html


def test_pages_of_fifty_keep_the_filters(client_for, school, head, governor):
    for number in range(53):
        line(school, head, f"site{number:02d}.example.com", verdict=Verdict.BLOCKED)
    line(school, head, "allowed.example.com", verdict=Verdict.ALLOWED)
    client = client_for(governor)

    first = client.get(url(school), {"verdict": Verdict.BLOCKED}).text
    second = client.get(url(school), {"verdict": Verdict.BLOCKED, "page": 2}).text

    assert "Page 1 of 2" in first
    assert "?verdict=blocked&amp;page=2" in first
    assert "Page 2 of 2" in second
    assert second.count('<th scope="row">site') == 3
    assert "allowed.example.com" not in first + second


def test_records_are_linked_for_those_who_oversee_them(client_for, school, head, governor):
    approved = approved_in(school)
    detail = reverse(
        "forms_app:access-request",
        kwargs={"school_slug": school.slug, "request_id": approved.public_id},
    )

    for_head = client_for(head).get(url(school)).text
    for_governor = client_for(governor).get(url(school)).text

    assert f'href="{detail}"' in for_head
    assert f'href="{detail}"' not in for_governor
    assert approved.reference in for_governor


def test_a_report_is_linked_for_the_network_manager(client_for, school, head, network, dsl):
    report = report_in(school)
    content_report_record_blocked(report=report, by=network, blocked_on=school_today(school))
    detail = reverse(
        "forms_app:content-report",
        kwargs={"school_slug": school.slug, "report_id": report.public_id},
    )

    assert f'href="{detail}"' in client_for(network).get(url(school)).text
    assert f'href="{detail}"' not in client_for(dsl).get(url(school)).text


def test_a_teacher_may_not_read_it(client_for, school, teacher):
    assert client_for(teacher).get(url(school)).status_code == 403
    assert client_for(teacher).get(url(school, "register-csv")).status_code == 403


def test_query_count_does_not_grow(client_for, school, head, governor):
    client = client_for(governor)

    def add(n: int) -> None:
        for _ in range(n):
            approved_in(school)
            report_in(school)
            line(school, head, "policy.example.com")

    assert_queries_constant(lambda: client.get(url(school)), add, sizes=(2, 8))


# --- The CSV ------------------------------------------------------------------


def test_csv_columns_and_a_line(client_for, school, head, governor):
    until = school_today(school) + datetime.timedelta(days=6)
    approved = approved_in(
        school, url="https://www.youtube.com/watch?v=volcano", access_until=until
    )

    response = client_for(governor).get(url(school, "register-csv"))

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Cache-Control"] == "private, no-store"
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment;")
    assert f"filtering-register-oakfield-{school_today(school):%Y-%m-%d}.csv" in disposition
    header, row = rows_of(response)
    assert header == [
        "What",
        "Full URL",
        "Decision",
        "Reason",
        "Decided by",
        "Decided on",
        "Until",
        "Who it is for",
        "Record",
    ]
    assert row == [
        "youtube.com",
        "https://www.youtube.com/watch?v=volcano",
        "Allowed",
        "Useful for the topic; staff will supervise.",
        "Helen Hughes",
        school_today(school).isoformat(),
        until.isoformat(),
        "Staff only",
        approved.reference,
    ]


def test_csv_keeps_non_ascii_text(client_for, school, head, governor):
    line(school, head, "café.example.com", reason="Ça va — “quoted”.")

    (_, row) = rows_of(client_for(governor).get(url(school, "register-csv")))

    assert row[0] == "café.example.com"
    assert row[3] == "Ça va — “quoted”."


def test_csv_cells_cannot_be_formulas(client_for, school, head, governor):
    line(school, head, '=HYPERLINK("https://evil.example")', reason="+1 then -1 @SUM(A1)")
    line(school, head, "\tsite.example.com", reason="-minus")

    rows = rows_of(client_for(governor).get(url(school, "register-csv")))[1:]
    cells = {cell for row in rows for cell in row}

    assert '\'=HYPERLINK("https://evil.example")' in cells
    assert "'+1 then -1 @SUM(A1)" in cells
    assert "'\tsite.example.com" in cells
    assert "'-minus" in cells
    assert not any(cell.startswith(("=", "+", "-", "@", "\t")) for cell in cells)


def test_csv_honours_the_filters(client_for, school, head, governor):
    line(school, head, "volcano.example.com", verdict=Verdict.BLOCKED)
    line(school, head, "volcano.example.org", verdict=Verdict.NOT_BLOCKED)
    line(school, head, "other.example.com", verdict=Verdict.BLOCKED)

    response = client_for(governor).get(
        url(school, "register-csv"), {"verdict": Verdict.BLOCKED, "q": "volcano"}
    )

    assert [row[0] for row in rows_of(response)[1:]] == ["volcano.example.com"]


def test_the_page_links_to_the_csv_with_its_filters(client_for, school, head, governor):
    html = client_for(governor).get(url(school), {"verdict": "blocked", "q": "lava"}).text

    assert f"{url(school, 'register-csv')}?verdict=blocked&amp;q=lava" in html
