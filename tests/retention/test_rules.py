"""How long each kind of record is kept: the defaults, a school's own rule, bad input."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError

from retention.models import RetainedKind, RetentionRule
from retention.rules import add_years, agreement_kept_until, incident_kept_until, rules_for
from retention.services import retention_rules_set

pytestmark = pytest.mark.django_db
D = datetime.date


def test_a_child_born_on_1_march_2015_is_kept_for_until_1_march_2040():
    assert incident_kept_until(D(2020, 5, 4), [[D(2015, 3, 1)]], 25) == D(2040, 3, 1)


def test_several_children_keep_the_record_until_the_youngest_is_25():
    births = [[D(2012, 1, 1)], [D(2015, 3, 1)], [D(2013, 6, 1)]]
    assert incident_kept_until(D(2020, 5, 4), births, 25) == D(2040, 3, 1)


def test_a_child_with_no_known_birthday_keeps_the_record_25_years_from_its_date():
    assert incident_kept_until(D(2020, 5, 4), [[D(2015, 3, 1)], [None]], 25) == D(2045, 5, 4)
    assert incident_kept_until(D(2020, 5, 4), [[]], 25) == D(2045, 5, 4)
    assert incident_kept_until(D(2020, 5, 4), [], 25) == D(2045, 5, 4)


def test_a_birthday_on_29_february_moves_to_1_march():
    assert add_years(D(2016, 2, 29), 25) == D(2041, 3, 1)


def test_an_agreement_signed_on_1_october_2024_is_kept_to_the_end_of_august_2026(school):
    assert agreement_kept_until(school, D(2024, 10, 1), 1) == D(2026, 8, 31)


def test_a_report_closed_on_10_january_2019_is_kept_until_10_january_2025():
    assert add_years(D(2019, 1, 10), 6) == D(2025, 1, 10)


def test_the_defaults_apply_until_the_school_sets_its_own(school, head):
    assert rules_for(school)[RetainedKind.CONTENT_REPORT] == 6
    retention_rules_set(school=school, by=head, years={RetainedKind.CONTENT_REPORT: 10})
    assert rules_for(school)[RetainedKind.CONTENT_REPORT] == 10
    assert rules_for(school)[RetainedKind.INCIDENT] == 25


@pytest.mark.parametrize(
    ("kind", "years", "message"),
    [
        (RetainedKind.ACCESS_REQUEST, 0, "from 1 to 100"),
        (RetainedKind.COMPLAINT, 101, "from 1 to 100"),
        (RetainedKind.INCIDENT, 12, "from 18 to 100"),
        (RetainedKind.AGREEMENT, None, "whole number"),
    ],
)
def test_nonsense_is_refused_with_a_message_and_nothing_is_saved(
    school, head, kind, years, message
):
    with pytest.raises(ValidationError) as refused:
        retention_rules_set(
            school=school, by=head, years={RetainedKind.CONTENT_REPORT: 8, kind: years}
        )
    assert message in refused.value.message_dict[kind.value][0]
    assert not RetentionRule.objects.for_school(school).exists()
