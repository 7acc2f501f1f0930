"""Isolation matrix rows for the complaints pages (see matrix.py).

Governors, the clerk and the headteacher read complaints (``GOVERNANCE_READERS``);
only the headteacher and the clerk record and change them (``COMPLAINT_RECORDERS``):
a governor on any of those pages gets 403. The matrix's complaint is open, at
the informal stage, so each page that changes it shows its form.
"""

from __future__ import annotations

from schools.roles import COMPLAINT_RECORDERS, GOVERNANCE_READERS, Module
from tests.governance.factories import complaint_kwargs
from tests.helpers.matrix import SchoolPage

M = Module.COMPLAINTS
READ = frozenset(GOVERNANCE_READERS)
WRITE = frozenset(COMPLAINT_RECORDERS)


def _change_page(name: str) -> SchoolPage:
    return SchoolPage(name, get=WRITE, post=WRITE, module=M, object_kwargs=complaint_kwargs)


PAGES: tuple[SchoolPage, ...] = (
    SchoolPage("governance:complaints", get=READ, module=M),
    SchoolPage("governance:complaint-add", get=WRITE, post=WRITE, module=M),
    SchoolPage("governance:complaint", get=READ, module=M, object_kwargs=complaint_kwargs),
    _change_page("governance:complaint-edit"),
    _change_page("governance:complaint-stage"),
    _change_page("governance:complaint-close"),
)
