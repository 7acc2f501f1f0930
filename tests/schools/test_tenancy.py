"""The tenancy boundary: scoped querysets and ``get_object_for``."""

from __future__ import annotations

import uuid

import pytest
from django.db.models import Count
from django.http import Http404
from django.test import RequestFactory
from django.utils import timezone

from accounts.models import User
from jobs.models import Job, JobStatus
from schools.access import get_object_for
from schools.models import Membership, School, SchoolClass
from schools.roles import Role
from schools.tenancy import UnscopedQueryError
from tests.factories import MembershipFactory, SchoolClassFactory


@pytest.fixture
def memberships(head, teacher, outsider) -> None:
    """Two roles at Oakfield, one at Riverside."""


UNSCOPED_READS_AND_WRITES = {
    "iteration": lambda: list(Membership.objects.all()),
    "count": lambda: Membership.objects.count(),
    "exists": lambda: Membership.objects.exists(),
    "get": lambda: Membership.objects.get(role=Role.TEACHER),
    "first": lambda: Membership.objects.filter(role=Role.TEACHER).first(),
    "values_list": lambda: list(Membership.objects.values_list("role", flat=True)),
    "iterator": lambda: list(Membership.objects.iterator()),
    "aggregate": lambda: Membership.objects.aggregate(n=Count("pk")),
    "update": lambda: Membership.objects.update(title="Changed everywhere"),
    "delete": lambda: Membership.objects.all().delete(),
    "filter by another field": lambda: list(Membership.objects.filter(role=Role.TEACHER)),
    "exclude a school": lambda: list(Membership.objects.exclude(school__slug="oakfield")),
}


@pytest.mark.parametrize("operation", UNSCOPED_READS_AND_WRITES)
def test_unscoped_query_raises(memberships, operation):
    with pytest.raises(UnscopedQueryError, match=r"Membership\.objects\.for_school\(school\)"):
        UNSCOPED_READS_AND_WRITES[operation]()


def test_unscoped_update_and_delete_change_nothing(school, memberships):
    with pytest.raises(UnscopedQueryError):
        Membership.objects.update(title="Changed everywhere")
    with pytest.raises(UnscopedQueryError):
        Membership.objects.all().delete()

    rows = Membership.objects.unscoped("test: every school's rows survived")
    assert rows.count() == 3
    assert not rows.filter(title="Changed everywhere").exists()


def test_for_school_returns_only_that_schools_rows(school, other_school, memberships):
    oakfield = Membership.objects.for_school(school)
    riverside = Membership.objects.for_school(other_school)

    assert {m.user.email for m in oakfield} == {"head@oakfield.test", "teacher@oakfield.test"}
    assert {m.user.email for m in riverside} == {"teacher@riverside.test"}
    assert oakfield.count() == 2
    assert oakfield.filter(role=Role.TEACHER).get().user.full_name == "Tara Thompson"


def test_filtering_on_the_school_counts_as_scoped(school, memberships):
    assert Membership.objects.filter(school=school).count() == 2
    assert Membership.objects.filter(school_id=school.pk).count() == 2


def test_for_school_update_touches_only_that_school(school, other_school):
    """On a model without history: audited ones refuse ``update()`` altogether."""
    for each in (school, other_school):
        Job.objects.create(school=each, kind="test.kind", key="k", available_at=timezone.now())

    Job.objects.for_school(school).update(status=JobStatus.DONE)

    assert set(Job.objects.for_school(other_school).values_list("status", flat=True)) == {
        JobStatus.PENDING
    }
    assert set(Job.objects.for_school(school).values_list("status", flat=True)) == {JobStatus.DONE}


def test_related_manager_needs_no_school(school, other_school, teacher):
    MembershipFactory(school=other_school, user=teacher, role=Role.GOVERNOR)

    roles = {(m.school.slug, m.role) for m in teacher.memberships.all()}

    assert roles == {("oakfield", Role.TEACHER), ("riverside", Role.GOVERNOR)}
    assert teacher.memberships.count() == 2


def test_prefetching_through_a_user_needs_no_school(memberships):
    users = User.objects.prefetch_related("memberships").order_by("email")

    assert [(u.email, len(u.memberships.all())) for u in users] == [
        ("head@oakfield.test", 1),
        ("teacher@oakfield.test", 1),
        ("teacher@riverside.test", 1),
    ]


@pytest.mark.parametrize("reason", ["", "   "])
def test_unscoped_needs_a_reason(db, reason):
    with pytest.raises(ValueError, match="needs a reason"):
        Membership.objects.unscoped(reason)


def test_unscoped_with_a_reason_reads_every_school(memberships):
    assert Membership.objects.unscoped("test: counting every school").count() == 3


@pytest.mark.parametrize(
    "combine",
    [
        lambda scoped, unscoped: scoped | unscoped,
        lambda scoped, unscoped: scoped.union(unscoped),
        lambda scoped, unscoped: scoped ^ unscoped,
        lambda scoped, unscoped: unscoped | scoped,
    ],
    ids=["or", "union", "xor", "or-reversed"],
)
def test_combining_with_an_unscoped_queryset_still_raises(school, memberships, combine):
    combined = combine(
        Membership.objects.for_school(school), Membership.objects.filter(role=Role.TEACHER)
    )

    with pytest.raises(UnscopedQueryError):
        list(combined)


@pytest.mark.parametrize(
    "combine",
    [
        lambda scoped, unscoped: scoped & unscoped,
        lambda scoped, unscoped: unscoped & scoped,
        lambda scoped, unscoped: scoped.difference(unscoped),
    ],
    ids=["and", "and-reversed", "difference"],
)
def test_narrowing_a_scoped_queryset_stays_in_its_school(school, memberships, combine):
    combined = combine(
        Membership.objects.for_school(school), Membership.objects.filter(role=Role.TEACHER)
    )

    assert {m.school_id for m in combined} <= {school.pk}


def test_combining_two_scoped_querysets_is_allowed(school, memberships):
    teachers = Membership.objects.for_school(school).filter(role=Role.TEACHER)
    heads = Membership.objects.for_school(school).filter(role=Role.HEADTEACHER)

    assert {m.school_id for m in teachers | heads} == {school.pk}


# --- get_object_for ------------------------------------------------------


@pytest.fixture
def request_in(school: School):
    request = RequestFactory().get("/oakfield/")
    request.school = school
    return request


@pytest.fixture
def oakfield_class(school: School) -> SchoolClass:
    return SchoolClassFactory(school=school, name="Oak")


@pytest.fixture
def riverside_class(other_school: School) -> SchoolClass:
    return SchoolClassFactory(school=other_school, name="Willow")


def test_get_object_for_returns_the_schools_own_row(request_in, oakfield_class):
    found = get_object_for(request_in, SchoolClass, public_id=oakfield_class.public_id)

    assert found == oakfield_class


def test_get_object_for_accepts_a_narrowed_queryset(request_in, oakfield_class):
    active = SchoolClass.objects.filter(is_active=True)

    assert get_object_for(request_in, active, pk=oakfield_class.pk) == oakfield_class
    oakfield_class.is_active = False
    oakfield_class.save()
    with pytest.raises(Http404):
        get_object_for(request_in, active, pk=oakfield_class.pk)


@pytest.mark.parametrize("field", ["pk", "public_id"])
def test_another_schools_id_is_not_found(request_in, oakfield_class, riverside_class, field):
    with pytest.raises(Http404):
        get_object_for(request_in, SchoolClass, **{field: getattr(riverside_class, field)})


def test_another_schools_queryset_cannot_reach_out_of_the_request_school(
    request_in, other_school, riverside_class
):
    with pytest.raises(Http404):
        get_object_for(
            request_in, SchoolClass.objects.for_school(other_school), pk=riverside_class.pk
        )


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("pk", 987_654_321),
        ("public_id", uuid.UUID("00000000-0000-4000-8000-000000000000")),
    ],
)
def test_id_that_does_not_exist_is_not_found(request_in, oakfield_class, field, value):
    with pytest.raises(Http404):
        get_object_for(request_in, SchoolClass, **{field: value})


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("pk", "abc"),
        ("pk", "1; DROP TABLE schools_schoolclass"),
        ("pk", 2**70),
        ("pk", None),
        ("public_id", "not-a-uuid"),
        ("public_id", "00000000-0000-4000-8000-00000000000"),
        ("public_id", 12),
    ],
)
def test_malformed_id_is_not_found(request_in, oakfield_class, field, value):
    with pytest.raises(Http404):
        get_object_for(request_in, SchoolClass, **{field: value})


def test_get_object_for_refuses_a_model_that_is_not_tenant_owned(request_in):
    with pytest.raises(TypeError, match="School is not a tenant-owned model"):
        get_object_for(request_in, School, pk=request_in.school.pk)
