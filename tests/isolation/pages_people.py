"""Isolation matrix rows for the people pages (see matrix.py).

Only the headteacher manages the school's people. The person pages address
the school's teacher; the invitation actions a pending invitation. Empty
POSTs change nothing: adding a role and deactivating show their errors, ending
a role says to choose one; resending and withdrawing need nothing more and go
back to the list.
"""

from __future__ import annotations

from schools.roles import Role
from tests.helpers.matrix import Outcome, SchoolPage, SitePage
from tests.people.factories import invitation_kwargs, person_kwargs, unknown_token

HEAD = frozenset({Role.HEADTEACHER})
OK, REDIRECT = Outcome.OK, Outcome.REDIRECT

PAGES: tuple[SchoolPage, ...] = (
    SchoolPage("people:list", get=HEAD),
    SchoolPage("people:invite", get=HEAD, post=HEAD),
    SchoolPage(
        "people:invitation-resend",
        get=HEAD,
        post=HEAD,
        get_ok=REDIRECT,
        post_ok=REDIRECT,
        object_kwargs=invitation_kwargs,
    ),
    SchoolPage(
        "people:invitation-revoke",
        get=HEAD,
        post=HEAD,
        get_ok=REDIRECT,
        post_ok=REDIRECT,
        object_kwargs=invitation_kwargs,
    ),
    SchoolPage("people:person", get=HEAD, post=HEAD, object_kwargs=person_kwargs),
    SchoolPage(
        "people:role-end",
        get=HEAD,
        post=HEAD,
        get_ok=REDIRECT,
        post_ok=REDIRECT,
        object_kwargs=person_kwargs,
    ),
    SchoolPage("people:deactivate", get=HEAD, post=HEAD, object_kwargs=person_kwargs),
)
# The invitation link: a link that opens nothing is one page for everyone, for both methods.
SITE_PAGES: tuple[SitePage, ...] = (
    SitePage("invitations:accept", anonymous=(OK, OK), signed_in=(OK, OK), kwargs=unknown_token),
)
