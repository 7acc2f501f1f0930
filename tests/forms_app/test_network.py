"""The network manager's to-do: what to unblock, to block and to block again."""

from __future__ import annotations

from django.urls import reverse

from forms_app.services import access_request_record_reblocked, content_report_close
from schools.calendar import school_today
from schools.roles import Module
from tests.forms_app.factories import approved_in, ended_in, report_in, unblocked_in
from tests.helpers.querycount import assert_queries_constant


def to_do_url(school) -> str:
    return reverse("forms_app:network-to-do", kwargs={"school_slug": school.slug})


def section(html: str, heading: str) -> str:
    """The HTML from ``heading`` to the next section."""
    start = html.index(heading)
    end = html.find("<section", start)
    return html[start : end if end != -1 else len(html)]


def test_lists_the_three_kinds_of_work_with_counts(client_for, school, head, network, teacher):
    approved = approved_in(school, url="https://www.bbc.co.uk/bitesize/romans")
    report = report_in(school, urls=["https://games.example.com/casino"])
    ended = ended_in(school, url="https://padlet.com/year6/space")

    html = client_for(network).get(to_do_url(school)).text

    to_unblock = section(html, "To unblock (1)")
    assert approved.reference in to_unblock
    assert "https://www.bbc.co.uk/bitesize/romans" in to_unblock
    assert "Helen Hughes" in to_unblock  # approved by
    assert "Record that it is unblocked" in to_unblock
    to_block = section(html, "To block (1)")
    assert report.reference in to_block
    assert "https://games.example.com/casino" in to_block
    assert "Record that it is blocked" in to_block
    to_reblock = section(html, "To block again (1)")
    assert ended.reference in to_reblock
    assert "Record that it is blocked again" in to_reblock
    assert (
        reverse(
            "forms_app:access-request-reblocked",
            kwargs={"school_slug": school.slug, "request_id": ended.public_id},
        )
        in to_reblock
    )


def test_oldest_first(client_for, school, head, network, teacher):
    first = approved_in(school, url="https://first.example.com/")
    second = approved_in(school, url="https://second.example.com/")

    html = client_for(network).get(to_do_url(school)).text

    assert html.index(first.reference) < html.index(second.reference)
    assert "To unblock (2)" in html


def test_done_work_leaves_the_list(client_for, school, head, network, teacher):
    ended = ended_in(school)
    access_request_record_reblocked(request=ended, by=network, reblocked_on=school_today(school))
    content_report_close(report=report_in(school), by=head, reason="A news site; it stays open.")
    unblocked_in(school)

    html = client_for(network).get(to_do_url(school)).text

    assert "To unblock (0)" in html
    assert "No approved site is waiting to be unblocked." in html
    assert "No reported site is waiting to be blocked." in html
    assert "No site is waiting to be blocked again." in html


def test_a_switched_off_module_hides_its_sections(client_for, school, head, network, teacher):
    school.enabled_modules = [m for m in school.enabled_modules if m != Module.ACCESS_REQUESTS]
    school.save()
    report_in(school)

    html = client_for(network).get(to_do_url(school)).text

    assert "To unblock" not in html
    assert "To block again" not in html
    assert "To block (1)" in html


def test_content_reports_off_hides_to_block(client_for, school, head, network, teacher):
    school.enabled_modules = [m for m in school.enabled_modules if m != Module.CONTENT_REPORTS]
    school.save()

    html = client_for(network).get(to_do_url(school)).text

    assert "To block (" not in html
    assert "To unblock (0)" in html


def test_the_headteacher_sees_it_without_the_actions(client_for, school, head, network, teacher):
    approved_in(school)
    report_in(school)
    ended_in(school)

    response = client_for(head).get(to_do_url(school))

    assert response.status_code == 200
    assert "To unblock (1)" in response.text
    assert "Record that it is" not in response.text


def test_a_teacher_may_not_see_it(client_for, school, teacher):
    assert client_for(teacher).get(to_do_url(school)).status_code == 403


def test_query_count_does_not_grow(client_for, school, head, network, teacher):
    client = client_for(network)

    def add(n: int) -> None:
        for number in range(n):
            approved_in(school, url=f"https://site{number}.example.com/")
            report_in(school, urls=[f"https://bad{number}.example.com/", "https://x.example.org/"])
            ended_in(school, url=f"https://ended{number}.example.com/")

    assert_queries_constant(lambda: client.get(to_do_url(school)), add, sizes=(2, 6))
