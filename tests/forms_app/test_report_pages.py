"""The content report's pages: one's own reports, the form, the queue, a report, acting on it."""

from __future__ import annotations

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from documents.models import Document, DocumentStatus
from forms_app.models import ContentReport, ReportStatus
from forms_app.services import content_report_close, content_report_record_blocked
from forms_app.views import reports as reports_views
from schools.calendar import school_today
from schools.roles import RecordKind, Role
from schools.services import review_routes_set
from tests.factories import ReviewRouteFactory, member
from tests.forms_app.factories import report_in
from tests.helpers.backdate import backdate, forget
from tests.helpers.dbstate import snapshot
from tests.helpers.querycount import assert_queries_constant
from tests.incidents.factories import incident_in

DESCRIPTION = "Amelia in Year 5 was shown it at break"


def url(name: str, report: ContentReport | None = None, slug: str = "oakfield") -> str:
    kwargs: dict[str, object] = {"school_slug": slug}
    if report is not None:
        kwargs["report_id"] = report.public_id
    return reverse(f"forms_app:{name}", kwargs=kwargs)


def waited(report: ContentReport, days: int) -> None:
    """Test set-up only: the report was made ``days`` ago."""
    when = timezone.now() - datetime.timedelta(days=days)
    backdate(report, reported_at=when)


def blocked(report: ContentReport, network) -> ContentReport:
    return content_report_record_blocked(
        report=report, by=network, blocked_on=school_today(report.school)
    )


def closed(report: ContentReport, reviewer) -> ContentReport:
    return content_report_close(report=report, by=reviewer, reason="An educational site.")


def references(page: str) -> list[str]:
    """The report references a list page links to, in order."""
    return re.findall(r">(CR-\d+)</a>", page)


# --- Your content reports -------------------------------------------------------------------


def test_own_list_shows_only_your_reports_newest_first(school, head, teacher, client_for):
    first = report_in(school, by=teacher, urls=["https://one.example.com/"])
    waited(first, 3)
    report_in(school, by=teacher, urls=["https://two.example.com/", "https://b.test/"])
    report_in(school, by=head, urls=["https://heads.example.com/"])

    page = client_for(teacher).get(url("content-reports")).text

    assert references(page) == ["CR-2", "CR-1"]
    assert "two.example.com and 1 more" in page
    assert "heads.example.com" not in page
    assert "Awaiting action" in page
    assert "Report inappropriate content" in page


def test_own_list_pages_by_25(school, head, teacher, client_for):
    for _ in range(26):
        report_in(school, by=teacher)
    client = client_for(teacher)

    first, second = (
        client.get(url("content-reports")).text,
        client.get(url("content-reports") + "?page=2").text,
    )

    assert len(references(first)) == 25
    assert references(second) == ["CR-1"]
    assert "Page 2 of 2" in second


def test_own_list_query_count_is_constant(school, head, teacher, client_for):
    client = client_for(teacher)

    assert_queries_constant(
        lambda: client.get(url("content-reports")),
        lambda n: [
            report_in(school, by=teacher, urls=["https://a.example.com/", "https://b.test/"])
            for _ in range(n)
        ],
    )


# --- Reporting --------------------------------------------------------------------------------


@pytest.fixture
def form():
    return {
        "urls": "https://games.example.com/casino\r\nhttps://poker.example.org/",
        "site_content": "An online games site.",
        "categories": ["gambling"],
        "nature": "",
        "safeguarding": "no",
    }


def test_the_form_asks_each_question_with_no_answer_chosen_for_safeguarding(
    school, teacher, client_for
):
    page = client_for(teacher).get(url("content-report-add")).text

    assert "Full URLs" in page
    assert "One address per line, up to 10" in page
    assert f'data-same-site="{url("same-site")}"' in page
    assert "<legend" in page
    assert "Nature of the content" in page
    assert "Pornography" in page
    assert "Something else (describe it below)" in page
    assert "Is this a safeguarding issue?" in page
    assert "Do not describe the child here." in page
    assert not re.search(r'name="safeguarding"[^>]*checked', page)


def test_reporting_saves_the_report_and_shows_it(school, head, teacher, form, client_for):
    client = client_for(teacher)

    response = client.post(url("content-report-add"), form)

    report = ContentReport.objects.for_school(school).get()
    assert response.status_code == 302
    assert response["Location"] == url("content-report", report)
    assert [site.host for site in report.sites.order_by("position")] == [
        "games.example.com",
        "poker.example.org",
    ]
    page = client.get(response["Location"]).text
    assert "Thank you: your report CR-1 has been sent." in page
    assert "alerted" not in page


def test_a_safeguarding_issue_says_who_has_been_alerted(
    school, head, dsl, teacher, form, client_for
):
    form |= {"safeguarding": "yes", "nature": DESCRIPTION}
    client = client_for(teacher)

    response = client.post(url("content-report-add"), form, follow=True)

    assert ContentReport.objects.for_school(school).get().safeguarding
    assert "the designated safeguarding lead and the headteacher have been alerted" in response.text


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        (
            {"urls": "https://fine.example.com/\nftp://files.example.com/"},
            "Address 2: Enter a web address that starts with https:// or http://",
        ),
        ({"urls": "https://amy:secret@example.com/"}, "Remove the user name and password"),
        ({"urls": "https://"}, "This address has no site name"),
        ({"urls": "https://example.com/" + "a" * 2100}, "the most is 2,048"),
        ({"urls": ""}, "Enter the full address of at least one page."),
        ({"categories": [], "nature": ""}, "Choose what kind of content it is"),
        ({"categories": ["other"]}, "Describe the content you chose"),
        ({"safeguarding": ""}, "Say whether this is a safeguarding issue: choose Yes or No."),
        ({"site_content": ""}, "Say what the site is about in general."),
    ],
)
def test_bad_input_is_explained_and_nothing_saved(
    school, head, teacher, form, client_for, changes, message
):
    form |= changes
    before = snapshot()

    response = client_for(teacher).post(url("content-report-add"), form)

    assert response.status_code == 200
    assert "There is a problem: nothing was saved" in response.text
    assert message in response.text.replace("&#x27;", "'")
    assert before.changes(snapshot()) == {}


def test_checking_shows_earlier_decisions_about_the_first_address(
    school, head, teacher, network, form, client_for
):
    earlier = report_in(school, urls=["https://www.example.com/other-page"])
    blocked(earlier, network)
    form |= {"urls": "\nhttps://games.example.com/casino\nhttps://another.test/", "check": "1"}
    before = snapshot()

    response = client_for(teacher).post(url("content-report-add") + "?check", form)

    assert response.status_code == 200
    assert before.changes(snapshot()) == {}
    assert "Earlier decisions on example.com" in response.text
    assert "Content report CR-1" in response.text
    assert "Blocked on" in response.text
    assert "nothing was saved" not in response.text  # the form was not checked yet
    assert "https://another.test/" in response.text  # what was typed is kept


# --- The queue ------------------------------------------------------------------------------


def test_the_queue_lists_reports_awaiting_action_oldest_first(
    school, head, teacher, network, client_for
):
    older = report_in(school, by=teacher, urls=["https://older.example.com/"])
    waited(older, 2)
    report_in(school, by=teacher, urls=["https://newer.example.com/"])
    blocked(report_in(school, urls=["https://done.example.com/"]), network)

    page = client_for(head).get(url("content-report-queue")).text

    assert references(page) == ["CR-1", "CR-2"]
    assert "done.example.com" not in page
    assert "Tara Thompson" in page
    assert "Waited 2 days" in page
    assert "Waited 0 days" in page


def test_a_report_waiting_as_long_as_the_school_allows_is_overdue(
    school, head, teacher, client_for
):
    school.reminder_overdue_days = 3
    school.save()
    waited(report_in(school, urls=["https://late.example.com/"]), 3)
    waited(report_in(school, urls=["https://early.example.com/"]), 2)

    page = client_for(head).get(url("content-report-queue")).text

    rows = page.split("<tr>")[2:]
    assert "late.example.com" in rows[0]
    assert ">Overdue<" in rows[0]
    assert "early.example.com" in rows[1]
    assert "Overdue" not in rows[1]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("status=blocked", ["CR-2"]),
        ("status=closed", ["CR-3"]),
        ("status=all", ["CR-4", "CR-3", "CR-2", "CR-1"]),
        ("safeguarding=on", ["CR-4"]),
        ("status=all&safeguarding=on", ["CR-4"]),
        ("q=CR-2&status=all", ["CR-2"]),
        ("q=3&status=all", ["CR-3"]),
        ("q=casino&status=all", ["CR-1"]),
        ("q=sally&status=all", ["CR-4"]),
        ("q=cartoon&status=all", ["CR-3"]),
        ("q=nothing-like-this", []),
        ("status=nonsense", ["CR-1", "CR-4"]),
    ],
)
def test_the_queue_filters_and_searches(
    school, head, teacher, support, network, client_for, query, expected
):
    report_in(school, by=teacher, urls=["https://games.example.com/casino"])
    blocked(report_in(school, by=teacher, urls=["https://blocked.example.com/"]), network)
    closed(
        report_in(school, by=teacher, urls=["https://toons.test/"], site_content="A cartoon site."),
        head,
    )
    report_in(school, by=support, urls=["https://flagged.test/"], safeguarding=True)

    page = client_for(head).get(url("content-report-queue") + "?" + query).text

    assert references(page) == expected


def test_the_queue_pages_keep_the_filters(school, head, teacher, client_for):
    for _ in range(27):
        report_in(school, by=teacher, urls=["https://games.example.com/casino"])

    page = client_for(head).get(url("content-report-queue") + "?q=casino&status=reported").text

    assert len(references(page)) == 25
    assert 'href="?q=casino&amp;status=reported&amp;page=2"' in page
    assert "27 reports awaiting action" in page


def test_the_dsl_sees_only_the_safeguarding_issues(school, head, dsl, teacher, client_for):
    report_in(school, by=teacher, urls=["https://plain.example.com/"])
    report_in(school, by=teacher, urls=["https://flagged.test/"], safeguarding=True)

    page = client_for(dsl).get(url("content-report-queue") + "?status=all").text

    assert references(page) == ["CR-2"]
    assert "plain.example.com" not in page
    assert "Safeguarding issues only" not in page


def test_where_reports_go_to_the_e_safety_team_they_see_them_all(
    school, head, esafety, teacher, client_for
):
    ReviewRouteFactory(school=school, kind=RecordKind.CONTENT_REPORT, role=Role.ESAFETY)
    report_in(school, by=teacher)
    report_in(school, by=teacher, safeguarding=True)

    page = client_for(esafety).get(url("content-report-queue")).text

    assert references(page) == ["CR-1", "CR-2"]


def test_the_queue_is_not_for_teachers_or_unrouted_e_safety_staff(
    school, teacher, esafety, client_for
):
    assert client_for(teacher).get(url("content-report-queue")).status_code == 403
    assert client_for(esafety).get(url("content-report-queue")).status_code == 403


def test_the_queue_query_count_is_constant(school, head, teacher, client_for):
    client = client_for(head)

    assert_queries_constant(
        lambda: client.get(url("content-report-queue") + "?status=all&q=example"),
        lambda n: [
            report_in(school, by=teacher, urls=["https://a.example.com/", "https://b.test/"])
            for _ in range(n)
        ],
    )


# --- A report --------------------------------------------------------------------------------


def test_the_reporter_sees_every_field_and_no_actions(school, head, teacher, client_for):
    report = report_in(
        school,
        by=teacher,
        urls=["https://games.example.com/casino", "https://b.test/"],
        categories=["gambling", "other"],
        nature="Loot boxes.",
    )

    page = client_for(teacher).get(url("content-report", report)).text

    for shown in (
        "Content report CR-1",
        "Tara Thompson",
        "https://games.example.com/casino",
        "https://b.test/",
        "An online games site.",
        "Gambling",
        "Something else (describe it below)",
        "Loot boxes.",
        "Awaiting action",
        "The PDF copy is being prepared",
        "History",
    ):
        assert shown in page
    assert "Record that the site is blocked" not in page
    assert "Close with no action" not in page
    assert "Earlier decisions" not in page


def test_the_reviewer_may_close_and_sees_earlier_decisions(
    school, head, teacher, network, client_for
):
    closed(report_in(school, urls=["https://www.example.com/older"]), head)
    report = report_in(school, by=teacher, urls=["https://games.example.com/casino"])

    page = client_for(head).get(url("content-report", report)).text

    assert url("content-report-close", report) in page
    assert "Record that the site is blocked" not in page
    assert "Earlier decisions on example.com" in page
    assert "Reason: An educational site." in page


def test_the_network_manager_may_record_the_block(school, head, teacher, network, client_for):
    report = report_in(school, by=teacher)

    page = client_for(network).get(url("content-report", report)).text

    assert url("content-report-blocked", report) in page
    assert url("content-report-close", report) not in page


def test_a_safeguarding_issue_offers_to_open_an_incident_then_links_to_it(
    school, head, dsl, teacher, client_for
):
    report = report_in(school, by=teacher, safeguarding=True, nature=DESCRIPTION)
    add = reverse("incidents:add", kwargs={"school_slug": "oakfield"})

    page = client_for(dsl).get(url("content-report", report)).text

    notice = page.split("Safeguarding issue: consider opening an incident")[1].split("</div>")[0]
    assert f'href="{add}?report={report.public_id}"' in notice
    assert DESCRIPTION in page
    # The reporter is not offered it: only those who handle incidents are.
    assert "consider opening" not in client_for(teacher).get(url("content-report", report)).text

    incident = incident_in(school, content_report=report)
    page = client_for(dsl).get(url("content-report", report)).text
    assert (
        f'Incident <a class="alert-link" href="/oakfield/incidents/{incident.public_id}/">' in page
    )


def test_someone_else_who_is_not_reviewing_gets_403(
    school, head, dsl, teacher, support, client_for
):
    report = report_in(school, by=teacher)

    assert client_for(support).get(url("content-report", report)).status_code == 403
    assert client_for(dsl).get(url("content-report", report)).status_code == 403  # not flagged


def test_another_schools_report_is_the_404_of_a_missing_one(
    school, other_school, head, outsider, comparable_body, client_for
):
    member(other_school, Role.HEADTEACHER)
    theirs = report_in(other_school, by=outsider)
    client = client_for(head)
    missing = reverse(
        "forms_app:content-report",
        kwargs={"school_slug": "oakfield", "report_id": "00000000-0000-4000-8000-000000000000"},
    )

    response = client.get(url("content-report", theirs))

    assert response.status_code == 404
    assert comparable_body(response.content) == comparable_body(client.get(missing).content)
    assert client.get(url("content-report-close", theirs)).status_code == 404


def test_the_pdf_link_is_to_the_latest_ready_copy(school, head, teacher, client_for):
    report = report_in(school, by=teacher)
    forget(Document.objects.for_school(school).filter(subject_id=str(report.public_id)))
    for version, status in ((1, DocumentStatus.READY), (2, DocumentStatus.READY), (3, "pending")):
        Document.objects.create(
            school=school,
            subject_type="content-report",
            subject_id=str(report.public_id),
            version=version,
            title="Content report",
            reference="CR-1",
            status=status,
            content_sha256=str(version) * 64,
            file=f"documents/cr-1-v{version}.pdf" if status == DocumentStatus.READY else "",
        )
    latest = Document.objects.for_school(school).get(version=2)

    page = client_for(teacher).get(url("content-report", report)).text

    assert (
        reverse(
            "documents:download",
            kwargs={"school_slug": "oakfield", "document_id": latest.public_id},
        )
        in page
    )
    assert "(version 2)" in page


# --- Recording the block ----------------------------------------------------------------------


def test_recording_the_block_shows_it_with_its_history(school, head, teacher, network, client_for):
    report = report_in(school, by=teacher)
    client = client_for(network)
    form_page = client.get(url("content-report-blocked", report)).text
    today = school_today(school)
    assert f'value="{today.isoformat()}"' in form_page

    response = client.post(
        url("content-report-blocked", report),
        {"blocked_on": today.isoformat(), "provider_reference": "LGfL-4471"},
        follow=True,
    )

    report.refresh_from_db()
    assert report.status == ReportStatus.BLOCKED
    page = response.text
    assert f"CR-1 is recorded as blocked on {today.day} {today:%B %Y}" in page
    assert "LGfL-4471" in page
    assert "Nina Nash" in page
    assert re.search(r"<strong>Changed</strong> by Nina Nash", page)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({}, "Enter the day the site was blocked."),
        ({"blocked_on": "2999-01-01"}, "it cannot be in the future"),
        ({"blocked_on": "2001-01-01"}, "cannot have been blocked before it was reported"),
        ({"blocked_on": "31/02/2026"}, "Enter a valid date."),
    ],
)
def test_a_bad_blocking_date_is_explained_and_nothing_changes(
    school, head, teacher, network, client_for, data, message
):
    report = report_in(school, by=teacher)
    before = snapshot()

    response = client_for(network).post(url("content-report-blocked", report), data)

    assert response.status_code == 200
    assert message in response.text
    assert before.changes(snapshot()) == {}


def test_a_report_already_dealt_with_is_not_changed_again(
    school, head, teacher, network, client_for
):
    report = report_in(school, by=teacher)
    client = client_for(network)
    client.get(url("content-report-blocked", report))  # the form is open…
    closed(report, head)  # …when the headteacher closes the report
    before = snapshot()

    response = client.post(
        url("content-report-blocked", report),
        {"blocked_on": school_today(school).isoformat()},
        follow=True,
    )

    assert before.changes(snapshot()) == {}
    assert "CR-1 is already “Closed with no action”: nothing was changed." in response.text
    again = client.get(url("content-report-blocked", report), follow=True)
    assert "nothing more to do" in again.text
    assert again.redirect_chain[-1][0] == url("content-report", report)


def test_only_the_network_manager_records_a_block(school, head, teacher, client_for):
    report = report_in(school, by=teacher)

    assert client_for(head).get(url("content-report-blocked", report)).status_code == 403
    assert client_for(teacher).post(url("content-report-blocked", report)).status_code == 403


# --- Closing with no action -------------------------------------------------------------------


def test_a_reviewer_closes_with_a_reason(school, head, teacher, client_for):
    report = report_in(school, by=teacher)

    response = client_for(head).post(
        url("content-report-close", report), {"reason": "A history site."}, follow=True
    )

    report.refresh_from_db()
    assert report.status == ReportStatus.CLOSED
    assert "CR-1 is closed with no action." in response.text
    assert "A history site." in response.text


def test_closing_without_a_reason_is_explained_and_nothing_changes(
    school, head, teacher, client_for
):
    report = report_in(school, by=teacher)
    before = snapshot()

    response = client_for(head).post(url("content-report-close", report), {"reason": " "})

    assert response.status_code == 200
    assert "Say why no action is being taken." in response.text
    assert before.changes(snapshot()) == {}


def test_closing_a_closed_report_changes_nothing(school, head, teacher, client_for):
    report = closed(report_in(school, by=teacher), head)
    before = snapshot()

    response = client_for(head).post(
        url("content-report-close", report), {"reason": "Again."}, follow=True
    )

    assert "is already “Closed with no action”: nothing was changed" in response.text
    assert before.changes(snapshot()) == {}


def test_teachers_and_a_dsl_who_does_not_review_may_not_close(
    school, head, dsl, teacher, client_for
):
    report = report_in(school, by=teacher, safeguarding=True)

    assert client_for(teacher).get(url("content-report-close", report)).status_code == 403
    assert client_for(dsl).post(url("content-report-close", report)).status_code == 403


def test_where_reports_go_to_the_e_safety_team_they_close_them(
    school, head, esafety, teacher, client_for
):
    ReviewRouteFactory(school=school, kind=RecordKind.CONTENT_REPORT, role=Role.ESAFETY)
    report = report_in(school, by=teacher)

    response = client_for(esafety).post(url("content-report-close", report), {"reason": "Fine."})

    assert response.status_code == 302
    assert client_for(head).get(url("content-report-close", report)).status_code == 403


def test_two_reviewers_at_once_the_second_is_told_and_nothing_changes(
    school, head, teacher, client_for, monkeypatch
):
    report = report_in(school, by=teacher)
    real_close = reports_views.content_report_close

    def someone_else_first(**kwargs):
        # Between the page's read and this write, another reviewer closes the report.
        theirs = ContentReport.objects.for_school(school).get(pk=report.pk)
        real_close(report=theirs, by=head, reason="Closed by the first reviewer.")
        return real_close(**kwargs)

    monkeypatch.setattr(reports_views, "content_report_close", someone_else_first)

    response = client_for(head).post(
        url("content-report-close", report), {"reason": "Second reason."}, follow=True
    )

    assert "CR-1 is now “Closed with no action”: nothing was changed." in response.text
    report.refresh_from_db()
    assert report.close_reason == "Closed by the first reviewer."
    assert report.history.count() == 2


def test_every_problem_with_the_form_is_listed_at_once(school, head, teacher, client_for):
    response = client_for(teacher).post(
        url("content-report-add"),
        {"urls": "https://ok.example.com/\nhttps://amy:pw@bad.example.com/", "categories": []},
    )

    summary = response.text.split('id="error-summary"')[1].split("</ul>")[0]
    assert "Full URLs: Address 2: Remove the user name and password" in summary
    assert "General site content: Say what the site is about in general." in summary
    assert "Is this a safeguarding issue?: Say whether this is a safeguarding issue" in summary
    assert 'href="#id_safeguarding_0"' in summary


def test_a_reviewer_s_report_page_reads_who_reviews_what_once(school, esafety, teacher, client_for):
    # The e-safety team is let in, may close, oversees and sees the earlier records of
    # both kinds: each asks who reviews, and the page reads the school's routes once.
    ReviewRouteFactory(school=school, kind=RecordKind.CONTENT_REPORT, role=Role.ESAFETY)
    ReviewRouteFactory(school=school, kind=RecordKind.ACCESS_REQUEST, role=Role.ESAFETY)
    report = report_in(school, by=teacher)
    client = client_for(esafety)

    with CaptureQueriesContext(connection) as queries:
        response = client.get(url("content-report", report))

    assert "Close with no action" in response.text
    assert sum('FROM "schools_reviewroute"' in q["sql"] for q in queries) == 1


def test_new_reviewers_count_at_once_in_the_same_request(school, esafety, head):
    school.reviewer_roles(RecordKind.CONTENT_REPORT)  # read, and kept

    review_routes_set(school=school, kind=RecordKind.CONTENT_REPORT, roles=[Role.ESAFETY], by=head)

    assert school.reviewer_roles(RecordKind.CONTENT_REPORT) == {Role.ESAFETY}
