"""Isolation matrix rows for the audit history and the access log (see matrix.py).

The audit history and its exports: the headteacher, governors and the clerk.
The access log (who viewed which incident): the headteacher only. None takes
a POST.
"""

from __future__ import annotations

from schools.roles import ACCESS_LOG_READERS, GOVERNANCE_READERS
from tests.helpers.matrix import SchoolPage

READERS = frozenset(GOVERNANCE_READERS)

PAGES: tuple[SchoolPage, ...] = (
    SchoolPage("governance:audit", get=READERS, post=None),
    SchoolPage("governance:audit-csv", get=READERS, post=None),
    SchoolPage("governance:audit-pdf", get=READERS, post=None),
    SchoolPage("governance:access-log", get=frozenset(ACCESS_LOG_READERS), post=None),
)
