"""The subject access pages: headteacher only; search, log, export, download, close."""

from __future__ import annotations

import datetime
import html
import re

import pytest
from django.urls import reverse

from jobs.models import Job
from schools.calendar import school_today
from schools.roles import Role
from subject_access.forms import subject_token
from subject_access.models import ExportDownload, SarStatus, SubjectAccessRequest, SubjectKind
from tests.agreements.factories import child_in, class_in, signed_in
from tests.factories import member
from tests.helpers.querycount import assert_queries_constant
from tests.subject_access.conftest import exported
from tests.subject_access.factories import sar_in

DAY = datetime.timedelta(days=1)


def url(school, name, sar=None, query=""):
    kwargs = {"school_slug": school.slug}
    if sar is not None:
        kwargs["request_id"] = str(sar.public_id)
    return reverse(f"subject_access:{name}", kwargs=kwargs) + query


def text(response) -> str:
    """The page's words as a reader sees them: no tags, spaces collapsed."""
    words = re.sub(r"<[^>]+>", " ", response.content.decode())
    return re.sub(r" ([,.)])", r"\1", " ".join(html.unescape(words).split()))


def _new_data(token, **changes):
    data = {
        "subject": token,
        "requester_name": "Farah Khan",
        "requester_relationship": "parent",
        "received_on": "",
        "notes": "",
    }
    data.update(changes)
    return data


# --- Access -------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["list", "search", "new"])
def test_only_the_headteacher_opens_the_pages(client_for, school, head, dsl, teacher, name):
    assert client_for(dsl).get(url(school, name)).status_code == 403
    assert client_for(teacher).get(url(school, name)).status_code == 403
    assert client_for(head).get(url(school, name)).status_code in (200, 302)


@pytest.mark.parametrize("name", ["request", "download", "complete", "withdraw"])
def test_another_schools_request_is_not_found_and_others_are_refused(
    client_for, school, other_school, head, dsl, name
):
    other_head = member(other_school, Role.HEADTEACHER)
    theirs = sar_in(other_school, by=other_head)
    ours = sar_in(school)
    assert client_for(head).get(url(school, name, theirs)).status_code == 404
    assert client_for(dsl).get(url(school, name, ours)).status_code == 403


# --- Search -------------------------------------------------------------------------


def test_the_search_groups_pupils_parents_and_staff_and_tells_them_apart(
    client_for, school, head, teacher
):
    child_in(school, "Sam", "Jones", school_class=class_in(school, "Oak (Year 3)"))
    child_in(school, "Sam", "Jones", school_class=class_in(school, "Ash (Year 5)", 5))
    signed_in(school, child_name="Amira Khan", parent_name="Sam Jonesy", email="sj@example.com")
    member(school, Role.TEACHER, full_name="Samantha Jones", email="sjones@oakfield.test")

    page = client_for(head).get(url(school, "search", query="?q=jones"))

    words = text(page)
    assert "Sam Jones, Oak (Year 3)" in words
    assert "Sam Jones, Ash (Year 5)" in words
    assert "Sam Jonesy, sj@example.com Signed for Amira Khan (Oak (Year 3))" in words
    assert "Samantha Jones, sjones@oakfield.test Teacher" in words
    assert words.count("Start a request") == 4


def test_a_search_that_finds_nobody_says_so(client_for, school, head):
    page = client_for(head).get(url(school, "search", query="?q=nobody-here"))
    assert "Nothing found" in text(page)


def test_a_search_too_short_says_what_is_wrong(client_for, school, head):
    page = client_for(head).get(url(school, "search", query="?q=a"))
    assert page.status_code == 200
    assert "Enter at least 2 characters." in text(page)


def test_the_search_costs_the_same_queries_however_many_match(client_for, school, head, teacher):
    client = client_for(head)
    made = iter(range(1000))

    def more(n):
        for _ in range(n):
            i = next(made)
            child_in(school, "Sam", f"Jones{i}")
            signed_in(school, child_name=f"Sam Jones{i}", parent_name=f"Pat Jones{i}")
            member(school, Role.TEACHER, full_name=f"Sam Jones{i}")

    assert_queries_constant(lambda: client.get(url(school, "search", query="?q=jones")), more)


# --- Logging a request ----------------------------------------------------------------


def test_the_head_logs_a_request_about_a_pupil_found_in_the_search(client_for, school, head):
    child = child_in(school, "Amira", "Khan")
    token = subject_token(SubjectKind.PUPIL, str(child.public_id))
    client = client_for(head)
    form = client.get(url(school, "new", query=f"?subject={token}"))
    assert "Amira Khan" in text(form)

    received = school_today(school) - 3 * DAY
    response = client.post(url(school, "new"), _new_data(token, received_on=received.isoformat()))

    sar = SubjectAccessRequest.objects.for_school(school).get()
    assert response.status_code == 302
    assert (sar.child, sar.recorded_by, sar.received_on) == (child, head, received)
    assert sar.due_on > received


def test_new_without_a_person_sends_the_head_to_the_search(client_for, school, head):
    response = client_for(head).get(url(school, "new", query="?subject=pupil:nonsense"))
    assert response.status_code == 302
    assert response["Location"] == url(school, "search")


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"received_on": "FUTURE"}, "received_on", "it cannot be in the future"),
        ({"requester_name": ""}, "requester_name", "Enter the name of the person who made"),
        ({"requester_name": "   "}, "requester_name", "Enter the name of the person who made"),
        ({"subject": "pupil:00000000-0000-0000-0000-000000000000"}, "subject", "does not know"),
        ({"subject": "staff:nonsense"}, "subject", "does not know"),
        ({"requester_relationship": "cousin"}, "requester_relationship", "from the list"),
    ],
)
def test_bad_input_shows_a_message_on_its_field_and_saves_nothing(
    client_for, school, head, changes, field, message
):
    child = child_in(school)
    token = subject_token(SubjectKind.PUPIL, str(child.public_id))
    if changes.get("received_on") == "FUTURE":
        changes["received_on"] = (school_today(school) + DAY).isoformat()
    data = _new_data(token, **{"received_on": school_today(school).isoformat(), **changes})

    response = client_for(head).post(url(school, "new"), data)

    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors[field])
    assert "There is a problem: nothing was saved" in text(response)
    assert not SubjectAccessRequest.objects.for_school(school).exists()


# --- The list -------------------------------------------------------------------------


def test_the_list_shows_owed_requests_first_and_says_which_are_overdue(client_for, school, head):
    today = school_today(school)
    late = sar_in(school, received_on=today - 40 * DAY)
    recent = sar_in(school, received_on=today - 2 * DAY)
    done = sar_in(school, received_on=today - 3 * DAY)
    from subject_access.services import sar_withdraw

    sar_withdraw(request=done, by=head, note="Withdrawn.", closed_on=today)
    page = client_for(head).get(url(school, "list"))

    listed = [sar.reference for sar in page.context["page"].object_list]
    assert listed == [late.reference, recent.reference, done.reference]
    assert "Overdue The answer was due" in text(page)
    assert text(page).count("Overdue") == 1


def test_the_list_costs_the_same_queries_however_long(client_for, school, head):
    client = client_for(head)
    child = child_in(school)
    assert_queries_constant(
        lambda: client.get(url(school, "list")),
        lambda n: [sar_in(school, child=child) for _ in range(n)],
    )


# --- Export, download, history --------------------------------------------------------


def test_asking_for_the_export_queues_its_job_and_the_page_says_so(client_for, school, head):
    sar = sar_in(school)
    client = client_for(head)
    response = client.post(url(school, "request", sar))

    assert response.status_code == 302
    job = Job.objects.for_school(school).get(kind="subject_access.export")
    assert job.requested_by == head
    page = client.get(url(school, "request", sar))
    assert "The export is being prepared" in text(page)


def test_the_finished_exports_progress_page_leads_back_to_the_request(client_for, school, head):
    sar = exported(sar_in(school), head)
    job = Job.objects.for_school(school).get(kind="subject_access.export")
    request_page = url(school, "request", sar)
    client = client_for(head)

    job_page = client.get(
        reverse("jobs:detail", kwargs={"school_slug": school.slug, "job_id": job.public_id})
    )
    state = client.get(
        reverse("jobs:status", kwargs={"school_slug": school.slug, "job_id": job.public_id})
    ).json()

    assert f'href="{request_page}">Open the request</a>' in job_page.content.decode()
    assert (state["note"], state["file_url"], state["file_label"]) == (
        "Ready",
        request_page,
        "Open the request",
    )


def test_a_download_is_logged_and_the_history_shows_it(client_for, school, head):
    sar = exported(sar_in(school), head)
    client = client_for(head)

    response = client.get(url(school, "download", sar))
    body = b"".join(response.streaming_content)

    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert response["Cache-Control"] == "private, no-store"
    assert body.startswith(b"PK")
    download = ExportDownload.objects.for_school(school).get()
    assert (download.user, download.request) == (head, sar)
    page = text(client.get(url(school, "request", sar)))
    assert "Downloaded the export by Helen Hughes" in page
    assert "Asked for an export by Helen Hughes" in page
    assert page.index("Asked for an export") < page.index("Downloaded the export")


def test_a_head_request_logs_nothing_and_no_export_means_no_download(client_for, school, head):
    sar = sar_in(school)
    client = client_for(head)
    assert client.get(url(school, "download", sar)).status_code == 302
    done = exported(sar, head)
    assert client.head(url(school, "download", done)).status_code == 200
    assert not ExportDownload.objects.for_school(school).exists()


def test_the_head_completes_an_exported_request_with_a_note(client_for, school, head):
    sar = exported(sar_in(school), head)
    client = client_for(head)
    today = school_today(school).isoformat()

    refused = client.post(url(school, "complete", sar), {"note": "", "closed_on": today})
    assert "Say how the answer was sent." in text(refused)
    response = client.post(
        url(school, "complete", sar), {"note": "Sent by secure email.", "closed_on": today}
    )

    assert response.status_code == 302
    sar.refresh_from_db()
    assert (sar.status, sar.closing_note) == (SarStatus.COMPLETED, "Sent by secure email.")
    again = client.get(url(school, "withdraw", sar))
    assert again.status_code == 302


def test_the_head_withdraws_a_request_with_the_reason(client_for, school, head):
    sar = sar_in(school)
    client = client_for(head)
    future = (school_today(school) + DAY).isoformat()
    refused = client.post(url(school, "withdraw", sar), {"note": "Withdrawn.", "closed_on": future})
    assert "cannot be in the future" in text(refused)
    response = client.post(
        url(school, "withdraw", sar),
        {"note": "Withdrawn in writing.", "closed_on": school_today(school).isoformat()},
    )
    assert response.status_code == 302
    sar.refresh_from_db()
    assert sar.status == SarStatus.WITHDRAWN
