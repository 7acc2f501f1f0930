"""The content report's services: reporting, the safeguarding alert, blocked, closed."""

from __future__ import annotations

import datetime

import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from forms_app.models import ContentReport, FilterDecision, ReportedSite, ReportStatus, Verdict
from forms_app.services import (
    RecordError,
    content_report_close,
    content_report_record_blocked,
    content_report_submit,
)
from notifications.models import Notification
from notifications.services import SAFEGUARDING_ALERT
from schools.calendar import school_today
from schools.roles import RecordKind, Role
from tests.factories import ReviewRouteFactory, member
from tests.forms_app.factories import report_in
from tests.helpers.dbstate import snapshot

DESCRIPTION = "Amelia in Year 5 was shown a video of a fight filmed at the park"
URL = "https://videos.example.com/watch?v=park-fight"


def submit(school, by, **fields):
    fields.setdefault("urls", [URL])
    fields.setdefault("site_content", "A video sharing site.")
    fields.setdefault("categories", ["violence"])
    fields.setdefault("nature", "")
    fields.setdefault("safeguarding", False)
    return content_report_submit(school=school, by=by, **fields)


def refusal(error: pytest.ExceptionInfo[ValidationError]) -> dict[str, list[str]]:
    return error.value.message_dict


# --- Reporting --------------------------------------------------------------------------


def test_a_report_names_its_site_and_who_reported_it(school, head, teacher):
    report = submit(school, teacher, urls=["https://news.bbc.co.uk/some/page"])

    assert report.reference == "CR-1"
    assert report.status == ReportStatus.REPORTED
    assert report.reporter_name == "Tara Thompson"
    (site,) = ReportedSite.objects.for_school(school)
    assert (site.url, site.host, site.domain) == (
        "https://news.bbc.co.uk/some/page",
        "news.bbc.co.uk",
        "bbc.co.uk",
    )
    assert report.history.get().history_user == teacher


def test_several_addresses_are_kept_in_order_and_blank_lines_ignored(school, head, teacher):
    urls = ["https://games.example.com/a", "", "  ", "http://casino.example.org/b  "]

    report = submit(school, teacher, urls=urls)

    sites = list(report.sites.order_by("position"))
    assert [(s.position, s.url, s.domain) for s in sites] == [
        (1, "https://games.example.com/a", "example.com"),
        (2, "http://casino.example.org/b", "example.org"),
    ]


def test_reports_are_numbered_in_each_school(school, other_school, head, teacher, outsider):
    member(other_school, Role.HEADTEACHER)
    submit(other_school, outsider)
    submit(school, teacher)

    assert submit(school, teacher).reference == "CR-2"


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("ftp://files.example.com/x", "Enter a web address that starts with https:// or http://"),
        ("javascript:alert(1)", "Enter a web address that starts with https:// or http://"),
        ("https://", "This address has no site name"),
        ("http:///just/a/path", "This address has no site name"),
        ("https://example.com/" + "a" * 2048, "characters long; the most is 2,048"),
        ("https://amy:secret@example.com/", "Remove the user name and password"),
        ("https://amy@example.com/", "Remove the user name and password"),
        ("www.example.com", "Enter a web address that starts with https:// or http://"),
    ],
)
def test_a_bad_address_is_explained_and_nothing_saved(school, head, teacher, url, message):
    before = snapshot()

    with pytest.raises(ValidationError) as error:
        submit(school, teacher, urls=[url])

    assert message in refusal(error)["urls"][0]
    assert before.changes(snapshot()) == {}
    assert not ContentReport.objects.for_school(school).exists()
    assert not ReportedSite.objects.for_school(school).exists()


def test_the_message_names_which_address_is_wrong(school, head, teacher):
    with pytest.raises(ValidationError) as error:
        submit(school, teacher, urls=["https://fine.example.com/", "ftp://bad.example.com/"])

    assert refusal(error)["urls"][0].startswith("Address 2: Enter a web address that starts")
    assert not ReportedSite.objects.for_school(school).exists()


def test_no_address_or_too_many_are_refused(school, head, teacher):
    with pytest.raises(ValidationError) as none:
        submit(school, teacher, urls=["", " "])
    many = [f"https://site{n}.example.com/" for n in range(11)]
    with pytest.raises(ValidationError) as too_many:
        submit(school, teacher, urls=many)

    assert refusal(none)["urls"] == ["Enter the full address of at least one page."]
    assert refusal(too_many)["urls"] == ["Report at most 10 addresses at once."]
    assert not ContentReport.objects.for_school(school).exists()


def test_the_nature_of_the_content_is_required(school, head, teacher):
    with pytest.raises(ValidationError) as error:
        submit(school, teacher, categories=[], nature="  ")

    assert refusal(error) == {
        "categories": ["Choose what kind of content it is, or describe it below."]
    }
    assert not ContentReport.objects.for_school(school).exists()


def test_something_else_must_be_described(school, head, teacher):
    with pytest.raises(ValidationError) as error:
        submit(school, teacher, categories=["other"])

    assert refusal(error) == {"nature": ["Describe the content you chose “something else” for."]}
    assert not ContentReport.objects.for_school(school).exists()


def test_a_description_alone_is_enough(school, head, teacher):
    report = submit(school, teacher, categories=[], nature="Adverts for vaping products.")

    assert report.categories == []
    assert report.nature == "Adverts for vaping products."


def test_an_unknown_kind_of_content_is_refused(school, head, teacher):
    with pytest.raises(ValidationError) as error:
        submit(school, teacher, categories=["gambling", "cats"])

    assert refusal(error) == {"categories": ["Unknown kind of content: cats."]}


def test_the_reviewer_and_network_manager_are_told(school, head, dsl, teacher, network):
    report = submit(school, teacher)

    told = {n.user: n for n in Notification.objects.for_school(school)}
    assert set(told) == {head, network}
    assert told[head].title == f"Content report {report.reference} awaits action"
    assert not told[head].urgent


# --- A safeguarding issue -----------------------------------------------------------------


@pytest.fixture
def emails_sent(django_capture_on_commit_callbacks, settings):
    """``with emails_sent(): …``: jobs run in-process at the commit, as with no REDIS_URL."""
    settings.CELERY_TASK_ALWAYS_EAGER = True
    settings.PORTAL_BASE_URL = "https://portal.example"
    return lambda: django_capture_on_commit_callbacks(execute=True)


def test_a_safeguarding_issue_alerts_the_dsl_and_headteacher_at_once(
    school, head, dsl, teacher, emails_sent
):
    with emails_sent():
        report = submit(school, teacher, safeguarding=True, nature=DESCRIPTION)

    alerts = Notification.objects.for_school(school).filter(kind=SAFEGUARDING_ALERT)
    assert {n.user for n in alerts} == {head, dsl}
    assert all(n.urgent for n in alerts)
    assert {n.url for n in alerts} == {
        f"/{school.slug}/content-reports/{report.public_id}/",
    }
    assert sorted(email.to[0] for email in mail.outbox) == sorted([head.email, dsl.email])


def test_the_alert_says_nothing_of_the_site_or_the_child(school, head, dsl, teacher, emails_sent):
    with emails_sent():
        submit(
            school,
            teacher,
            safeguarding=True,
            nature=DESCRIPTION,
            site_content="Fight videos filmed at Oakfield park",
        )

    assert len(mail.outbox) == 2
    for email in mail.outbox:
        parts = [email.subject, email.body, *(content for content, _ in email.alternatives)]
        said = "\n".join(str(part) for part in parts)
        for secret in ("videos.example.com", "park-fight", "Amelia", "fight", "Oakfield park"):
            assert secret not in said
    titles = [n.title for n in Notification.objects.for_school(school)]
    assert not any("Amelia" in title or "example.com" in title for title in titles)


def test_no_alert_without_a_safeguarding_issue(school, head, dsl, teacher, emails_sent):
    with emails_sent():
        submit(school, teacher, safeguarding=False)

    assert not Notification.objects.for_school(school).filter(kind=SAFEGUARDING_ALERT).exists()
    assert mail.outbox == []
    assert not Notification.objects.for_person(school, dsl).exists()


def test_where_reports_go_to_the_e_safety_team_they_are_alerted_too(
    school, head, dsl, esafety, teacher
):
    # As at Norris Bank: reports are routed to the e-safety team (7).
    ReviewRouteFactory(school=school, kind=RecordKind.CONTENT_REPORT, role=Role.ESAFETY)

    submit(school, teacher, safeguarding=True)

    alerts = Notification.objects.for_school(school).filter(kind=SAFEGUARDING_ALERT)
    assert {n.user for n in alerts} == {head, dsl, esafety}
    awaiting = Notification.objects.for_school(school).exclude(kind=SAFEGUARDING_ALERT)
    assert {n.user for n in awaiting} == {esafety}


# --- Blocked ------------------------------------------------------------------------------


def test_the_network_manager_records_the_site_blocked(school, head, teacher, network):
    report = report_in(school, by=teacher, urls=["https://a.example.com/", "https://b.test/"])
    today = school_today(school)

    content_report_record_blocked(
        report=report, by=network, blocked_on=today, provider_reference=" LGfL-4471 "
    )

    report.refresh_from_db()
    assert report.status == ReportStatus.BLOCKED
    assert (report.blocked_on, report.blocked_by, report.provider_reference) == (
        today,
        network,
        "LGfL-4471",
    )
    assert report.history.latest().history_user == network
    lines = FilterDecision.objects.for_school(school).order_by("site")
    assert [(line.site, line.verdict, line.decided_on) for line in lines] == [
        ("b.test", Verdict.BLOCKED, today),
        ("example.com", Verdict.BLOCKED, today),
    ]
    told = Notification.objects.for_person(school, teacher).get()
    assert told.title == "The site in your content report CR-1 is now blocked"


def test_the_register_gives_the_kinds_of_content_never_the_description(
    school, head, teacher, network
):
    report = report_in(
        school, safeguarding=True, categories=["violence"], nature=DESCRIPTION, by=teacher
    )

    content_report_record_blocked(report=report, by=network, blocked_on=school_today(school))

    (line,) = FilterDecision.objects.for_school(school)
    assert line.reason == (
        "Reported as inappropriate (CR-1): Violence, including violence against women and girls."
    )
    assert "Amelia" not in line.reason


@pytest.mark.parametrize(
    ("days", "message"),
    [
        (1, "Enter the day the site was blocked: it cannot be in the future."),
        (-1, "The site cannot have been blocked before it was reported."),
    ],
)
def test_a_blocking_date_outside_the_reports_life_is_refused(
    school, head, teacher, network, days, message
):
    report = report_in(school, by=teacher)
    before = snapshot()

    with pytest.raises(ValidationError) as error:
        content_report_record_blocked(
            report=report,
            by=network,
            blocked_on=school_today(school) + datetime.timedelta(days=days),
        )

    assert refusal(error) == {"blocked_on": [message]}
    assert before.changes(snapshot()) == {}
    report.refresh_from_db()
    assert report.status == ReportStatus.REPORTED


def test_a_report_dealt_with_cannot_be_blocked_or_closed_again(school, head, teacher, network):
    report = report_in(school, by=teacher)
    stale = ContentReport.objects.for_school(school).get(pk=report.pk)  # a second person's copy
    content_report_close(report=report, by=head, reason="An educational site.")
    before = snapshot()

    with pytest.raises(RecordError, match="CR-1 is now “Closed with no action”: nothing"):
        content_report_record_blocked(report=stale, by=network, blocked_on=school_today(school))
    with pytest.raises(RecordError, match="nothing was changed"):
        content_report_close(report=stale, by=head, reason="Again.")

    assert before.changes(snapshot()) == {}
    report.refresh_from_db()
    assert (report.status, report.close_reason) == (ReportStatus.CLOSED, "An educational site.")


# --- Closed with no action ------------------------------------------------------------------


def test_a_reviewer_closes_a_report_with_the_reason(school, head, teacher):
    report = report_in(school, by=teacher)

    content_report_close(report=report, by=head, reason="  The page is a news report.  ")

    report.refresh_from_db()
    assert report.status == ReportStatus.CLOSED
    assert (report.closed_by, report.close_reason) == (head, "The page is a news report.")
    assert report.closed_at is not None
    (line,) = FilterDecision.objects.for_school(school)
    assert (line.verdict, line.reason, line.site) == (
        Verdict.NOT_BLOCKED,
        "The page is a news report.",
        "example.com",
    )
    told = Notification.objects.for_person(school, teacher).get()
    assert told.title == "Your content report CR-1 was closed with no action"


def test_closing_needs_a_reason(school, head, teacher):
    report = report_in(school, by=teacher)
    before = snapshot()

    with pytest.raises(ValidationError) as error:
        content_report_close(report=report, by=head, reason="   ")

    assert refusal(error) == {"reason": ["Say why no action is being taken."]}
    assert before.changes(snapshot()) == {}


def test_a_closed_safeguarding_report_keeps_its_reason_off_the_register(school, head, teacher):
    report = report_in(school, by=teacher, safeguarding=True, nature=DESCRIPTION)

    content_report_close(report=report, by=head, reason="Amelia's parents have been spoken to.")

    (line,) = FilterDecision.objects.for_school(school)
    assert line.reason == "Closed with no action by the school's reviewers (CR-1)."
    report.refresh_from_db()
    assert report.close_reason == "Amelia's parents have been spoken to."
