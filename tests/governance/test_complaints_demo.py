"""The demo schools' complaints: every stage and state, this term and last, loaded once."""

from __future__ import annotations

from django.core.management import call_command

from governance.models import Complaint, ComplaintStage, ComplaintStatus
from schools.calendar import current_term, school_today
from schools.history import record_history
from tests.helpers.demo import demo_db, demo_once  # noqa: F401 - the demo, once per module


def complaints(school):
    return list(Complaint.objects.for_school(school).order_by("number"))


def test_each_school_has_every_stage_and_state(demo):
    for school in demo.values():
        found = complaints(school)
        open_stages = {c.stage for c in found if c.status == ComplaintStatus.OPEN}

        assert 3 <= len(found) <= 4
        assert open_stages == set(ComplaintStage)
        assert any(c.status == ComplaintStatus.CLOSED for c in found)


def test_last_term_and_this_term_have_complaints_and_none_is_in_the_future(demo):
    for school in demo.values():
        term, today = current_term(school), school_today(school)
        days = [c.received_on for c in complaints(school)]

        assert any(term.previous.contains(day) for day in days)
        assert any(term.contains(day) for day in days)
        assert max(days) <= today


def test_one_is_past_its_response_date(demo):
    for school in demo.values():
        today = school_today(school)
        late = [
            c for c in complaints(school) if c.is_open and c.respond_by and c.respond_by < today
        ]

        assert len(late) == 1


def test_recorded_by_the_head_or_the_clerk_and_moved_through_the_services(demo):
    for school in demo.values():
        for complaint in complaints(school):
            assert complaint.recorded_by.email.split("@")[0] in ("head", "clerk")
            assert record_history(complaint)[0].by == complaint.recorded_by.full_name


def changes(school):
    return {c.reference: len(record_history(c)) for c in complaints(school)}


def test_loading_again_adds_nothing(demo):
    before = {slug: changes(school) for slug, school in demo.items()}

    call_command("load_demo", verbosity=0)

    assert {slug: changes(school) for slug, school in demo.items()} == before
