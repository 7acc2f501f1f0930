"""The complaint services: numbering, dates, stages forward only, closing, and who did what."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError

from documents.services import REFRESH_JOB
from governance.complaints.services import (
    COMPLAINT_PDF,
    ComplaintClosed,
    complaint_close,
    complaint_edit,
    complaint_stage_move,
)
from governance.models import (
    ComplainantKind,
    Complaint,
    ComplaintAbout,
    ComplaintOutcome,
    ComplaintStage,
    ComplaintStatus,
)
from jobs.models import Job
from schools.calendar import school_today
from schools.history import record_history
from schools.roles import Role
from tests.factories import member
from tests.governance.factories import complaint_in

DAY = datetime.timedelta(days=1)


@pytest.fixture
def clerk(school):
    return member(school, Role.CLERK, full_name="Clara Clerk", email="clerk@oakfield.test")


@pytest.fixture
def today(school):
    return school_today(school)


def details(complaint: Complaint, **changes):
    values = {
        "received_on": complaint.received_on,
        "complainant": complaint.complainant,
        "complainant_kind": complaint.complainant_kind,
        "about": complaint.about,
        "subject": complaint.subject,
        "details": complaint.details,
        "respond_by": complaint.respond_by,
    }
    values.update(changes)
    return values


def close(complaint: Complaint, by, **fields):
    fields.setdefault("outcome", ComplaintOutcome.NOT_UPHELD)
    fields.setdefault("outcome_note", "The photo was taken down the same day; consent was kept.")
    fields.setdefault("closed_on", school_today(complaint.school))
    return complaint_close(complaint=complaint, by=by, **fields)


def fresh(complaint: Complaint) -> Complaint:
    return Complaint.objects.for_school(complaint.school).get(pk=complaint.pk)


# --- Recording -------------------------------------------------------------------------


def test_record_numbers_each_schools_complaints_and_starts_informal(
    school, other_school, head, clerk, outsider, today
):
    member(other_school, Role.HEADTEACHER)
    first = complaint_in(school, by=clerk, received_on=today - 3 * DAY)
    second = complaint_in(school, by=head)
    elsewhere = complaint_in(other_school)

    assert (first.reference, second.reference, elsewhere.reference) == ("CMP-1", "CMP-2", "CMP-1")
    assert first.recorded_by == clerk
    assert first.stage == ComplaintStage.INFORMAL
    assert first.stage_since == today - 3 * DAY
    assert first.status == ComplaintStatus.OPEN


def test_record_at_a_given_stage(school, head, today):
    complaint = complaint_in(school, stage=ComplaintStage.FORMAL, received_on=today)

    assert complaint.stage == ComplaintStage.FORMAL
    assert complaint.stage_since == today


@pytest.mark.parametrize(
    ("received_on", "respond_by", "field", "words"),
    [
        (DAY, None, "received_on", "cannot be in the future"),
        (-11000 * DAY, None, "received_on", "from the year 2000 onwards"),
        (-5 * DAY, -6 * DAY, "respond_by", "cannot be due before"),
        (-5 * DAY, 400 * DAY, "respond_by", "within a year"),
    ],
)
def test_record_refuses_impossible_dates(
    school, head, today, received_on, respond_by, field, words
):
    with pytest.raises(ValidationError) as refused:
        complaint_in(
            school,
            received_on=today + received_on,
            respond_by=today + respond_by if respond_by is not None else None,
        )

    assert words in refused.value.message_dict[field][0]
    assert not Complaint.objects.for_school(school).exists()


def test_record_refuses_an_unknown_stage_or_kind(school, head):
    with pytest.raises(ValidationError) as refused:
        complaint_in(school, stage="appeal")
    assert "stage" in refused.value.message_dict

    with pytest.raises(ValidationError) as refused:
        complaint_in(school, complainant_kind="alien")
    assert "complainant_kind" in refused.value.message_dict
    assert not Complaint.objects.for_school(school).exists()


def test_record_asks_for_the_pdf(school, head):
    complaint = complaint_in(school)

    jobs = Job.objects.for_school(school).filter(kind=REFRESH_JOB)
    assert [job.payload for job in jobs] == [
        {"subject_type": COMPLAINT_PDF, "subject_id": str(complaint.public_id)}
    ]


# --- Editing ---------------------------------------------------------------------------


def test_edit_corrects_the_details_and_history_names_who(school, head, clerk, today):
    complaint = complaint_in(school, by=clerk, received_on=today - 5 * DAY)

    complaint_edit(
        complaint=complaint,
        by=head,
        **details(
            complaint,
            subject="Class WhatsApp group discussed at a parents' meeting",
            received_on=today - 6 * DAY,
            about=ComplaintAbout.POLICY,
            complainant_kind=ComplainantKind.COMMUNITY,
        ),
    )

    saved = fresh(complaint)
    assert saved.subject == "Class WhatsApp group discussed at a parents' meeting"
    assert saved.stage_since == today - 6 * DAY  # still at its stage since it came in
    created, changed = record_history(saved)
    assert (created.action, created.by) == ("Created", "Clara Clerk")
    assert (changed.action, changed.by) == ("Changed", "Helen Hughes")
    labels = {change.label: (change.old, change.new) for change in changed.changes}
    assert labels["About"] == ("How the policy was applied", "The policy itself")


def test_edit_with_nothing_changed_writes_no_history(school, head):
    complaint = complaint_in(school)

    complaint_edit(complaint=complaint, by=head, **details(complaint))

    assert len(record_history(fresh(complaint))) == 1


def test_edit_cannot_move_the_receipt_after_the_stage_began(school, head, today):
    complaint = complaint_in(school, received_on=today - 10 * DAY)
    complaint_stage_move(
        complaint=complaint, by=head, stage=ComplaintStage.FORMAL, moved_on=today - 8 * DAY
    )

    with pytest.raises(ValidationError) as refused:
        complaint_edit(complaint=complaint, by=head, **details(complaint, received_on=today))

    assert "moved to the formal stage" in refused.value.message_dict["received_on"][0]
    assert fresh(complaint).received_on == today - 10 * DAY


# --- Stages ----------------------------------------------------------------------------


def test_stage_moves_forward_with_the_day_and_a_note(school, head, clerk, today):
    complaint = complaint_in(school, received_on=today - 10 * DAY, respond_by=today - 2 * DAY)

    complaint_stage_move(
        complaint=complaint,
        by=clerk,
        stage=ComplaintStage.FORMAL,
        moved_on=today - 4 * DAY,
        respond_by=today + 10 * DAY,
        note="The parent wrote to the chair of governors.",
    )

    saved = fresh(complaint)
    assert saved.stage == ComplaintStage.FORMAL
    assert saved.stage_since == today - 4 * DAY
    assert saved.respond_by == today + 10 * DAY
    assert saved.stage_note == "The parent wrote to the chair of governors."
    moved = record_history(saved)[-1]
    assert moved.by == "Clara Clerk"
    assert {c.label: (c.old, c.new) for c in moved.changes}["Stage"] == ("Informal", "Formal")


def test_stage_without_a_new_date_drops_the_old_deadline(school, head, today):
    complaint = complaint_in(school, respond_by=today - DAY)

    complaint_stage_move(complaint=complaint, by=head, stage=ComplaintStage.PANEL, moved_on=today)

    assert fresh(complaint).respond_by is None


@pytest.mark.parametrize("start", [ComplaintStage.FORMAL, ComplaintStage.PANEL])
def test_stage_never_moves_back_or_stays(school, head, today, start):
    complaint = complaint_in(school, stage=start)

    for stage in (ComplaintStage.INFORMAL, start):
        with pytest.raises(ValidationError) as refused:
            complaint_stage_move(complaint=complaint, by=head, stage=stage, moved_on=today)
        assert "stage" in refused.value.message_dict

    assert fresh(complaint).stage == start
    assert len(record_history(fresh(complaint))) == 1


def test_the_panel_is_the_last_stage(school, head, today):
    complaint = complaint_in(school, stage=ComplaintStage.PANEL)

    with pytest.raises(ValidationError) as refused:
        complaint_stage_move(
            complaint=complaint, by=head, stage=ComplaintStage.PANEL, moved_on=today
        )

    assert "the last stage" in refused.value.message_dict["stage"][0]


def test_stage_move_date_is_not_before_the_stage_began_nor_in_the_future(school, head, today):
    complaint = complaint_in(school, received_on=today - 5 * DAY)

    for moved_on, words in ((today - 6 * DAY, "since"), (today + DAY, "future")):
        with pytest.raises(ValidationError) as refused:
            complaint_stage_move(
                complaint=complaint, by=head, stage=ComplaintStage.FORMAL, moved_on=moved_on
            )
        assert words in refused.value.message_dict["moved_on"][0]
    assert fresh(complaint).stage == ComplaintStage.INFORMAL


# --- Closing ---------------------------------------------------------------------------


def test_close_with_outcome_and_reasons(school, head, clerk, today):
    complaint = complaint_in(school)

    close(complaint, clerk, outcome=ComplaintOutcome.PARTLY_UPHELD, closed_on=today - DAY)

    saved = fresh(complaint)
    assert saved.status == ComplaintStatus.CLOSED
    assert saved.outcome == ComplaintOutcome.PARTLY_UPHELD
    assert saved.closed_on == today - DAY
    assert record_history(saved)[-1].by == "Clara Clerk"


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"outcome": ""}, "outcome"),
        ({"outcome": "dismissed"}, "outcome"),
        ({"outcome_note": "  "}, "outcome_note"),
        ({"closed_on": "future"}, "closed_on"),
        ({"closed_on": "before"}, "closed_on"),
    ],
)
def test_close_refuses_what_is_missing_or_impossible(school, head, today, fields, field):
    complaint = complaint_in(school, received_on=today - 3 * DAY)
    if fields.get("closed_on") == "future":
        fields["closed_on"] = today + DAY
    elif fields.get("closed_on") == "before":
        fields["closed_on"] = today - 4 * DAY

    with pytest.raises(ValidationError) as refused:
        close(complaint, head, **fields)

    assert field in refused.value.message_dict
    assert fresh(complaint).is_open


def test_a_closed_complaint_is_read_only(school, head, today):
    complaint = complaint_in(school)
    close(complaint, head)
    closed = fresh(complaint)

    attempts = [
        lambda: complaint_edit(complaint=closed, by=head, **details(closed, subject="Changed")),
        lambda: complaint_stage_move(
            complaint=closed, by=head, stage=ComplaintStage.FORMAL, moved_on=today
        ),
        lambda: close(closed, head, outcome=ComplaintOutcome.UPHELD),
    ]
    for attempt in attempts:
        with pytest.raises(ComplaintClosed) as refused:
            attempt()
        assert refused.value.messages[0].startswith("This complaint is closed")

    assert fresh(complaint).subject == closed.subject
    assert fresh(complaint).outcome == ComplaintOutcome.NOT_UPHELD


def test_two_people_closing_at_once_the_second_is_told_and_changes_nothing(school, head, clerk):
    complaint = complaint_in(school)
    mine, theirs = fresh(complaint), fresh(complaint)  # both pages opened while it was open

    close(mine, clerk, outcome=ComplaintOutcome.RESOLVED, outcome_note="Resolved by a meeting.")
    with pytest.raises(ComplaintClosed, match="This complaint is closed"):
        close(theirs, head, outcome=ComplaintOutcome.UPHELD, outcome_note="Upheld.")

    saved = fresh(complaint)
    assert (saved.outcome, saved.outcome_note) == (
        ComplaintOutcome.RESOLVED,
        "Resolved by a meeting.",
    )
    assert [entry.by for entry in record_history(saved)] == ["Helen Hughes", "Clara Clerk"]
