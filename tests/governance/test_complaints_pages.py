"""The complaints pages: the list and its filters, recording, the complaint, and changing it."""

from __future__ import annotations

import datetime
import html
import re

import pytest
from django.urls import reverse

from governance.complaints.services import complaint_close, complaint_stage_move
from governance.models import Complaint, ComplaintOutcome, ComplaintStage, ComplaintStatus
from schools.calendar import school_today
from schools.roles import Role
from tests.factories import member
from tests.governance.factories import complaint_in
from tests.helpers.querycount import assert_queries_constant

DAY = datetime.timedelta(days=1)
CHANGE_PAGES = ("complaint-edit", "complaint-stage", "complaint-close")


@pytest.fixture
def clerk(school):
    return member(school, Role.CLERK, full_name="Clara Clerk", email="clerk@oakfield.test")


@pytest.fixture
def today(school):
    return school_today(school)


def url(school, name, complaint: Complaint | None = None, query: str = "") -> str:
    kwargs = {"school_slug": school.slug}
    if complaint is not None:
        kwargs["complaint_id"] = str(complaint.public_id)
    return reverse(f"governance:{name}", kwargs=kwargs) + query


def text(response) -> str:
    """The page's words as a reader sees them: no tags, spaces collapsed."""
    words = re.sub(r"<[^>]+>", " ", response.content.decode())
    return " ".join(html.unescape(words).split())


def fresh(complaint: Complaint) -> Complaint:
    return Complaint.objects.for_school(complaint.school).get(pk=complaint.pk)


def listed(response) -> list[str]:
    return [complaint.reference for complaint in response.context["page"].object_list]


# --- The list --------------------------------------------------------------------------


def test_list_shows_open_complaints_first_then_the_newest(
    client_for, school, head, governor, today
):
    old_open = complaint_in(school, received_on=today - 30 * DAY)
    closed_new = complaint_in(school, received_on=today - DAY)
    complaint_close(
        complaint=closed_new, by=head, outcome=ComplaintOutcome.UPHELD, outcome_note="Upheld.",
        closed_on=today,
    )  # fmt: skip
    new_open = complaint_in(school, received_on=today - 2 * DAY)

    response = client_for(governor).get(url(school, "complaints"))

    assert response.status_code == 200
    assert listed(response) == [new_open.reference, old_open.reference, closed_new.reference]
    assert "Record a complaint" not in text(response)  # governors read only


def test_overdue_is_said_in_words(client_for, school, head, today):
    complaint_in(school, subject="Late reply", received_on=today - 20 * DAY, respond_by=today - DAY)

    page = text(client_for(head).get(url(school, "complaints")))

    assert "Overdue Response was due" in page


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("?status=open", {"informal", "formal", "overdue"}),
        ("?status=overdue", {"overdue"}),
        ("?status=closed", {"closed"}),
        ("?stage=formal", {"formal"}),
        ("?about=policy", {"formal"}),
        ("?q=WhatsApp", {"informal"}),
        ("?q=whitfield", {"closed"}),
        ("?q=CMP-2", {"formal"}),
        ("?q=2", {"formal"}),
    ],
)
def test_list_filters(client_for, school, head, today, query, expected):
    # Names and subjects without digits: searching "2" finds CMP-2 alone.
    made = {
        "informal": complaint_in(
            school, subject="Class WhatsApp group", complainant="Ann Lee", received_on=today
        ),
        "formal": complaint_in(
            school,
            subject="Blocked site",
            complainant="Bo Chen",
            about="policy",
            stage=ComplaintStage.FORMAL,
        ),
        "overdue": complaint_in(
            school,
            subject="School Facebook page",
            complainant="Cy Dunn",
            received_on=today - 9 * DAY,
            respond_by=today - DAY,
        ),
        "closed": complaint_in(school, subject="Photos", complainant="Karen Whitfield"),
    }
    complaint_close(
        complaint=made["closed"], by=head, outcome=ComplaintOutcome.RESOLVED,
        outcome_note="Resolved.", closed_on=today,
    )  # fmt: skip

    response = client_for(head).get(url(school, "complaints", query=query))

    assert set(listed(response)) == {made[name].reference for name in expected}


def test_list_filters_by_received_dates(client_for, school, head, today):
    complaint_in(school, received_on=today - 40 * DAY)
    middle = complaint_in(school, received_on=today - 20 * DAY)
    complaint_in(school, received_on=today)
    start, end = (today - 25 * DAY).isoformat(), (today - 10 * DAY).isoformat()

    response = client_for(head).get(
        url(school, "complaints", query=f"?received_from={start}&received_to={end}")
    )

    assert listed(response) == [middle.reference]


@pytest.mark.parametrize(
    ("query", "words"),
    [
        ("?received_from=2026-03-10&received_to=2026-03-01", "The range ends before it starts"),
        ("?status=pending", "Choose a status from the list."),
        ("?stage=appeal", "Choose a stage from the list."),
        ("?about=everything", "Choose what it is about from the list."),
        ("?received_from=2024-02-30", "Enter a valid date."),
    ],
)
def test_a_bad_filter_is_explained_not_ignored(client_for, school, head, query, words):
    complaint_in(school)

    response = client_for(head).get(url(school, "complaints", query=query))

    assert response.status_code == 200
    page = text(response)
    assert "The filter could not be used" in page
    assert words in page
    assert response.context["page"] is None
    assert "CMP-1" not in page


def test_list_query_count_does_not_grow(client_for, school, head):
    client = client_for(head)

    count = assert_queries_constant(
        lambda: client.get(url(school, "complaints")),
        lambda n: [complaint_in(school) for _ in range(n)],
    )

    assert count <= 8


def test_list_pages_by_25(client_for, school, head):
    for _ in range(26):
        complaint_in(school)

    response = client_for(head).get(url(school, "complaints", query="?page=2"))

    assert listed(response) == ["CMP-1"]
    assert "Page 2 of 2" in text(response)


# --- Recording -------------------------------------------------------------------------


def form_data(today, **changes):
    data = {
        "received_on": (today - 2 * DAY).isoformat(),
        "complainant": "Daniel Okonjo",
        "complainant_kind": "parent",
        "about": "application",
        "subject": "Photo of my child on the school Facebook page",
        "details": "Posted although the family withheld consent.",
        "respond_by": (today + 10 * DAY).isoformat(),
        "stage": "informal",
    }
    data.update(changes)
    return data


def test_the_clerk_records_a_complaint(client_for, school, clerk, today):
    response = client_for(clerk).post(url(school, "complaint-add"), form_data(today))

    complaint = Complaint.objects.for_school(school).get()
    assert response.status_code == 302
    assert response["Location"] == url(school, "complaint", complaint)
    assert complaint.reference == "CMP-1"
    assert complaint.subject == "Photo of my child on the school Facebook page"
    assert complaint.recorded_by == clerk
    assert complaint.stage == ComplaintStage.INFORMAL


@pytest.mark.parametrize(
    ("changes", "field", "words"),
    [
        ({"received_on": "2099-01-01"}, "received_on", "cannot be in the future"),
        ({"received_on": "1999-12-31"}, "received_on", "from the year 2000 onwards"),
        ({"respond_by": "2000-01-01"}, "respond_by", "cannot be due before"),
        ({"subject": ""}, "subject", "Enter a short subject"),
        ({"complainant_kind": "alien"}, "complainant_kind", "Choose who the complainant is"),
    ],
)
def test_bad_input_is_explained_and_nothing_saved(
    client_for, school, head, today, changes, field, words
):
    response = client_for(head).post(url(school, "complaint-add"), form_data(today, **changes))

    assert response.status_code == 200
    assert words in response.context["form"].errors[field][0]
    assert 'aria-invalid="true"' in response.content.decode()
    assert not Complaint.objects.for_school(school).exists()


# --- One complaint ---------------------------------------------------------------------


def test_the_page_shows_the_complaint_its_history_and_its_pdfs(
    client_for, school, head, clerk, governor, today
):
    complaint = complaint_in(school, by=clerk, complainant="Daniel Okonjo")
    complaint_stage_move(
        complaint=complaint, by=head, stage=ComplaintStage.FORMAL, moved_on=today,
        note="The parent asked for a formal investigation.",
    )  # fmt: skip

    page = text(client_for(governor).get(url(school, "complaint", complaint)))

    assert f"Complaint {complaint.reference}: {complaint.subject}" in page
    assert "Daniel Okonjo (a parent or carer)" in page
    assert "The parent asked for a formal investigation." in page
    assert "Created by Clara Clerk" in page
    assert "Changed by Helen Hughes" in page
    assert "Stage Informal → Formal" in page
    assert "PDF copies" in page
    assert "Edit the complaint" not in page  # a governor reads only


def test_recorders_see_what_they_can_do(client_for, school, head, clerk):
    complaint = complaint_in(school, stage=ComplaintStage.PANEL)

    page = text(client_for(clerk).get(url(school, "complaint", complaint)))

    assert "Edit the complaint" in page
    assert "Close it with the outcome" in page
    assert "Move it to a later stage" not in page  # the panel is the last stage


def test_edit_page_saves_a_correction(client_for, school, head, today):
    complaint = complaint_in(school)
    data = form_data(today, subject="Photos on the school Facebook page")
    del data["stage"]

    response = client_for(head).post(url(school, "complaint-edit", complaint), data)

    assert response.status_code == 302
    assert fresh(complaint).subject == "Photos on the school Facebook page"


def test_edit_page_starts_from_the_complaint(client_for, school, head):
    complaint = complaint_in(school, subject="Blocked coding website")

    response = client_for(head).get(url(school, "complaint-edit", complaint))

    assert 'value="Blocked coding website"' in response.content.decode()


def test_stage_page_moves_it_on_and_offers_only_later_stages(
    client_for, school, head, clerk, today
):
    complaint = complaint_in(school, stage=ComplaintStage.FORMAL)
    client = client_for(clerk)

    offered = client.get(url(school, "complaint-stage", complaint)).context["form"]
    response = client.post(
        url(school, "complaint-stage", complaint),
        {"stage": "panel", "moved_on": today.isoformat(), "note": ""},
    )

    assert [value for value, _ in offered.fields["stage"].choices] == ["panel"]
    assert response.status_code == 302
    assert fresh(complaint).stage == ComplaintStage.PANEL


def test_stage_page_refuses_to_go_back(client_for, school, head, clerk, today):
    complaint = complaint_in(school, stage=ComplaintStage.FORMAL)

    response = client_for(clerk).post(
        url(school, "complaint-stage", complaint),
        {"stage": "informal", "moved_on": today.isoformat()},
    )

    assert response.status_code == 200
    assert "Choose the stage from the list." in response.context["form"].errors["stage"]
    assert fresh(complaint).stage == ComplaintStage.FORMAL


def test_close_page_closes_it(client_for, school, head, clerk, today):
    complaint = complaint_in(school)

    response = client_for(clerk).post(
        url(school, "complaint-close", complaint),
        {"outcome": "upheld", "outcome_note": "The photo was removed.", "closed_on": str(today)},
    )

    assert response.status_code == 302
    assert fresh(complaint).status == ComplaintStatus.CLOSED


def test_close_page_needs_the_reasons(client_for, school, head, clerk, today):
    complaint = complaint_in(school)

    response = client_for(clerk).post(
        url(school, "complaint-close", complaint),
        {"outcome": "upheld", "outcome_note": "  ", "closed_on": str(today)},
    )

    assert response.status_code == 200
    assert response.context["form"].errors["outcome_note"] == ["Say what was decided and why."]
    assert fresh(complaint).is_open


@pytest.mark.parametrize("name", CHANGE_PAGES)
def test_a_closed_complaint_cannot_be_changed(client_for, school, head, today, name):
    complaint = complaint_in(school)
    complaint_close(
        complaint=complaint, by=head, outcome=ComplaintOutcome.WITHDRAWN,
        outcome_note="The parent withdrew it.", closed_on=today,
    )  # fmt: skip
    client = client_for(head)

    posted = client.post(url(school, name, complaint), {"subject": "Changed", "stage": "formal"})
    shown = client.get(url(school, "complaint", complaint))

    assert posted.status_code == 302
    assert posted["Location"] == url(school, "complaint", complaint)
    assert "This complaint is closed" in text(shown)
    assert "Edit the complaint" not in text(shown)
    assert fresh(complaint).outcome == ComplaintOutcome.WITHDRAWN


def test_closing_after_someone_else_did_says_so_and_changes_nothing(
    client_for, school, head, clerk, today
):
    complaint = complaint_in(school)
    client = client_for(head)
    client.get(url(school, "complaint-close", complaint))  # the form is open on the screen
    complaint_close(
        complaint=complaint, by=clerk, outcome=ComplaintOutcome.RESOLVED,
        outcome_note="Resolved at a meeting.", closed_on=today,
    )  # fmt: skip

    response = client.post(
        url(school, "complaint-close", complaint),
        {"outcome": "upheld", "outcome_note": "Upheld.", "closed_on": str(today)},
        follow=True,
    )

    assert "This complaint is closed" in text(response)
    assert fresh(complaint).outcome == ComplaintOutcome.RESOLVED


# --- Who may -----------------------------------------------------------------------------


@pytest.mark.parametrize("name", [*CHANGE_PAGES, "complaint-add"])
def test_a_governor_may_not_change_anything(client_for, school, head, governor, today, name):
    complaint = complaint_in(school)
    client = client_for(governor)
    target = url(school, name, None if name == "complaint-add" else complaint)

    assert client.get(target).status_code == 403
    assert client.post(target, form_data(today)).status_code == 403
    assert Complaint.objects.for_school(school).count() == 1
    assert len(fresh(complaint).history.all()) == 1


@pytest.mark.parametrize("name", ["complaints", "complaint", "complaint-edit"])
def test_staff_without_a_governance_role_are_refused(client_for, school, head, teacher, name):
    complaint = complaint_in(school)
    target = url(school, name, None if name == "complaints" else complaint)

    assert client_for(teacher).get(target).status_code == 403


@pytest.mark.parametrize("name", ["complaint", *CHANGE_PAGES])
def test_another_schools_complaint_is_not_found(client_for, school, other_school, head, name):
    member(other_school, Role.HEADTEACHER)
    theirs = complaint_in(other_school)

    client = client_for(head)

    assert client.get(url(school, name, theirs)).status_code == 404
    if name != "complaint":  # the complaint's own page takes no POST (405 whatever the id)
        assert client.post(url(school, name, theirs), {}).status_code == 404
