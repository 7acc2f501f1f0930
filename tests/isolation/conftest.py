"""The demo schools for the matrix, and the objects its object pages address."""

from __future__ import annotations

import pytest
from pytest_django import DjangoDbBlocker

from schools.models import School
from tests.helpers.demo import ACTORS, SCHOOL_SLUGS, settle_constraints
from tests.helpers.demo import demo_db as demo_db  # fixture
from tests.helpers.demo import demo_schools as demo_schools  # fixture
from tests.helpers.matrix import ObjectKey, make_matrix_objects
from tests.isolation.matrix import SCHOOL_PAGES


@pytest.fixture(scope="module")
def matrix_objects(
    demo_db: None,
    django_db_blocker: DjangoDbBlocker,
) -> dict[ObjectKey, dict[str, object]]:
    """The matrix's objects, made once per module inside the demo's transaction."""
    with django_db_blocker.unblock():
        schools = {school.slug: school for school in School.objects.filter(slug__in=SCHOOL_SLUGS)}
        made = make_matrix_objects(SCHOOL_PAGES, schools, ACTORS)
        settle_constraints()
        return made
