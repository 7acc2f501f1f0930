"""Runs the isolation matrix (``matrix.py``) against the real URL configuration."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import URLPattern, URLResolver, path

from policyportal import urls
from schools.views import home
from tests.helpers.demo import (
    SCHOOL_SLUGS,
    UNKNOWN_SLUG,
    Actor,
    DemoSchools,
    demo_member,
    member_with,
    other_slug,
)
from tests.helpers.isolation import assert_every_school_page_guarded
from tests.helpers.matrix import (
    METHODS,
    Case,
    ObjectKey,
    Outcome,
    SchoolPage,
    SitePage,
    assert_foreign_object_hidden,
    assert_other_persons_object_hidden,
    assert_outcome,
    assert_same_page,
    made_kwargs,
    matrix_cases,
    matrix_url,
    object_page_actor,
    object_pages,
    request,
    school_url,
    site_cases,
)
from tests.helpers.urls import SCHOOL_PREFIX, assert_table_complete
from tests.isolation.matrix import NOT_IN_MATRIX, SCHOOL_PAGES, SITE_PAGES

SIGNED_IN = demo_member("teacher", "chestnuts")
OBJECT_PAGES = object_pages(SCHOOL_PAGES)
PERSONAL_PAGES = [page for page in SCHOOL_PAGES if page.own_object_kwargs]


def test_every_school_page_has_a_row() -> None:
    assert_table_complete(
        urls.school_patterns, [page.name for page in SCHOOL_PAGES], table="SCHOOL_PAGES"
    )


def test_every_site_page_has_a_row() -> None:
    site = [
        pattern
        for pattern in urls.urlpatterns
        if isinstance(pattern, URLPattern | URLResolver)
        and str(pattern.pattern) != SCHOOL_PREFIX
        and getattr(pattern, "namespace", None) not in NOT_IN_MATRIX
    ]
    assert_table_complete(site, [page.name for page in SITE_PAGES], table="SITE_PAGES")


def test_a_school_page_without_a_row_fails_the_check() -> None:
    extra: list[Any] = [*urls.school_patterns, path("extra/", home, name="extra-page")]
    with pytest.raises(AssertionError, match=r"no row in SCHOOL_PAGES.*'extra-page'"):
        assert_table_complete(extra, [page.name for page in SCHOOL_PAGES], table="SCHOOL_PAGES")


@pytest.mark.parametrize("case", matrix_cases(SCHOOL_PAGES))
def test_school_page(
    demo_schools: DemoSchools, matrix_objects: dict[ObjectKey, dict[str, Any]], case: Case
) -> None:
    url = matrix_url(case.page, demo_schools[case.slug], matrix_objects, case.actor.user())
    assert_outcome(request(case.actor.client(), case.method, url), case.expected, url)


@pytest.mark.parametrize("slug", SCHOOL_SLUGS)
@pytest.mark.parametrize(
    "page", [p for p in SCHOOL_PAGES if not p.public], ids=lambda page: page.name
)
def test_non_member_sees_the_unknown_school_page(
    demo_schools: DemoSchools,
    matrix_objects: dict[ObjectKey, dict[str, Any]],
    page: SchoolPage,
    slug: str,
) -> None:
    """A member of the other school learns nothing: the 404 of a school that does not exist."""
    actor = member_with(other_slug(slug), page.admits(other_slug(slug)))
    assert actor is not None
    client = actor.client()
    kwargs = made_kwargs(page, demo_schools[slug], matrix_objects)
    for method in METHODS:
        url = school_url(page, demo_schools[slug], **kwargs)
        unknown = school_url(page, demo_schools[slug], school_slug=UNKNOWN_SLUG, **kwargs)
        reference = request(client, method, unknown)
        assert reference.status_code == 404
        assert_same_page(
            request(client, method, url), reference, f"{method} {url} by {actor.label}"
        )


@pytest.mark.parametrize("slug", SCHOOL_SLUGS)
@pytest.mark.parametrize("page", OBJECT_PAGES, ids=lambda page: page.name)
def test_other_schools_object_is_not_found(
    demo_schools: DemoSchools,
    matrix_objects: dict[ObjectKey, dict[str, Any]],
    page: SchoolPage,
    slug: str,
) -> None:
    for method in METHODS:
        actor = object_page_actor(page, slug, method)
        if actor is not None:
            school, other = demo_schools[slug], demo_schools[other_slug(slug)]
            client, user = actor.client(), actor.user()
            assert_foreign_object_hidden(
                client, page, school, other, method, for_user=user, made=matrix_objects
            )


@pytest.mark.parametrize("slug", SCHOOL_SLUGS)
@pytest.mark.parametrize("page", PERSONAL_PAGES, ids=lambda page: page.name)
def test_other_persons_object_is_not_found(
    demo_schools: DemoSchools, page: SchoolPage, slug: str
) -> None:
    for method in METHODS:
        actor = object_page_actor(page, slug, method)
        user = actor.user() if actor is not None else None
        if actor is not None and user is not None:
            school = demo_schools[slug]
            assert_other_persons_object_hidden(actor.client(), page, school, method, user)


@pytest.mark.parametrize("slug", SCHOOL_SLUGS)
def test_every_school_page_is_guarded(demo_schools: DemoSchools, slug: str) -> None:
    assert_every_school_page_guarded(SCHOOL_PAGES, demo_schools[slug])


@pytest.mark.parametrize(("page", "actor", "method", "expected"), site_cases(SITE_PAGES, SIGNED_IN))
def test_site_page(
    demo_schools: DemoSchools,
    page: SitePage,
    actor: Actor | None,
    method: str,
    expected: Outcome,
) -> None:
    client = (actor or Actor("anonymous")).client()
    url = page.url()
    assert_outcome(request(client, method, url), expected, url)
