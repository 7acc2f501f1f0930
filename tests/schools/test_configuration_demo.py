"""``load_demo`` configures both schools from their policies; running it again changes nothing."""

from __future__ import annotations

from django.core.management import call_command
from django.db import models

from schools.models import (
    PhoneProvider,
    PhoneProviderDefault,
    School,
    SocialNetwork,
    SocialNetworkDefault,
    TrainingRequirement,
    training_rules,
)
from schools.roles import Module, TrainingKind
from tests.helpers.demo import demo_db, demo_once  # noqa: F401 - the demo, once per module
from training.models import Attendance, TrainingSession

TENANT_MODELS: list[type[models.Model]] = [
    SocialNetwork,
    PhoneProvider,
    TrainingRequirement,
    TrainingSession,
    Attendance,
]
PLATFORM_MODELS: list[type[models.Model]] = [School, SocialNetworkDefault, PhoneProviderDefault]


def row_counts() -> dict[str, int]:
    counts = {}
    for model in [*TENANT_MODELS, *PLATFORM_MODELS]:
        manager = model._default_manager
        rows = manager.unscoped("test: every school") if model in TENANT_MODELS else manager.all()
        counts[model.__name__] = rows.count()
        history = model.history.model  # type: ignore[attr-defined]
        counts[history.__name__] = history.objects.count()
    return counts


def blocked(school: School) -> set[str]:
    return {n.name for n in SocialNetwork.objects.for_school(school).filter(blocked=True)}


def test_chestnuts_blocks_what_its_policy_names_through_lgfl(demo):
    chestnuts = demo["chestnuts"]

    assert blocked(chestnuts) == {"Facebook", "Instagram", "Snapchat"}
    assert not chestnuts.blocks_all_social_media
    assert chestnuts.filtering_provider == "London Grid for Learning (LGfL)"
    assert "among others" in chestnuts.blocking_note


def test_norris_bank_blocks_all_social_media(demo):
    norris_bank = demo["norris-bank"]

    assert norris_bank.blocks_all_social_media
    assert blocked(norris_bank) == set()


def test_training_follows_each_policy(demo):
    chestnuts, norris_bank = training_rules(demo["chestnuts"]), training_rules(demo["norris-bank"])

    assert chestnuts[TrainingKind.SOCIAL_MEDIA_POLICY].refresh_months == 12
    assert chestnuts[TrainingKind.ESAFETY_BRIEFING].refresh_months == 12
    assert chestnuts[TrainingKind.SAFEGUARDING_INDUCTION].refresh_months is None
    # Norris Bank 4: the Social Media Policy is taught in the induction.
    assert not norris_bank[TrainingKind.SOCIAL_MEDIA_POLICY].required
    assert norris_bank[TrainingKind.ESAFETY_BRIEFING].refresh_months == 12
    assert all(school.has_module(Module.TRAINING) for school in demo.values())


def test_both_schools_have_their_own_reference_lists(demo):
    for school in demo.values():
        assert (
            SocialNetwork.objects.for_school(school).count() == SocialNetworkDefault.objects.count()
        )
        assert (
            PhoneProvider.objects.for_school(school).count() == PhoneProviderDefault.objects.count()
        )


def test_both_schools_have_a_training_log_with_a_withdrawn_session(demo):
    for school in demo.values():
        sessions = TrainingSession.objects.for_school(school)
        assert sessions.filter(status="recorded").count() == 2
        assert sessions.get(status="withdrawn").withdrawn_reason == "Recorded twice by mistake."


def test_running_it_again_changes_nothing(demo):
    before = row_counts()
    assert all(before.values()), before

    call_command("load_demo", verbosity=0)

    assert row_counts() == before
