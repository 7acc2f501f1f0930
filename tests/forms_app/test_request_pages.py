"""The access request pages: the form, the lists, one request, and each move through the client."""

from __future__ import annotations

import datetime
import re
import uuid
from typing import Any

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from documents.models import Document, DocumentStatus
from forms_app.models import AccessRequest, Audience, RequestStatus
from forms_app.services import access_request_decide
from forms_app.views.requests import record as views
from schools.calendar import school_today
from schools.roles import RecordKind, Role
from tests.factories import ReviewRouteFactory, member
from tests.forms_app.factories import a_class, approved_in, ended_in, request_in, unblocked_in
from tests.helpers.backdate import backdate, forget
from tests.helpers.dbstate import snapshot
from tests.helpers.querycount import assert_queries_constant

TAG = re.compile(r"<[^>]*>")


def url(name: str, record: AccessRequest | None = None, **query: str) -> str:
    kwargs: dict[str, Any] = {"school_slug": "oakfield"}
    if record is not None:
        kwargs["request_id"] = record.public_id
    path = reverse(f"forms_app:{name}", kwargs=kwargs)
    return path + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def filled(**changes: str) -> dict[str, str]:
    data = {
        "url": "https://www.youtube.com/watch?v=volcano",
        "site_content": "A video of an erupting volcano.",
        "reasons": "Year 4 geography: volcanoes.",
        "risks": "Suggested videos at the end; I will stop it before them.",
        "needed_by": "",
        "audience": "staff",
        "school_class": "",
        "access_length": "week",
    }
    return {**data, **changes}


def text(response) -> str:
    """The page as a reader sees it: no tags, single spaces."""
    return " ".join(TAG.sub(" ", response.content.decode()).split())


def shown_messages(response) -> list[str]:
    return [str(message) for message in response.context["messages"]]


@pytest.fixture
def commits(django_capture_on_commit_callbacks):
    """Run what a request queued for after its commit (emails go by a job, in-process here)."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


# --- The whole journey --------------------------------------------------------------


def test_from_request_to_blocked_again(school, head, teacher, network, client_for, commits):
    teacher_client, head_client, network_client = map(client_for, (teacher, head, network))
    # The teacher asks.
    with commits():
        response = teacher_client.post(url("access-request-add"), filled(), follow=True)
    assert "Sent to the headteacher: AR-1 awaits a decision." in text(response)
    record = AccessRequest.objects.for_school(school).get()
    assert "Teacher name" in text(response)
    assert "Tara Thompson" in text(response)
    # The headteacher finds it in the queue and approves it.
    assert "AR-1" in text(head_client.get(url("access-request-queue")))
    with commits():
        response = head_client.post(
            url("access-request-decide", record),
            {"decision": "approve", "reason": "Supervised in class.", "access_until": ""},
            follow=True,
        )
    assert "AR-1 is approved." in text(response)
    assert "Supervised in class." in text(response)
    assert "No end date" in text(response)
    (email,) = [m for m in mail.outbox if m.to == [teacher.email]]
    assert "Your access request AR-1 was approved" in email.subject
    # The network manager opens the site.
    today = school_today(school)
    response = network_client.post(
        url("access-request-unblocked", record), {"unblocked_on": today.isoformat()}, follow=True
    )
    assert f"recorded as unblocked on {today.day} {today:%B %Y}" in text(response)
    # The headteacher ends it early; the network manager blocks it again.
    response = head_client.post(
        url("access-request-revoke", record), {"reason": "The topic is over."}, follow=True
    )
    assert "The approval of AR-1 is revoked." in text(response)
    assert "The topic is over." in text(response)
    response = network_client.post(
        url("access-request-reblocked", record), {"reblocked_on": today.isoformat()}, follow=True
    )
    record.refresh_from_db()
    assert record.status == RequestStatus.REBLOCKED
    assert f"Blocked again on {today.day} {today:%B %Y}, recorded by Nina Nash" in text(response)


def test_the_history_shows_each_change_and_who_made_it(school, head, teacher, client_for):
    record = approved_in(school, reviewer=head)

    page = text(client_for(head).get(url("access-request", record)))

    assert "Created by Tara Thompson" in page
    assert "Changed by Helen Hughes" in page
    assert "Awaiting decision → Approved: to be unblocked" in page


def test_the_requester_is_emailed_when_their_request_is_refused(
    school, head, teacher, client_for, commits
):
    record = request_in(school, by=teacher)

    with commits():
        client_for(head).post(
            url("access-request-decide", record),
            {"decision": "refuse", "reason": "Use BBC Teach.", "access_until": ""},
        )

    (email,) = [m for m in mail.outbox if m.to == [teacher.email]]
    assert "AR-1 was refused" in email.subject


def test_the_requester_withdraws_a_waiting_request(school, teacher, client_for):
    record = request_in(school, by=teacher)
    client = client_for(teacher)
    assert "Withdraw the request" in text(client.get(url("access-request", record)))

    response = client.post(url("access-request-withdraw", record), {})

    assert response.status_code == 302
    record.refresh_from_db()
    assert record.status == RequestStatus.WITHDRAWN
    page = text(client.get(url("access-request", record)))
    assert "You have withdrawn AR-1." in page
    assert "Withdraw the request" not in page


def test_a_class_request_names_one_of_the_schools_classes(school, teacher, client_for):
    year4 = a_class(school, name="Year 4 Oak")
    a_class(school, name="Old class", is_active=False)

    form_page = text(client_for(teacher).get(url("access-request-add")))
    client_for(teacher).post(
        url("access-request-add"), filled(audience="class", school_class=str(year4.public_id))
    )

    assert "Year 4 Oak" in form_page
    assert "Old class" not in form_page
    record = AccessRequest.objects.for_school(school).get()
    assert (record.audience, record.school_class) == (Audience.CLASS, year4)


# --- Bad input -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("address", "message"),
    [
        ("https://ann:secret@example.org/", "Remove the user name and password"),
        ("ftp://files.example.org/", "starts with https:// or http://"),
        ("https://", "no site name"),
        ("https://example.org/" + "a" * 2029, "2,049 characters long"),
    ],
)
def test_a_bad_address_is_explained_on_the_form_and_nothing_is_saved(
    school, teacher, client_for, address, message
):
    before = snapshot()

    response = client_for(teacher).post(url("access-request-add"), filled(url=address))

    assert response.status_code == 200
    assert message in response.context["form"].errors["url"][0]
    assert "There is a problem" in text(response)
    assert not before.changes(snapshot())


def test_a_class_must_be_chosen_when_a_class_will_use_the_site(school, teacher, client_for):
    response = client_for(teacher).post(url("access-request-add"), filled(audience="class"))

    assert response.context["form"].errors["school_class"] == [
        "Choose the class that will use the site."
    ]
    assert not AccessRequest.objects.for_school(school).exists()


def test_another_schools_class_is_not_offered_or_accepted(
    school, other_school, teacher, client_for
):
    theirs = a_class(other_school, name="Riverside Year 2")
    client = client_for(teacher)

    assert "Riverside Year 2" not in text(client.get(url("access-request-add")))
    response = client.post(
        url("access-request-add"), filled(audience="class", school_class=str(theirs.public_id))
    )
    assert response.context["form"].errors["school_class"] == [
        "Choose one of the school's own classes."
    ]


def test_an_empty_decision_is_sent_back_with_its_errors(school, head, teacher, client_for):
    record = request_in(school, by=teacher)

    response = client_for(head).post(url("access-request-decide", record), {})

    assert response.status_code == 200
    errors = response.context["form"].errors
    assert errors["decision"] == ["Choose whether to approve or refuse the request."]
    assert errors["reason"] == ["Give the reason for the decision."]
    record.refresh_from_db()
    assert record.status == RequestStatus.SUBMITTED


def test_a_future_unblocking_day_is_refused_on_its_field(
    school, head, teacher, network, client_for
):
    record = approved_in(school, reviewer=head)
    tomorrow = school_today(school) + datetime.timedelta(days=1)

    response = client_for(network).post(
        url("access-request-unblocked", record), {"unblocked_on": tomorrow.isoformat()}
    )

    assert "cannot be in the future" in response.context["form"].errors["unblocked_on"][0]
    record.refresh_from_db()
    assert record.status == RequestStatus.APPROVED


# --- Deciding what has been decided ------------------------------------------------------


def test_a_decided_request_sends_the_decide_page_back_to_the_request(
    school, head, teacher, client_for
):
    record = approved_in(school, reviewer=head)
    client = client_for(head)

    response = client.get(url("access-request-decide", record), follow=True)
    assert "AR-1 is now “Approved: to be unblocked”" in text(response)
    rows = record.history.count()

    response = client.post(
        url("access-request-decide", record),
        {"decision": "refuse", "reason": "Changed my mind."},
        follow=True,
    )

    assert "so this cannot be done: nothing was changed" in text(response)
    record.refresh_from_db()
    assert (record.status, record.history.count()) == (RequestStatus.APPROVED, rows)


def test_two_reviewers_at_once_the_second_is_told_and_changes_nothing(
    school, head, esafety, teacher, client_for, monkeypatch
):
    ReviewRouteFactory(school=school, kind=RecordKind.ACCESS_REQUEST, role=Role.HEADTEACHER)
    ReviewRouteFactory(school=school, kind=RecordKind.ACCESS_REQUEST, role=Role.ESAFETY)
    record = request_in(school, by=teacher)
    real_decide = access_request_decide

    def meanwhile(**kwargs: Any) -> AccessRequest:
        # The other reviewer's decision lands after this page read the request.
        other = AccessRequest.objects.for_school(school).get(pk=record.pk)
        real_decide(request=other, by=esafety, approve=False, reason="Refused first.")
        return real_decide(**kwargs)

    monkeypatch.setattr(views, "access_request_decide", meanwhile)
    response = client_for(head).post(
        url("access-request-decide", record),
        {"decision": "approve", "reason": "Approved second."},
        follow=True,
    )

    assert "AR-1 is now “Refused”: nothing was changed." in text(response)
    record.refresh_from_db()
    assert (record.status, record.decision_reason) == (RequestStatus.REJECTED, "Refused first.")


def test_moves_from_the_wrong_state_change_nothing(school, head, teacher, network, client_for):
    waiting = request_in(school, by=teacher)
    approved = approved_in(school, reviewer=head)
    today = school_today(school).isoformat()

    unblock = client_for(network).post(
        url("access-request-unblocked", waiting), {"unblocked_on": today}, follow=True
    )
    reblock = client_for(network).post(
        url("access-request-reblocked", approved), {"reblocked_on": today}, follow=True
    )
    revoke = client_for(head).get(url("access-request-revoke", waiting), follow=True)

    assert "AR-1 is now “Awaiting decision”, so this cannot be done" in text(unblock)
    assert "AR-2 is now “Approved: to be unblocked”, so this cannot be done" in text(reblock)
    assert "there is nothing to do on that page" in text(revoke)
    statuses = AccessRequest.objects.for_school(school).order_by("number")
    assert [r.status for r in statuses] == [RequestStatus.SUBMITTED, RequestStatus.APPROVED]


# --- Who may see what ----------------------------------------------------------------


def test_a_teacher_may_not_open_the_queue_or_decide(school, teacher, dsl, client_for):
    record = request_in(school, by=teacher)

    assert client_for(teacher).get(url("access-request-queue")).status_code == 403
    assert client_for(teacher).get(url("access-request-decide", record)).status_code == 403
    assert client_for(dsl).get(url("access-request-queue")).status_code == 403


def test_another_schools_request_is_the_same_404_as_a_missing_one(
    school, other_school, head, outsider, client_for
):
    theirs = request_in(other_school, by=outsider)
    client = client_for(head)
    missing = reverse(
        "forms_app:access-request", kwargs={"school_slug": "oakfield", "request_id": uuid.uuid4()}
    )

    assert client.get(url("access-request", theirs)).status_code == 404
    assert client.get(url("access-request-decide", theirs)).status_code == 404
    assert client.get(missing).status_code == 404


def test_only_the_requester_and_those_who_oversee_open_a_request(
    school, head, teacher, support, network, client_for
):
    record = request_in(school, by=teacher)

    assert client_for(support).get(url("access-request", record)).status_code == 403
    # Withdrawing is the requester's alone: for anyone else the page does not exist.
    assert client_for(support).post(url("access-request-withdraw", record)).status_code == 404
    assert client_for(head).get(url("access-request-withdraw", record)).status_code == 404
    assert client_for(network).get(url("access-request", record)).status_code == 200
    assert client_for(teacher).get(url("access-request", record)).status_code == 200


def test_a_headteacher_who_is_not_the_reviewer_reads_the_queue_without_deciding(
    school, head, esafety, teacher, client_for
):
    ReviewRouteFactory(school=school, kind=RecordKind.ACCESS_REQUEST, role=Role.ESAFETY)
    record = request_in(school, by=teacher)
    decide_link = url("access-request-decide", record)

    head_page = client_for(head).get(url("access-request-queue")).content.decode()
    team_page = client_for(esafety).get(url("access-request-queue")).content.decode()

    assert "AR-1" in head_page
    assert decide_link not in head_page
    assert decide_link in team_page
    assert client_for(head).get(decide_link).status_code == 403


def test_the_message_names_the_schools_reviewers(school, esafety, teacher, client_for):
    ReviewRouteFactory(school=school, kind=RecordKind.ACCESS_REQUEST, role=Role.ESAFETY)

    response = client_for(teacher).post(url("access-request-add"), filled(), follow=True)

    assert "Sent to the e-safety team: AR-1 awaits a decision." in text(response)


def test_the_buttons_are_what_this_person_may_do_now(school, head, teacher, network, client_for):
    approved = approved_in(school, reviewer=head)

    as_head = text(client_for(head).get(url("access-request", approved)))
    as_network = text(client_for(network).get(url("access-request", approved)))
    as_teacher = text(client_for(teacher).get(url("access-request", approved)))

    assert "Revoke the approval" in as_head
    assert "Record the site as unblocked" not in as_head
    assert "Record the site as unblocked" in as_network
    assert "Revoke" not in as_network
    assert "Revoke" not in as_teacher
    assert "Withdraw the request" not in as_teacher


# --- Earlier decisions about the same site -----------------------------------------------


def refused_bbc(school, head, teacher) -> AccessRequest:
    return access_request_decide(
        request=request_in(school, by=teacher, url="https://www.bbc.co.uk/iplayer"),
        by=head,
        approve=False,
        reason="Use BBC Teach instead.",
    )


def test_checking_the_address_shows_earlier_decisions_and_saves_nothing(
    school, head, teacher, client_for
):
    refused_bbc(school, head, teacher)
    before = snapshot()

    response = client_for(teacher).post(
        url("access-request-add", check=""),
        {**filled(url="https://news.bbc.co.uk/newsround", reasons=""), "check": "1"},
    )

    page = text(response)
    assert "Earlier decisions on bbc.co.uk" in page
    assert "Access request AR-1" in page
    assert "Use BBC Teach instead." in page
    assert "There is a problem" not in page  # the reasons are not judged yet
    assert 'value="https://news.bbc.co.uk/newsround"' in response.content.decode()
    assert not before.changes(snapshot())


def test_checking_a_bad_address_says_what_is_wrong_with_it(school, teacher, client_for):
    response = client_for(teacher).post(
        url("access-request-add", check=""), {"url": "ftp://example.org", "check": "1"}
    )

    assert list(response.context["form"].errors) == ["url"]
    assert "Enter the site's address to see what was decided" in text(response)


def test_the_check_button_posts_to_check_and_hostile_input_there_saves_nothing(
    school, teacher, client_for
):
    client = client_for(teacher)
    page = client.get(url("access-request-add")).content.decode()
    before = snapshot()

    response = client.post(
        url("access-request-add", check=""),
        {"url": "https://a\x00b.example/", "reasons": "<script>x()</script>", "audience": "9"},
    )

    assert 'name="check" value="1" formaction="?check"' in page
    assert response.status_code == 200
    assert "&lt;script&gt;x()&lt;/script&gt;" in response.content.decode()
    assert not before.changes(snapshot())


def test_the_same_site_box_alone_for_the_script(school, head, teacher, client_for):
    record = refused_bbc(school, head, teacher)
    link = url("access-request", record)

    for_teacher = client_for(teacher).get(url("same-site", url="https://www.bbc.co.uk/x"))
    for_head = client_for(head).get(url("same-site", url="https://news.bbc.co.uk/"))

    assert for_teacher.status_code == 200
    assert "<html" not in for_teacher.content.decode()
    assert "Use BBC Teach instead." in text(for_teacher)
    assert link not in for_teacher.content.decode()  # the teacher may not open it
    assert link in for_head.content.decode()


def test_the_same_site_box_of_a_list_of_addresses_is_about_the_first(
    school, head, teacher, client_for
):
    # The content report's box: one address per line, the first one typed so far.
    refused_bbc(school, head, teacher)
    typed = "\n  https://www.bbc.co.uk/news\nhttps://www.example.org/"

    response = client_for(teacher).get(url("same-site"), {"url": typed})

    assert "Use BBC Teach instead." in text(response)


@pytest.mark.parametrize("address", ["", "not an address", "javascript:alert(1)", "x" * 3000])
def test_the_same_site_box_asks_for_an_address_it_cannot_use(teacher, client_for, address):
    response = client_for(teacher).get(url("same-site"), {"url": address})

    assert response.status_code == 200
    assert "Enter the site's address to see what was decided" in text(response)


def test_the_reviewer_sees_earlier_decisions_when_deciding(school, head, teacher, client_for):
    refused_bbc(school, head, teacher)
    record = request_in(school, by=teacher, url="https://www.bbc.co.uk/bitesize")

    page = text(client_for(head).get(url("access-request-decide", record)))

    assert "Access request AR-1" in page
    assert "Use BBC Teach instead." in page
    assert "Access request AR-2" not in page  # not the request itself


def test_the_suggested_last_day_is_filled_in(school, head, teacher, client_for):
    record = request_in(school, by=teacher)  # one week
    until = school_today(school) + datetime.timedelta(days=6)

    page = client_for(head).get(url("access-request-decide", record)).content.decode()

    assert f'value="{until.isoformat()}"' in page


# --- The PDF copy ---------------------------------------------------------------------


def test_the_pdf_link_appears_once_a_copy_is_ready(school, teacher, client_for):
    record = request_in(school, by=teacher)
    client = client_for(teacher)
    forget(Document.objects.for_school(school).filter(subject_id=str(record.public_id)))
    assert "The PDF copy is being prepared" in text(client.get(url("access-request", record)))

    document = Document.objects.create(
        school=school,
        subject_type="access-request",
        subject_id=str(record.public_id),
        version=1,
        title="Access request AR-1",
        reference="AR-1",
        status=DocumentStatus.READY,
        content_sha256="0" * 64,
        file="documents/ar-1.pdf",
        size=2048,
    )

    page = client.get(url("access-request", record)).content.decode()
    assert (
        reverse(
            "documents:download",
            kwargs={"school_slug": "oakfield", "document_id": document.public_id},
        )
        in page
    )


# --- The lists ------------------------------------------------------------------------


def test_the_requester_sees_their_own_requests_newest_first(school, teacher, client_for):
    request_in(school, by=teacher, url="https://first.example.org/")
    request_in(school, by=teacher, url="https://second.example.org/")
    request_in(school, by=member(school, Role.TEACHER), url="https://someone-else.example.org/")

    page = text(client_for(teacher).get(url("access-requests")))

    assert page.index("second.example.org") < page.index("first.example.org")
    assert "someone-else.example.org" not in page


def age(record: AccessRequest, days: int) -> None:
    """Make a request as if it had been sent ``days`` ago (a test's shortcut past auto_now_add)."""
    sent = timezone.now() - datetime.timedelta(days=days)
    backdate(record, submitted_at=sent)


def test_the_queue_shows_waiting_requests_oldest_first_and_marks_the_overdue(
    school, head, teacher, client_for
):
    school.reminder_overdue_days = 5
    school.save()
    newer = request_in(school, by=teacher, url="https://newer.example.org/")
    older = request_in(school, by=teacher, url="https://older.example.org/")
    approved_in(school, reviewer=head, url="https://decided.example.org/")
    age(older, 6)
    age(newer, 2)

    response = client_for(head).get(url("access-request-queue"))

    page = text(response)
    assert page.index("older.example.org") < page.index("newer.example.org")
    assert "decided.example.org" not in page
    overdue = [row.record.host for row in response.context["rows"] if row.overdue]
    assert overdue == ["older.example.org"]
    assert "Waited 6 days Overdue" in page
    assert "Waited 2 days" in page


@pytest.mark.parametrize(
    ("query", "found"),
    [
        ({"q": "AR-2"}, ["two.example.org"]),
        ({"q": "ar2"}, ["two.example.org"]),
        ({"q": "2"}, ["two.example.org"]),
        ({"q": "three.example"}, ["three.example.org"]),
        ({"q": "sally"}, ["three.example.org"]),
        ({"q": "volcano"}, ["one.example.org"]),
        ({"show": "refused"}, ["four.example.org"]),
        ({"show": "approved"}, ["five.example.org"]),
        ({"show": "all", "q": "example"}, [f"{n}.example.org" for n in ("five", "four")]),
    ],
)
def test_the_queue_filters_and_searches(school, head, teacher, support, client_for, query, found):
    request_in(school, by=teacher, url="https://one.example.org/", site_content="Volcanoes.")
    request_in(school, by=teacher, url="https://two.example.org/", site_content="Maps.")
    request_in(school, by=support, url="https://three.example.org/", site_content="Songs.")
    access_request_decide(
        request=request_in(school, by=teacher, url="https://four.example.org/"),
        by=head,
        approve=False,
        reason="No.",
    )
    approved_in(school, reviewer=head, url="https://five.example.org/")
    if query.get("show") == "all":
        found = [*found, "three.example.org", "two.example.org", "one.example.org"]

    response = client_for(head).get(url("access-request-queue"), query)

    assert [row.record.host for row in response.context["rows"]] == found


def test_a_nonsense_filter_falls_back_to_the_waiting_requests(school, head, teacher, client_for):
    request_in(school, by=teacher)

    response = client_for(head).get(url("access-request-queue"), {"show": "<script>"})

    assert response.status_code == 200
    assert [row.record.reference for row in response.context["rows"]] == ["AR-1"]


def test_the_queue_ending_soon_and_to_block_again(school, head, teacher, network, client_for):
    today = school_today(school)
    approved_in(school, reviewer=head, url="https://soon.example.org/", access_until=today)
    approved_in(
        school,
        reviewer=head,
        url="https://later.example.org/",
        access_until=today + datetime.timedelta(days=30),
    )
    ended_in(school, url="https://ended.example.org/")
    client = client_for(head)

    ending = client.get(url("access-request-queue"), {"show": "ending"})
    to_block = client.get(url("access-request-queue"), {"show": "to-block"})

    assert [row.record.host for row in ending.context["rows"]] == ["soon.example.org"]
    assert [row.record.host for row in to_block.context["rows"]] == ["ended.example.org"]


def test_the_queue_pages_keep_the_filter(school, head, teacher, client_for):
    for n in range(27):
        request_in(school, by=teacher, url=f"https://site{n}.example.org/")
    client = client_for(head)

    first = client.get(url("access-request-queue"), {"show": "waiting", "q": "example"})
    second = client.get(url("access-request-queue"), {"show": "waiting", "q": "example", "page": 2})

    assert len(first.context["rows"]) == 25
    assert "?show=waiting&amp;q=example&amp;page=2" in first.content.decode()
    assert [row.record.reference for row in second.context["rows"]] == ["AR-26", "AR-27"]


def test_the_lists_cost_the_same_queries_at_two_sizes(school, head, teacher, network, client_for):
    def add_requests(n: int) -> None:
        for _ in range(n):
            request_in(school, by=teacher)
            unblocked_in(school)

    teacher_client, head_client = client_for(teacher), client_for(head)
    assert_queries_constant(lambda: teacher_client.get(url("access-requests")), add_requests)
    assert_queries_constant(
        lambda: head_client.get(url("access-request-queue"), {"show": "all"}), add_requests
    )
