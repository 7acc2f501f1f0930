"""The matrix's object checks, proven on throwaway object pages (``object_urls.py``).

The portal's own object pages get these checks from ``test_matrix.py``; these
tests keep proving that the checks work, including that they catch a leaky view.
"""

from __future__ import annotations

import pytest

from tests.helpers.demo import SCHOOL_SLUGS, DemoSchools, other_slug
from tests.helpers.matrix import (
    GET,
    METHODS,
    Case,
    SchoolPage,
    assert_foreign_object_hidden,
    assert_outcome,
    matrix_cases,
    object_page_actor,
    object_pages,
    request,
    school_url,
)
from tests.helpers.urls import assert_table_complete
from tests.isolation import object_urls
from tests.isolation.object_urls import LEAKY_PAGES, THROWAWAY_ONLY, THROWAWAY_PAGES

pytestmark = pytest.mark.urls("tests.isolation.object_urls")
# The real pages' cells are test_matrix.py's; here only the throwaway pages run.
OBJECT_PAGES = object_pages(THROWAWAY_ONLY)


def test_table_covers_the_throwaway_urlconf() -> None:
    patterns = object_urls.urlpatterns[-1].url_patterns
    names = [page.name for page in (*THROWAWAY_PAGES, *LEAKY_PAGES)]
    assert_table_complete(patterns, names, table="THROWAWAY_PAGES")


@pytest.mark.parametrize("case", matrix_cases(OBJECT_PAGES))
def test_object_page(demo_schools: DemoSchools, case: Case) -> None:
    url = school_url(case.page, demo_schools[case.slug], for_user=case.actor.user())
    assert_outcome(request(case.actor.client(), case.method, url), case.expected, url)


@pytest.mark.parametrize("slug", SCHOOL_SLUGS)
@pytest.mark.parametrize("page", OBJECT_PAGES, ids=lambda page: page.name)
def test_other_schools_object_is_not_found(
    demo_schools: DemoSchools, page: SchoolPage, slug: str
) -> None:
    checked = 0
    for method in METHODS:
        actor = object_page_actor(page, slug, method)
        if actor is not None:
            school, other = demo_schools[slug], demo_schools[other_slug(slug)]
            client, user = actor.client(), actor.user()
            assert_foreign_object_hidden(client, page, school, other, method, for_user=user)
            checked += 1
    # Norris Bank has no agreements module: nobody there reaches class-coverage.
    assert checked or page.module is not None


@pytest.mark.parametrize(
    ("page", "symptom"),
    list(zip(LEAKY_PAGES, ("status 200, but 404", "the body differs"), strict=True)),
    ids=[page.name for page in LEAKY_PAGES],
)
def test_a_leaky_object_page_fails_the_check(
    demo_schools: DemoSchools, page: SchoolPage, symptom: str
) -> None:
    school, other = demo_schools["chestnuts"], demo_schools["norris-bank"]
    actor = object_page_actor(page, "chestnuts", GET)
    assert actor is not None
    with pytest.raises(AssertionError, match=f"the other school's object.*{symptom}"):
        assert_foreign_object_hidden(actor.client(), page, school, other, GET)
