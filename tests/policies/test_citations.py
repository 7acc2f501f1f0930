"""Citing a clause: "Chestnuts 7.5", linked to the version it was cited from, for good."""

from __future__ import annotations

from django.template import Context, Template

from policies.models import PolicyClause
from policies.services import (
    clause_cite,
    policy_clause_edit,
    policy_clause_remove,
    policy_draft_start,
    policy_publish,
)
from tests.helpers.demo import demo_db, demo_once  # noqa: F401 - the demo, once per module
from tests.policies.factories import headteacher_of

TAG = Template("{% load policy_tags %}{% cite clause %}")


def cite(clause: PolicyClause | None) -> str:
    return TAG.render(Context({"clause": clause}))


def chestnuts_7_5(demo) -> PolicyClause:
    clause = clause_cite(school=demo["chestnuts"], number="7.5")
    assert clause is not None
    return clause


def test_a_clause_is_cited_by_school_and_number_linked_to_its_version(demo):
    assert cite(chestnuts_7_5(demo)) == (
        '<a class="policy-cite" href="/chestnuts/policy/v1/#7.5" '
        'title="Version 1 of the policy">Chestnuts 7.5</a>'
    )


def test_the_link_reaches_the_clause_on_the_public_page(client, demo):
    page = client.get("/chestnuts/policy/v1/").text

    assert 'id="7.5"' in page


def test_the_citation_still_links_to_version_1_after_version_2_renumbers_it(demo):
    school = demo["chestnuts"]
    cited = chestnuts_7_5(demo)
    head = headteacher_of(school)
    draft = policy_draft_start(school=school, by=head)
    moved = draft.clauses.get(number="7.5")
    policy_clause_edit(clause=moved, number="7.6", text=moved.text, bullets=moved.bullets, by=head)
    policy_publish(version=draft, by=head, material_change=False)

    cited.refresh_from_db()
    assert cite(cited).startswith('<a class="policy-cite" href="/chestnuts/policy/v1/#7.5"')
    assert "Chestnuts 7.5" in cite(cited)
    assert cite(clause_cite(school=school, number="7.6")).startswith(
        '<a class="policy-cite" href="/chestnuts/policy/v2/#7.6"'
    )


def test_the_citation_still_links_to_version_1_after_version_2_removes_it(demo, client):
    school = demo["chestnuts"]
    cited = chestnuts_7_5(demo)
    head = headteacher_of(school)
    draft = policy_draft_start(school=school, by=head)
    policy_clause_remove(clause=draft.clauses.get(number="7.5"), by=head)
    policy_publish(version=draft, by=head, material_change=True)

    assert clause_cite(school=school, number="7.5") is None
    assert 'href="/chestnuts/policy/v1/#7.5"' in cite(cited)
    assert 'id="7.5"' in client.get("/chestnuts/policy/v1/").text
    assert 'id="7.5"' not in client.get("/chestnuts/policy/v2/").text


def test_a_drafts_clause_is_named_but_not_linked(demo):
    school = demo["chestnuts"]
    draft = policy_draft_start(school=school, by=headteacher_of(school))

    assert cite(draft.clauses.get(number="7.5")) == '<span class="policy-cite">Chestnuts 7.5</span>'


def test_nothing_to_cite_renders_nothing():
    assert cite(None) == ""


def test_the_url_filter_alone(demo):
    rendered = Template("{% load policy_tags %}{{ clause|citation_url }}").render(
        Context({"clause": chestnuts_7_5(demo)})
    )

    assert rendered == "/chestnuts/policy/v1/#7.5"
