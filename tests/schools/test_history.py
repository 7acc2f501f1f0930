"""A record's history as a reader sees it: every change, who made it, from what to what."""

from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext

from schools.history import record_history
from tests.factories import member
from tests.training.factories import session_in
from training.services import training_session_withdraw


def test_creation_then_each_change_names_the_person_and_the_values(school, dsl, head):
    session = session_in(school, by=dsl, title="E-safety briefing")
    training_session_withdraw(session=session, reason="Recorded twice", by=head)

    created, withdrawn = record_history(session)

    assert (created.action, created.by) == ("Created", "Dan Douglas")
    assert ("Title", "—", "E-safety briefing") in {(c.label, c.old, c.new) for c in created.changes}
    assert (withdrawn.action, withdrawn.by) == ("Changed", "Helen Hughes")
    changes = {c.label: (c.old, c.new) for c in withdrawn.changes}
    assert changes["Status"] == ("Recorded", "Withdrawn")
    assert changes["Withdrawn by"] == ("—", "Helen Hughes")
    assert changes["Withdrawn reason"] == ("—", "Recorded twice")
    assert "Title" not in changes  # unchanged fields are not repeated


def test_bookkeeping_fields_are_left_out(school, dsl):
    session = session_in(school, by=dsl)

    (created,) = record_history(session)

    labels = {c.label for c in created.changes}
    assert not {"Public id", "School", "Id"} & labels


def test_the_cost_does_not_grow_with_the_history(school, dsl, head):
    session = session_in(school, by=dsl)
    training_session_withdraw(session=session, reason="Duplicate", by=head)
    others = [member(school) for _ in range(3)]
    assert others

    with CaptureQueriesContext(connection) as captured:
        entries = record_history(session)

    assert len(entries) == 2
    assert len(captured) == 1  # the history rows joined to their authors and the people named
