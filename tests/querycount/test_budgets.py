"""Every school page within its query budget, at two data sizes (issue 11).

Budgets: a list at most 6 queries, a detail page 8, a dashboard 10, a form 8
(``tests/helpers/budgets.py``). Each page of the isolation matrix
(``SCHOOL_PAGES``) that some demo member can GET is requested once on the
demo, then once more after ``grow_demo`` added a batch of records of every
kind the lists show; its two counts must be equal, and within its budget.

``OVER_BUDGET`` is the work left: the pages that cost more than their budget
today, with their count. It is a ratchet: a page there fails if it costs more
than its recorded count, and fails too once it fits its budget (remove the
row), so the table only shrinks.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from pytest_django import DjangoDbBlocker

from schools.models import School
from tests.helpers.budgets import (
    Kind,
    Target,
    budget_problems,
    grow_demo,
    measure,
    target_for,
    user_of,
)
from tests.helpers.demo import SCHOOL_SLUGS, settle_constraints
from tests.helpers.demo import demo_db as demo_db  # fixture
from tests.helpers.matrix import Outcome
from tests.isolation.matrix import SCHOOL_PAGES

pytestmark = pytest.mark.django_db

L, D, B, F = Kind.LIST, Kind.DETAIL, Kind.DASHBOARD, Kind.FORM

# What each page is, by URL name (a page missing here fails the meta-test).
KINDS: dict[str, Kind] = {
    "schools:home": B,
    "schools:settings": F,
    "schools:contacts": L,
    "schools:contacts-edit": L,
    "schools:network-edit": F,
    "schools:phone-edit": F,
    "documents:school-summary-versions": L,
    "documents:download": D,
    "jobs:detail": D,
    "jobs:status": D,
    "notifications:list": L,
    "policies:policy": D,
    "policies:version": D,
    "policies:compare": D,
    "policies:version-pdf": D,
    "policies:acknowledge": D,
    "policies:manage": L,
    "policies:coverage": B,
    "policies:import": F,
    "policies:draft": D,
    "policies:publish": F,
    "policies:discard": F,
    "policies:section-edit": F,
    "policies:clause-add": F,
    "policies:clause-edit": F,
    "policies:clause-remove": F,
    "training:sessions": L,
    "training:session-add": F,
    "training:overdue": L,
    "training:session": D,
    "training:session-withdraw": F,
    "forms_app:access-requests": L,
    "forms_app:access-request-add": F,
    "forms_app:access-request-queue": L,
    "forms_app:same-site": L,
    "forms_app:access-request": D,
    "forms_app:access-request-withdraw": F,
    "forms_app:access-request-decide": F,
    "forms_app:access-request-unblocked": F,
    "forms_app:access-request-revoke": F,
    "forms_app:access-request-reblocked": F,
    "forms_app:content-reports": L,
    "forms_app:content-report-add": F,
    "forms_app:content-report-queue": L,
    "forms_app:content-report": D,
    "forms_app:content-report-blocked": F,
    "forms_app:content-report-close": F,
    "forms_app:network-to-do": L,
    "forms_app:register": L,
    "forms_app:register-csv": F,
    "forms_app:review-pack": B,
    "agreements:coverage": B,
    "agreements:coverage-live": B,
    "agreements:coverage-csv": F,
    "agreements:coverage-target": F,
    "agreements:class-coverage": L,
    "agreements:signed-list": L,
    "agreements:agreement": D,
    "agreements:agreement-match": F,
    "agreements:matching": L,
    "agreements:roster": L,
    "agreements:roster-import": F,
    "agreements:roster-child": F,
    "agreements:kiosk-start": F,
    "agreements:kiosk": F,
    "agreements:kiosk-thanks": D,
    "agreements:kiosk-exit": F,
    "agreements:texts": L,
    "agreements:text-new": F,
    "agreements:text": D,
    "agreements:translation-add": F,
    "agreements:links": L,
    "agreements:sign": F,
    "agreements:sign-thanks": D,
    "agreements:paper-add": F,
    "agreements:scan": D,
    "incidents:list": L,
    "incidents:mine": L,
    "incidents:add": F,
    "incidents:incident": D,
    "incidents:edit": F,
    "incidents:close": F,
    "incidents:note-add": F,
    "incidents:person-add": F,
    "incidents:person": D,
    "incidents:decision-add": F,
    "incidents:report-add": F,
    "incidents:report": D,
    "incidents:step": F,
    "incidents:evidence-add": F,
    "incidents:evidence": D,
    "incidents:pack": F,
    "incidents:checklists": L,
    "incidents:checklist-step-add": F,
    "incidents:checklist-step": F,
    "incidents:contact": F,
    "incidents:contacts": L,
    "governance:complaints": L,
    "governance:complaint-add": F,
    "governance:complaint": D,
    "governance:complaint-edit": F,
    "governance:complaint-stage": F,
    "governance:complaint-close": F,
    "governance:audit": L,
    "governance:audit-csv": F,
    "governance:audit-pdf": F,
    "governance:access-log": L,
    "governance:figures": B,
    "governance:pack": F,
    "people:list": L,
    "people:invite": F,
    "people:person": D,
    "people:deactivate": F,
    "retention:home": B,
    "retention:rules": L,
    "retention:hold-add": F,
    "retention:hold-lift": F,
    "subject_access:list": L,
    "subject_access:search": F,
    "subject_access:request": D,
    "subject_access:complete": F,
    "subject_access:withdraw": F,
}

# Pages over their budget today, with what they cost: the work left. A count
# here is a ceiling (more fails) and the row must go once the page fits.
OVER_BUDGET: dict[str, int] = {}

TARGETS: list[Target] = [t for t in map(target_for, SCHOOL_PAGES) if t is not None]
# Pages not measured, with the reason.
SKIPPED = {
    page.name: "its GET only redirects (an action)"
    for page in SCHOOL_PAGES
    if target_for(page) is None
}

# Records of each kind added to the demo for the second measurement.
GROWTH = 4


@pytest.fixture(scope="module")
def counts(demo_db: None, django_db_blocker: DjangoDbBlocker) -> dict[str, tuple[int, int]]:
    """Each page's queries on the demo and after ``grow_demo``: ``{name: (before, after)}``."""
    with django_db_blocker.unblock():
        schools = {s.slug: s for s in School.objects.filter(slug__in=SCHOOL_SLUGS)}
        made: dict[str, dict[str, Any]] = {}
        clients: dict[str, Client] = {}
        for target in TARGETS:
            user = user_of(target.actor)
            made[target.page.name] = target.page.kwargs_for(schools[target.slug], user)
            if target.actor.label not in clients:
                clients[target.actor.label] = target.actor.client()
        settle_constraints()

        def measure_all() -> dict[str, int]:
            return {
                t.page.name: measure(
                    clients[t.actor.label], t.url(schools[t.slug], made[t.page.name])
                )
                for t in TARGETS
            }

        before = measure_all()
        for slug, school in schools.items():
            people = list({user_of(t.actor) for t in TARGETS if t.slug == slug})
            grow_demo(school, people, GROWTH)
        settle_constraints()
        after = measure_all()
    return {name: (before[name], after[name]) for name in before}


def test_every_measured_page_has_a_kind() -> None:
    measured = {target.page.name for target in TARGETS}
    missing = sorted(measured - KINDS.keys())
    assert not missing, f"Pages with no kind in KINDS (list, detail, dashboard or form): {missing}"
    stale = sorted(KINDS.keys() - measured)
    assert not stale, f"KINDS names pages that are not measured: {stale}"
    assert OVER_BUDGET.keys() <= measured, "OVER_BUDGET names pages that are not measured"


def test_only_redirecting_pages_are_skipped() -> None:
    for page in SCHOOL_PAGES:
        if page.name in SKIPPED:
            assert page.get_ok is not Outcome.OK, f"{page.name}: no demo member can GET it"


def test_the_check_catches_growth_excess_and_a_stale_ratchet() -> None:
    assert budget_problems("a", Kind.LIST, 6, 6, None) == []
    assert budget_problems("a", Kind.LIST, 5, 6, None)  # grows with the data
    assert budget_problems("a", Kind.LIST, 7, 7, None)  # over its budget
    assert budget_problems("a", Kind.LIST, 9, 9, 9) == []  # recorded as work left
    assert budget_problems("a", Kind.LIST, 10, 10, 9)  # worse than recorded
    assert budget_problems("a", Kind.LIST, 6, 6, 9)  # fits now: remove the row


@pytest.mark.parametrize("name", sorted(KINDS))
def test_page_within_its_budget(counts: dict[str, tuple[int, int]], name: str) -> None:
    before, after = counts[name]
    problems = budget_problems(name, KINDS[name], before, after, OVER_BUDGET.get(name))
    assert not problems, "\n".join(problems)
