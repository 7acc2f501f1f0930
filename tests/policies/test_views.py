"""The public policy page, earlier versions, and comparing versions."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from policies.importer import parse_policy_text
from policies.services import policy_draft_start, policy_import_draft, policy_publish
from tests.policies.test_services import DOCUMENT


def policy_url(slug: str, **kwargs) -> str:
    name = "policies:version" if "number" in kwargs else "policies:policy"
    return reverse(name, kwargs={"school_slug": slug, **kwargs})


@pytest.fixture
def published(school, head):
    draft = policy_import_draft(school=school, parsed=parse_policy_text(DOCUMENT), by=head)
    return policy_publish(version=draft, by=head, material_change=True)


def test_anyone_can_read_the_policy_without_signing_in(client, published):
    response = client.get(policy_url("oakfield"))

    assert response.status_code == 200
    assert "decision is final." in response.text
    assert "Version 1, published" in response.text


def test_each_clause_has_a_stable_anchor_and_the_contents_link_to_sections(client, published):
    page = client.get(policy_url("oakfield")).text

    assert 'id="1.3"' in page
    assert 'href="#section-2"' in page
    assert 'id="section-2"' in page


def test_a_school_without_a_published_policy_says_so(client, school):
    response = client.get(policy_url("oakfield"))

    assert response.status_code == 200
    assert "has not published its policy here yet" in response.text


def test_the_page_shows_only_that_schools_policy(client, published, other_school, head):
    response = client.get(policy_url("riverside"))

    assert "decision is final." not in response.text
    assert "Riverside Primary School" in response.text


def test_an_unknown_school_is_the_portals_404(client, published):
    response = client.get(policy_url("nowhere"))

    assert response.status_code == 404
    assert "Page not found" in response.text


def test_an_earlier_version_says_it_is_not_in_force(client, published, school, head):
    draft = policy_draft_start(school=school, by=head)
    policy_publish(version=draft, by=head, material_change=False)

    page = client.get(policy_url("oakfield", number=1)).text

    assert "This is an earlier version" in page
    assert "version 2" in page


def test_a_version_that_does_not_exist_is_not_found(client, published):
    response = client.get(policy_url("oakfield", number=7))

    assert response.status_code == 404


def test_the_policy_refuses_post(client, published):
    assert client.post(policy_url("oakfield")).status_code == 405


def test_compare_needs_a_member(client, published):
    response = client.get(reverse("policies:compare", kwargs={"school_slug": "oakfield"}))

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_compare_shows_changed_words(published, school, head, client_for):
    draft = policy_draft_start(school=school, by=head)
    from policies.services import policy_clause_edit

    policy_clause_edit(
        clause=draft.clauses.get(number="1.3"),
        text="The headteacher's decision is binding.",
        bullets=[],
        by=head,
    )
    policy_publish(version=draft, by=head, material_change=False)

    page = (
        client_for(head)
        .get(reverse("policies:compare", kwargs={"school_slug": "oakfield"}), {"from": 1, "to": 2})
        .text
    )

    assert "<del>final.</del>" in page
    assert "<ins>binding.</ins>" in page


@pytest.mark.parametrize(
    ("slug", "anchors", "numbered"),
    [
        ("chestnuts", ["1.5", "5.16", "7.4", "7.5", "8.8", "appendix-3"], 57),
        ("norris-bank", ["2.2", "6.1", "9.1", "9.3", "section-10"], 55),
    ],
)
def test_demo_schools_show_their_own_policy(client, demo, slug, anchors, numbered):
    page = client.get(policy_url(slug)).text

    for anchor in anchors:
        assert f'id="{anchor}"' in page
    assert len(re.findall(r'class="policy-clause numbered"', page)) == numbered
    assert "[bookmark:" not in page
