"""Chestnuts' home-school agreements in the demo: part-way through this year's round."""

from __future__ import annotations

import pytest

from accounts.models import User
from agreements.coverage import candidates_for, school_coverage, unmatched
from agreements.demo import load_agreements
from agreements.models import (
    Agreement,
    AgreementTranslation,
    AgreementVersion,
    Child,
    KioskSession,
    Match,
)
from jobs.models import Job, JobStatus
from notifications.services import EMAIL_JOB
from schools.demo import CHESTNUTS, NORRIS_BANK, demo_email
from schools.models import School
from tests.helpers.demo import demo_db, demo_once  # noqa: F401 - the demo, once per module


def people(school: School) -> dict[str, User]:
    spec = CHESTNUTS if school.slug == CHESTNUTS.slug else NORRIS_BANK
    return {
        person.prefix: User.objects.get(email=demo_email(person.prefix, spec.slug))
        for person in spec.people
    }


def counts(school: School) -> tuple[int, ...]:
    return (
        Child.objects.for_school(school).count(),
        AgreementVersion.objects.for_school(school).count(),
        AgreementTranslation.objects.for_school(school).count(),
        KioskSession.objects.for_school(school).count(),
        Agreement.objects.for_school(school).count(),
        Agreement.history.filter(school=school).count(),
        Child.history.filter(school=school).count(),
    )


@pytest.fixture
def loaded(demo: dict[str, School]) -> dict[str, School]:
    for school in demo.values():
        load_agreements(school, people(school))
    return demo


def test_chestnuts_is_part_way_through_its_round(loaded):
    chestnuts = loaded["chestnuts"]

    coverage = school_coverage(chestnuts)

    assert len(coverage.classes) == 7
    assert all(8 <= row.counts.on_roll <= 10 for row in coverage.classes)
    assert 40 <= coverage.total.percent <= 60
    assert not coverage.meets_target
    waiting = list(unmatched(chestnuts, coverage.round.year.year))
    assert [a.child_name for a in waiting] == ["Ro Kowalski", "Ellie-May Hart"]
    children = Child.objects.for_school(chestnuts).select_related("school_class")
    assert [c.child.full_name for c in candidates_for(waiting[0], children)] == ["Rohan Kowalski"]


def test_the_evening_has_every_kind_of_signature(loaded):
    agreements = Agreement.objects.for_school(loaded["chestnuts"])

    assert agreements.filter(signature_kind="drawn").count() > 20
    assert 1 <= agreements.filter(signature_kind="typed").count() <= 6
    assert agreements.exclude(second_carer_name="").count() == 1
    assert list(agreements.filter(language="pl").values_list("language_name", flat=True)) == [
        "Polski"
    ]
    assert not agreements.filter(kiosk__isnull=True).exists()
    kiosk = KioskSession.objects.for_school(loaded["chestnuts"]).get()
    assert kiosk.event == "Parents' evening, autumn term"
    assert kiosk.ended_at is not None


def test_some_names_have_accents(loaded):
    names = [c.full_name for c in Child.objects.for_school(loaded["chestnuts"])]

    assert any(not name.isascii() for name in names)
    assert (
        Agreement.objects.for_school(loaded["chestnuts"]).filter(match=Match.MATCHED).count() > 20
    )


def test_norris_bank_has_no_agreements(loaded):
    assert counts(loaded["norris-bank"]) == (0, 0, 0, 0, 0, 0, 0)


def test_loading_again_changes_nothing(loaded):
    chestnuts = loaded["chestnuts"]
    before = counts(chestnuts)

    load_agreements(chestnuts, people(chestnuts))

    assert counts(chestnuts) == before


def test_no_email_is_sent_and_the_pdfs_wait(loaded):
    jobs = Job.objects.for_school(loaded["chestnuts"])

    assert not jobs.filter(kind=EMAIL_JOB, status=JobStatus.PENDING).exists()
    assert jobs.filter(kind__startswith="documents.").exists()
