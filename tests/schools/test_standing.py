"""The standing query every school page runs: built once, run with each request's values."""

from __future__ import annotations

import pytest
from django.db import connection
from django.forms.models import model_to_dict

from accounts.models import User
from notifications.models import UNREAD, URGENT, unread_counts_columns
from notifications.services import notify
from schools.models import Membership, School
from schools.roles import Role
from schools.services import membership_end, membership_grant, school_ensure
from schools.standing import standing_of
from tests.factories import member


def _fields(instance: School | User) -> dict[str, object]:
    return {
        field.attname: getattr(instance, field.attname)
        for field in type(instance)._meta.concrete_fields
    }


def test_it_reads_the_school_the_person_and_every_role_as_the_orm_would(school, head):
    membership_grant(school=school, user=head, role=Role.DSL, by=head)
    notify(school=school, users=[head], kind="test", title="Look", url="/", urgent=True)
    notify(school=school, users=[head], kind="test", title="Later", url="/", key="b")

    found = standing_of(head.pk, school.slug, unread_counts_columns)

    assert found is not None
    assert _fields(found.school) == _fields(School.objects.get(pk=school.pk))
    assert _fields(found.user) == _fields(User.objects.get(pk=head.pk))
    assert isinstance(found.school.enabled_modules, list)
    assert found.school.created_at.tzinfo is not None
    assert sorted(found.roles) == sorted([Role.HEADTEACHER, Role.DSL])
    assert found.columns == {UNREAD: 2, URGENT: 1}
    assert not found.school._state.adding
    assert found.school._state.db == "default"


def test_no_counts_are_read_unless_asked(school, head):
    found = standing_of(head.pk, school.slug)

    assert found is not None
    assert found.columns == {}
    assert model_to_dict(found.user)["email"] == head.email


@pytest.mark.parametrize("slug", ["riverside", "nowhere", "oakfield' OR '1'='1", ""])
def test_another_school_or_no_school_finds_nothing(school, other_school, head, slug):
    member(other_school, Role.TEACHER)

    assert standing_of(head.pk, slug, unread_counts_columns) is None


def test_an_ended_role_or_a_closed_school_finds_nothing(school, head, teacher):
    membership_end(membership=Membership.objects.for_school(school).get(user=teacher), by=head)
    assert standing_of(teacher.pk, school.slug) is None

    school_ensure(slug=school.slug, is_active=False, by=head)
    assert standing_of(head.pk, school.slug) is None


def test_each_request_runs_the_same_sql_with_its_own_values(school, other_school, head):
    teacher = member(other_school, Role.TEACHER)
    statements: list[tuple[str, tuple[object, ...]]] = []

    def record(execute, sql, params, many, context):
        statements.append((sql, tuple(params)))
        return execute(sql, params, many, context)

    with connection.execute_wrapper(record):
        first = standing_of(head.pk, school.slug, unread_counts_columns)
        second = standing_of(teacher.pk, other_school.slug, unread_counts_columns)

    assert first is not None
    assert second is not None
    assert (first.user, first.school) == (head, school)
    assert (second.user, second.school, second.roles) == (teacher, other_school, [Role.TEACHER])
    assert len(statements) == 2
    assert statements[0][0] == statements[1][0]
    assert {head.pk, school.slug} <= set(statements[0][1])
    assert {teacher.pk, other_school.slug} <= set(statements[1][1])
