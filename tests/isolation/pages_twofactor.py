"""Isolation matrix rows for the twofactor pages (see matrix.py).

Every page is the signed-in person's own, outside any school. The matrix's
signed-in member has no authenticator app and no code pending, so the pages
that need one (verify, new recovery codes, turning off, the codes shown once)
send them on, and set-up shows its form (an empty code: its error, 200).
"""

from __future__ import annotations

from tests.helpers.matrix import Outcome, SchoolPage, SitePage

LOGIN, OK, REDIRECT, NOT_ALLOWED = (
    Outcome.LOGIN,
    Outcome.OK,
    Outcome.REDIRECT,
    Outcome.NOT_ALLOWED,
)

PAGES: tuple[SchoolPage, ...] = ()
SITE_PAGES: tuple[SitePage, ...] = (
    SitePage("twofactor:manage", anonymous=(LOGIN, LOGIN), signed_in=(OK, NOT_ALLOWED)),
    SitePage("twofactor:setup", anonymous=(LOGIN, LOGIN), signed_in=(OK, OK)),
    SitePage("twofactor:verify", anonymous=(LOGIN, LOGIN), signed_in=(REDIRECT, REDIRECT)),
    SitePage(
        "twofactor:recovery-codes", anonymous=(LOGIN, LOGIN), signed_in=(REDIRECT, NOT_ALLOWED)
    ),
    SitePage("twofactor:regenerate", anonymous=(LOGIN, LOGIN), signed_in=(REDIRECT, REDIRECT)),
    SitePage("twofactor:turn-off", anonymous=(LOGIN, LOGIN), signed_in=(REDIRECT, REDIRECT)),
)
