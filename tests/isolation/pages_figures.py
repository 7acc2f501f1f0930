"""Isolation matrix rows for the governors' figures and their termly pack (see matrix.py).

Both pages only read: the headteacher, the governors and the clerk see the
figures and may ask for the pack. The matrix's empty POST names no term, so
the pack page sends the person back to it with the message.
"""

from __future__ import annotations

from schools.roles import GOVERNANCE_READERS
from tests.helpers.matrix import Outcome, SchoolPage

READERS = frozenset(GOVERNANCE_READERS)

PAGES: tuple[SchoolPage, ...] = (
    SchoolPage("governance:figures", get=READERS),
    SchoolPage("governance:pack", get=READERS, post=READERS, post_ok=Outcome.REDIRECT),
)
