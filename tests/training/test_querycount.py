"""The training log's list pages cost the same number of queries at 5 and at 50 records."""

from __future__ import annotations

from django.urls import reverse

from schools.roles import Role
from tests.factories import member
from tests.helpers.querycount import assert_queries_constant
from tests.training.factories import session_in, staff_member
from training.models import Attendance


def test_sessions_list_with_many_sessions(school, dsl, client_for):
    client = client_for(dsl)
    url = reverse("training:sessions", kwargs={"school_slug": "oakfield"})
    people = [staff_member(school) for _ in range(3)]

    def add_sessions(n: int) -> None:
        for _ in range(n):
            session_in(school, attendees=people, by=dsl)

    assert_queries_constant(lambda: client.get(url), add_sessions, sizes=(5, 25))


def test_who_is_due_with_many_staff_and_sessions(school, dsl, client_for):
    client = client_for(dsl)
    url = reverse("training:overdue", kwargs={"school_slug": "oakfield"})

    def add_staff(n: int) -> None:
        for _ in range(n):
            person = member(school, Role.TEACHER, Role.SUPPORT)
            session_in(school, attendees=[person], by=dsl)

    assert_queries_constant(lambda: client.get(url), add_staff)


def test_session_page_with_many_attendees(school, dsl, client_for):
    client = client_for(dsl)
    people = [staff_member(school)]
    session = session_in(school, attendees=people, by=dsl)
    url = reverse(
        "training:session", kwargs={"school_slug": "oakfield", "session_id": session.public_id}
    )

    def add_attendees(n: int) -> None:
        for _ in range(n):
            Attendance.objects.create(school=school, session=session, user=staff_member(school))

    assert_queries_constant(lambda: client.get(url), add_attendees)


def test_record_form_with_many_staff(school, dsl, client_for):
    client = client_for(dsl)
    url = reverse("training:session-add", kwargs={"school_slug": "oakfield"})

    def add_staff(n: int) -> None:
        for _ in range(n):
            staff_member(school)

    assert_queries_constant(lambda: client.get(url), add_staff)
