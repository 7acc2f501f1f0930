"""One term's figures, computed from records made inside and just outside it.

The term under test is the one before the current term, so that every record
of it lies in the past whatever day the suite runs; records are made through
the services, then their moments moved into (or out of) that term.
"""

from __future__ import annotations

import datetime

import pytest

from forms_app.services import access_request_decide, access_request_withdraw
from forms_app.services import content_report_close as report_close
from governance.complaints.services import complaint_close, complaint_stage_move
from governance.figures.figures import figures_term, term_figures
from governance.figures.shapes import Figure, Row, Section, days_text
from incidents.models import IncidentKind, Outcome, Status
from schools.calendar import Term, current_term, term_of
from schools.models import School
from schools.records import save_as
from schools.roles import Module
from tests.agreements.factories import child_in, class_in, signed_in
from tests.forms_app.factories import report_in, request_in
from tests.governance.factories import complaint_in
from tests.incidents.factories import incident_in
from tests.training.factories import session_in, staff_member
from training.services import training_session_withdraw

pytestmark = pytest.mark.django_db


@pytest.fixture
def term(school: School) -> Term:
    return current_term(school).previous


def at(school: School, day: datetime.date, hour: int = 10) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(hour), tzinfo=school.tz)


def moved(record, by, **moments) -> None:
    """Put a record's own timestamps where the test needs them (history and all)."""
    for field, value in moments.items():
        setattr(record, field, value)
    save_as(record, by, list(moments))


def section(school: School, term: Term, key: str) -> Section:
    return next(s for s in term_figures(school, term).sections if s.key == key)


def figure(found: Section, key: str) -> Figure:
    return next(f for f in found.figures if f.key == key)


def counts(found: Figure) -> dict[str, int]:
    return {row.label: row.value for row in found.rows}


def test_requests_count_in_the_term_they_were_submitted(school, term, head, teacher):
    approved = request_in(school)
    access_request_decide(request=approved, by=head, approve=True, reason="Fine for the topic.")
    refused = request_in(school)
    access_request_decide(request=refused, by=head, approve=False, reason="Use BBC Bitesize.")
    withdrawn = access_request_withdraw(request=request_in(school), by=teacher)
    waiting = request_in(school)
    first = term.start + datetime.timedelta(days=2)
    two_days, five_days = (at(school, first + datetime.timedelta(days=n)) for n in (2, 5))
    moved(approved, head, submitted_at=at(school, first), decided_at=two_days)
    moved(refused, head, submitted_at=at(school, first, 16), decided_at=five_days)
    moved(withdrawn, teacher, submitted_at=at(school, term.end, 23))
    moved(waiting, teacher, submitted_at=at(school, first))
    # Just before the term, and now (the current term): neither counts.
    before = request_in(school)
    moved(before, teacher, submitted_at=at(school, term.start - datetime.timedelta(days=1), 23))
    request_in(school)

    found = section(school, term, "requests")

    assert counts(figure(found, "requests-outcome")) == {
        "Approved": 1,
        "Refused": 1,
        "Withdrawn": 1,
        "Awaiting decision": 1,
    }
    facts = dict(found.facts)
    assert facts["Requests submitted"] == "4"
    assert facts["Time to decision: median"] == "3.5 days"
    assert facts["Time to decision: longest"] == "5 days"
    assert [row.percent for row in figure(found, "requests-outcome").rows] == [25, 25, 25, 25]


def test_reports_count_by_nature_and_outcome_with_the_time_to_block(school, term, head, teacher):
    day = term.start + datetime.timedelta(days=10)
    blocked = report_in(school, categories=["gambling", "violence"])
    closed = report_in(school, categories=["gambling"], safeguarding=True)
    report_close(report=closed, by=head, reason="The page has gone.")
    waiting = report_in(school, categories=["other"], nature="A child's page, described here.")
    for report in (blocked, closed, waiting):
        moved(report, teacher, reported_at=at(school, day))
    blocked.refresh_from_db()
    blocked.status, blocked.blocked_on = "blocked", day + datetime.timedelta(days=3)
    save_as(blocked, head, ["status", "blocked_on"])
    report_in(school)  # now: another term

    found = section(school, term, "reports")

    nature = counts(figure(found, "reports-nature"))
    assert (nature["Gambling"], nature["Something else"], nature["Pornography"]) == (2, 1, 0)
    assert nature["Violence, including violence against women and girls"] == 1
    assert counts(figure(found, "reports-outcome")) == {
        "Awaiting action": 1,
        "Blocked": 1,
        "Closed with no action": 1,
    }
    facts = dict(found.facts)
    assert facts["Reports made"] == "3"
    assert facts["Flagged as a safeguarding issue"] == "1"
    assert facts["Time to block: median"] == "3 days"


def test_incidents_count_by_kind_and_outcome_in_the_term_they_happened(school, term, head, teacher):
    day = at(school, term.start + datetime.timedelta(days=3))
    resolved = incident_in(school, occurred_at=day)
    resolved.status, resolved.outcome, resolved.closed_at = Status.CLOSED, Outcome.RESOLVED, day
    save_as(resolved, head, ["status", "outcome", "closed_at"])
    incident_in(school, occurred_at=day, kind=IncidentKind.FIREWALL)
    incident_in(school, occurred_at=at(school, term.end, 23))
    incident_in(school, occurred_at=at(school, term.start - datetime.timedelta(days=1), 23))
    incident_in(school)  # happened today: the current term

    found = section(school, term, "incidents")

    kinds = counts(figure(found, "incidents-kind"))
    assert kinds["Cyberbullying"] == 2
    assert kinds["Getting round the school's filtering"] == 1
    assert sum(kinds.values()) == 3
    outcomes = counts(figure(found, "incidents-outcome"))
    assert outcomes["Still open"] == 2
    assert outcomes["Resolved in school"] == 1
    assert dict(found.facts)["Incidents"] == "3"


def test_complaints_count_in_every_term_they_were_open(school, term, head):
    before = term.start - datetime.timedelta(days=20)
    carried = complaint_in(school, received_on=before)  # from the term before, closed in this one
    complaint_stage_move(complaint=carried, by=head, stage="formal", moved_on=term.start)
    carried.refresh_from_db()
    complaint_close(
        complaint=carried,
        by=head,
        outcome="not_upheld",
        outcome_note="The policy was followed.",
        closed_on=term.start + datetime.timedelta(days=4),
    )
    complaint_in(school, received_on=term.end)  # received on the last day, still open
    over = complaint_in(school, received_on=before)  # closed before the term began
    complaint_close(
        complaint=over, by=head, outcome="resolved", outcome_note="Settled.", closed_on=before
    )
    complaint_in(school, received_on=term.end + datetime.timedelta(days=1))  # the next term

    found = section(school, term, "complaints")

    assert counts(figure(found, "complaints-stage")) == {
        "Informal": 1,
        "Formal": 1,
        "Governors' panel": 0,
    }
    outcomes = counts(figure(found, "complaints-outcome"))
    assert (outcomes["Still open"], outcomes["Not upheld"]) == (1, 1)
    assert outcomes["Resolved without a finding"] == 0
    assert dict(found.facts)["Complaints open during the term"] == "2"


def test_training_counts_the_terms_sessions_and_who_is_up_to_date_today(school, term, head):
    trained = [staff_member(school), staff_member(school)]
    session_in(school, attendees=trained, held_on=term.start + datetime.timedelta(days=10))
    withdrawn = session_in(school, attendees=trained, held_on=term.start)
    training_session_withdraw(session=withdrawn, reason="Recorded twice.", by=head)
    session_in(school, attendees=trained[:1])  # today: the current term

    found = section(school, term, "training")

    facts = dict(found.facts)
    assert (facts["Sessions held in the term"], facts["Places taken at them"]) == ("1", "2")
    briefing = next(
        row
        for row in figure(found, "training-due").rows
        if row.label == "E-safety briefing or training"
    )
    # The head and the two staff must be briefed; the two were, today.
    assert (briefing.value, briefing.of, briefing.text) == (2, 3, "2 of 3 (66%)")


def test_agreement_coverage_and_acknowledgement_stand_as_today(school, head, teacher):
    oak = class_in(school, "Oak (Year 3)")
    child_in(school, "Amira", "Khan", oak)
    child_in(school, "Ben", "Lee", oak)
    signed_in(school, child_name="Amira Khan", school_class=oak)

    figures = term_figures(school, current_term(school))
    coverage = next(s for s in figures.sections if s.key == "agreements")
    acknowledgement = next(s for s in figures.sections if s.key == "acknowledgement")

    rows = figure(coverage, "agreements-coverage").rows
    assert [(row.label, row.text) for row in rows] == [
        ("Oak (Year 3)", "1 of 2 (50%)"),
        ("Whole school", "1 of 2 (50%)"),
    ]
    assert dict(coverage.facts)["Children not yet signed"] == "1"
    # Oakfield has published no policy: there is nothing to acknowledge.
    assert not acknowledgement.figures
    assert "has not published its policy" in acknowledgement.intro


def test_a_part_of_the_portal_switched_off_says_so_and_costs_nothing(
    school, head, django_assert_num_queries
):
    school.enabled_modules = [str(Module.AGREEMENTS)]
    school.save()

    term_figures(school, current_term(school))  # SQLite checks its JSON support once
    # The rows counted read together, the coverage counts, the acknowledgements.
    with django_assert_num_queries(3):
        figures = term_figures(school, current_term(school))

    unused = {s.key: s.unused for s in figures.sections if s.unused}
    assert set(unused) == {"requests", "reports", "incidents", "complaints", "training"}
    assert "does not use this part of the portal (incident log)" in unused["incidents"]


@pytest.mark.parametrize(
    "key", ["", "nonsense", "2025-winter", "25-autumn", "1999-summer", "9999-autumn", " "]
)
def test_a_term_key_that_names_no_term_with_figures_is_refused(school, key):
    assert figures_term(school, key) is None


def test_the_current_and_earlier_terms_are_known_but_not_the_next(school):
    now = current_term(school)
    assert figures_term(school, now.key) == now
    assert figures_term(school, "2001-spring") is not None
    following = now
    for _ in range(3):
        following = next_term(following)
        assert figures_term(school, following.key) is None


def next_term(term: Term) -> Term:
    """The term after ``term`` (the calendar only walks backwards)."""
    return term_of(term.academic_year.school, term.end + datetime.timedelta(days=1))


@pytest.mark.parametrize(
    ("days", "text"), [(0, "The same day"), (1, "1 day"), (2, "2 days"), (1.5, "1.5 days")]
)
def test_days_read_as_people_say_them(days, text):
    assert days_text(days) == text


def test_percentages_are_rounded_down_and_nothing_has_no_share():
    assert (Row("Signed", 2, 3).percent, Row("Signed", 2, 3).text) == (66, "2 (66%)")
    assert Row("Signed", 2, 3, out_of=True).text == "2 of 3 (66%)"
    assert (Row("None", 0, 0).percent, Row("None", 0, 0).text) == (None, "0")
