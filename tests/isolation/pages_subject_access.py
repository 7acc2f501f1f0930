"""Isolation matrix rows for the subject_access pages (see matrix.py).

Every page is the headteacher's alone: any other member gets 403. The matrix's
request is open and has no export yet, so the download page sends the head
back to the request, and the new-request page (with no person chosen in the
search) sends them to the search.
"""

from __future__ import annotations

from schools.roles import Role
from tests.helpers.matrix import Outcome, SchoolPage, SitePage
from tests.subject_access.factories import sar_kwargs

HEAD = frozenset({Role.HEADTEACHER})


def _request_page(
    name: str,
    *,
    post: frozenset[Role] | None = None,
    get_ok: Outcome = Outcome.OK,
    post_ok: Outcome = Outcome.OK,
) -> SchoolPage:
    return SchoolPage(
        name, get=HEAD, post=post, object_kwargs=sar_kwargs, get_ok=get_ok, post_ok=post_ok
    )


PAGES: tuple[SchoolPage, ...] = (
    SchoolPage("subject_access:list", get=HEAD),
    SchoolPage("subject_access:search", get=HEAD),
    SchoolPage("subject_access:new", get=HEAD, post=HEAD, get_ok=Outcome.REDIRECT),
    _request_page("subject_access:request", post=HEAD, post_ok=Outcome.REDIRECT),
    _request_page("subject_access:download", get_ok=Outcome.REDIRECT),
    _request_page("subject_access:complete", post=HEAD),
    _request_page("subject_access:withdraw", post=HEAD),
)
SITE_PAGES: tuple[SitePage, ...] = ()
