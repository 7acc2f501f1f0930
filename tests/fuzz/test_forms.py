"""Fuzz every form the portal serves, found by crawling the isolation matrix's pages.

A new page joins by getting its row in ``tests/isolation/matrix.py``: the crawl
visits it as someone allowed to, and any ``<form method="post">`` on it is
fuzzed. What counts as a pass is in ``tests/helpers/fuzzing.py``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pytest

from schools.models import School
from tests.helpers.demo import (
    ANONYMOUS,
    SCHOOL_SLUGS,
    Actor,
    DemoSchools,
    demo_member,
    member_with,
    module_on,
)
from tests.helpers.fuzzing import FoundForm, crawl, fuzz, unique
from tests.helpers.matrix import Outcome, SchoolPage, SitePage, school_url
from tests.isolation.matrix import SCHOOL_PAGES, SITE_PAGES

SIGNED_IN = demo_member("teacher", "chestnuts")
# Forms every page of the portal should be found serving.
KNOWN_FORMS = {
    "accounts:login",
    "accounts:logout",
    "accounts:password-reset",
    "accounts:password-reset-confirm",
}


@dataclass(frozen=True)
class CrawlTarget:
    label: str
    actor: Actor
    url: Callable[[DemoSchools], str]

    def crawl(self, schools: DemoSchools) -> list[FoundForm]:
        return crawl(self.actor, self.url(schools))

    def __str__(self) -> str:
        return self.label


def _url_in(page: SchoolPage, slug: str, actor: Actor) -> Callable[[DemoSchools], str]:
    return lambda schools: school_url(page, schools[slug], for_user=actor.user())


def school_target(page: SchoolPage) -> CrawlTarget | None:
    if page.get_ok == Outcome.REDIRECT:
        # A GET there leads to another page of the table, whose own target finds its forms.
        return None
    for slug in SCHOOL_SLUGS:
        actor = member_with(slug, page.allows("GET", slug) or frozenset())
        if actor is not None and module_on(slug, page.module):
            return CrawlTarget(f"{page.name}-{actor.label}", actor, _url_in(page, slug, actor))
    return None


def site_targets(page: SitePage) -> list[CrawlTarget]:
    return [
        CrawlTarget(f"{page.name}-{label}", actor, lambda _: page.url())
        for label, actor, outcomes in (
            ("anonymous", ANONYMOUS, page.anonymous),
            ("signed-in", SIGNED_IN, page.signed_in),
        )
        if outcomes[0] in (Outcome.OK, Outcome.REDIRECT)
    ]


TARGETS = [
    *(t for page in SCHOOL_PAGES if (t := school_target(page)) is not None),
    *(t for page in SITE_PAGES for t in site_targets(page)),
]


def protected(actor: Actor, schools: DemoSchools) -> list[School]:
    """The schools whose rows this person's submissions must never change."""
    return [school for slug, school in schools.by_slug.items() if slug != actor.school]


@pytest.mark.parametrize("target", TARGETS, ids=str)
def test_forms_posting_back_to_their_page(demo_schools: DemoSchools, target: CrawlTarget) -> None:
    """The page is reached, and each form on it that posts back to it is fuzzed (if any)."""
    for form in target.crawl(demo_schools):
        if form.posts_to_its_page:
            fuzz(form, protected(form.actor, demo_schools))


def test_forms_posting_elsewhere(demo_schools: DemoSchools) -> None:
    """Forms in the layout (sign out) or pointing at another page, each fuzzed once."""
    everywhere = (form for target in TARGETS for form in target.crawl(demo_schools))
    found = unique(form for form in everywhere if not form.posts_to_its_page)
    assert found, "the crawl found no form posting elsewhere, yet every page can sign out"
    for form in found:
        fuzz(form, protected(form.actor, demo_schools))


def test_crawl_finds_the_forms_we_know(demo_schools: DemoSchools) -> None:
    found = {form.action_view for target in TARGETS for form in target.crawl(demo_schools)}
    assert found >= KNOWN_FORMS, f"the crawl missed {sorted(KNOWN_FORMS - found)}"
