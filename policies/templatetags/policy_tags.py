"""Citing the policy from any page: ``{% load policy_tags %}{% cite clause %}``.

A record written against clause 7.5 keeps the ``PolicyClause`` row it cited,
which belongs to one published version for good, so the citation reads
"Chestnuts 7.5" and links to that version (``/chestnuts/policy/v1/#7.5``) even
after a later version renumbers or removes the clause. Select the clause with
``select_related("school", "version")`` to cite it without further queries.
"""

from __future__ import annotations

from django import template
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString

from policies.models import PolicyClause

register = template.Library()


@register.filter
def citation_url(clause: PolicyClause | None) -> str:
    """The clause in the published version it belongs to; "" for a draft's clause."""
    if clause is None or not clause.version.is_published or clause.version.number is None:
        return ""
    url = reverse(
        "policies:version",
        kwargs={"school_slug": clause.school.slug, "number": clause.version.number},
    )
    return f"{url}#{clause.anchor}"


@register.simple_tag
def cite(clause: PolicyClause | None) -> SafeString:
    """ "Chestnuts 7.5", linked to clause 7.5 of the version it was cited from."""
    if clause is None:
        return SafeString("")
    url = citation_url(clause)
    if not url:
        return format_html('<span class="policy-cite">{}</span>', clause.citation)
    return format_html(
        '<a class="policy-cite" href="{}" title="Version {} of the policy">{}</a>',
        url,
        clause.version.number,
        clause.citation,
    )


@register.filter
def cells(text: str) -> str:
    """A table row of an appendix keeps its cells apart: "Facebook · Rules · Report …"."""
    return " · ".join(cell.strip() for cell in text.split("\t")) if "\t" in text else text
