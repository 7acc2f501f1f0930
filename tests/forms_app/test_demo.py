"""The demo schools' requests, reports and register (PRODUCT.md §6)."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from forms_app.models import (
    AccessRequest,
    ContentReport,
    FilterDecision,
    ReportStatus,
    RequestStatus,
    Verdict,
)
from jobs.models import Job, JobStatus
from notifications.services import EMAIL_JOB
from schools.models import School, SocialNetwork
from tests.helpers import demo as demo_helpers

SLUGS = ("chestnuts", "norris-bank")

# The demo, loaded once for this module and rolled back after it.
demo_db = demo_helpers.demo_db
pytestmark = pytest.mark.usefixtures("demo_db")


@pytest.fixture
def schools(db: None) -> dict[str, School]:
    return {school.slug: school for school in School.objects.filter(slug__in=SLUGS)}


def counts(school) -> tuple[int, int, int]:
    return (
        AccessRequest.objects.for_school(school).count(),
        ContentReport.objects.for_school(school).count(),
        FilterDecision.objects.for_school(school).count(),
    )


@pytest.mark.parametrize("slug", SLUGS)
def test_requests_in_every_state(schools, slug):
    found = set(AccessRequest.objects.for_school(schools[slug]).values_list("status", flat=True))

    assert found == set(RequestStatus.values)


@pytest.mark.parametrize("slug", SLUGS)
def test_reports_in_every_state_one_a_safeguarding_issue(schools, slug):
    reports = ContentReport.objects.for_school(schools[slug])

    assert set(reports.values_list("status", flat=True)) == set(ReportStatus.values)
    assert reports.filter(safeguarding=True, status=ReportStatus.REPORTED).exists()
    assert reports.filter(status=ReportStatus.BLOCKED).exclude(provider_reference="").exists()


@pytest.mark.parametrize("slug", SLUGS)
def test_something_for_the_network_manager_to_do(schools, slug):
    requests = AccessRequest.objects.for_school(schools[slug])

    assert any(request.needs_reblock for request in requests)


def test_chestnuts_register_lists_the_networks_its_policy_blocks(schools):
    school = schools["chestnuts"]
    blocked = set(
        SocialNetwork.objects.for_school(school).filter(blocked=True).values_list("name", flat=True)
    )
    policy = FilterDecision.objects.for_school(school).filter(
        decided_by_name="The school's policy (7.1)", verdict=Verdict.BLOCKED
    )

    assert blocked
    assert set(policy.values_list("site", flat=True)) == blocked
    assert "London Grid for Learning" in policy.first().reason


def test_norris_bank_register_blocks_all_social_media(schools):
    (line,) = FilterDecision.objects.for_school(schools["norris-bank"]).filter(
        decided_by_name="The school's policy"
    )

    assert line.site == "All social media"
    assert line.verdict == Verdict.BLOCKED


@pytest.mark.parametrize("slug", SLUGS)
def test_decided_by_the_schools_own_reviewer(schools, slug):
    expected = {"chestnuts": "head@chestnuts.example", "norris-bank": "esafety@norris-bank.example"}
    deciders = set(
        AccessRequest.objects.for_school(schools[slug])
        .filter(decided_by__isnull=False)
        .values_list("decided_by__email", flat=True)
    )

    assert deciders == {expected[slug]}


@pytest.mark.parametrize("slug", SLUGS)
def test_loading_sends_no_email(schools, slug):
    emails = Job.objects.for_school(schools[slug]).filter(kind=EMAIL_JOB)

    assert emails.exists()  # the services asked…
    assert not emails.exclude(status=JobStatus.DONE).exists()  # …and the demo sent none


def test_loading_twice_adds_nothing(schools):
    before = {slug: counts(schools[slug]) for slug in SLUGS}

    call_command("load_demo", verbosity=0)

    assert {slug: counts(schools[slug]) for slug in SLUGS} == before
