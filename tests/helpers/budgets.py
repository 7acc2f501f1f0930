"""Query budgets: what each school page may cost, and the demo records that grow its data.

``tests/querycount/test_budgets.py`` requests every school page of the isolation
matrix (``tests/isolation/matrix.py``) as a demo member allowed to see it,
counts its SQL queries on the demo, adds ``grow_demo``'s batch of records, and
counts again: the two counts must be equal and within the page's budget.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.test import Client
from django.urls import reverse

from accounts.models import User
from schools.models import School
from tests.helpers.demo import SCHOOL_SLUGS, Actor
from tests.helpers.matrix import GET, Outcome, SchoolPage, object_page_actor
from tests.helpers.querycount import count_queries


class Kind(enum.Enum):
    """What a page is, which sets its budget (issue 11)."""

    LIST = "list"
    DETAIL = "detail"
    DASHBOARD = "dashboard"
    FORM = "form"  # a form, an export or a small page of its own


BUDGETS: Mapping[Kind, int] = {
    Kind.LIST: 6,
    Kind.DETAIL: 8,
    Kind.DASHBOARD: 10,
    # A form page shows one object (or none) and its choices: a detail page's budget.
    Kind.FORM: 8,
}


@dataclass(frozen=True)
class Target:
    """Where and as whom a page is measured."""

    page: SchoolPage
    slug: str
    actor: Actor

    def url(self, school: School, made: Mapping[str, Any]) -> str:
        return reverse(self.page.name, kwargs={"school_slug": school.slug, **made})


def target_for(page: SchoolPage) -> Target | None:
    """The first demo school and member whose GET of ``page`` succeeds with a page.

    None for a page whose GET only redirects (an action) or that no demo member opens.
    """
    if page.get_ok is not Outcome.OK:
        return None
    for slug in SCHOOL_SLUGS:
        actor = object_page_actor(page, slug, GET)
        if actor is not None:
            return Target(page, slug, actor)
    return None


def measure(client: Client, url: str) -> int:
    """The page's queries, in a savepoint rolled back after (a GET may log a view)."""
    with transaction.atomic():
        count = len(count_queries(lambda: client.get(url)))
        transaction.set_rollback(True)
    return count


def user_of(actor: Actor) -> User:
    user = actor.user()
    assert user is not None
    return user


def grow_demo(school: School, people: list[User], n: int) -> None:
    """``n`` more of each kind of record the school's lists show, made through the services.

    Access requests (waiting, approved, unblocked, revoked), content reports,
    incidents, complaints, signed agreements and children, training sessions,
    and notifications for each of ``people``; the services write the audit
    history and the notifications of their own.
    """
    from tests.agreements.factories import child_in, signed_in
    from tests.forms_app.factories import ended_in, report_in, request_in, unblocked_in
    from tests.governance.factories import complaint_in
    from tests.incidents.factories import incident_in
    from tests.notifications.factories import NotificationFactory
    from tests.training.factories import session_in

    for i in range(n):
        request_in(school, url=f"https://grow{i}.example.com/")
        unblocked_in(school, url=f"https://open{i}.example.com/")
        ended_in(school, url=f"https://ended{i}.example.com/")
        report_in(school, urls=[f"https://bad{i}.example.com/"], safeguarding=bool(i % 2))
        incident_in(school)
        complaint_in(school)
        child_in(school, first_name=f"Grown{i}", last_name="Child")
        signed_in(school, child_name=f"Signed{i} Child", parent_name=f"Parent {i}")
        session_in(school)
        for person in people:
            NotificationFactory(school=school, user=person)


def budget_problems(name: str, kind: Kind, before: int, after: int, over: int | None) -> list[str]:
    """What is wrong with a page that cost ``before`` queries on the demo and ``after``
    with more records; ``over`` is its row in the over-budget table, if it has one."""
    budget = BUDGETS[kind]
    problems = []
    if before != after:
        problems.append(
            f"{name}: {before} queries on the demo but {after} with more records (an N+1 query)"
        )
    if over is None and after > budget:
        problems.append(f"{name}: {after} queries, over the {kind.value} budget of {budget}")
    if over is not None and after > over:
        problems.append(f"{name}: {after} queries, more than the {over} OVER_BUDGET records")
    if over is not None and after <= budget:
        problems.append(
            f"{name}: {after} queries now fits the {kind.value} budget of {budget}: "
            "remove its OVER_BUDGET row"
        )
    return problems
