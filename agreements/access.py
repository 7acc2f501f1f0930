"""Who may do what with home-school agreements.

Parents have no account: they sign at a kiosk a member of staff started, or
through a personal link. Staff who run the kiosk need not see other families'
records; those who follow coverage and answer parents' questions do.
"""

from __future__ import annotations

from schools.roles import STAFF_ROLES, Module, Role

MODULE = Module.AGREEMENTS
# Anyone working in the school may start a kiosk at a parents' evening.
KIOSK_RUNNERS = STAFF_ROLES
# Coverage, the signed agreements, links and paper copies.
AGREEMENT_READERS = frozenset(
    {Role.HEADTEACHER, Role.DSL, Role.ESAFETY, Role.TEACHER, Role.SUPPORT}
)
# The text, its translations, the roster and the coverage target.
AGREEMENT_MANAGERS = frozenset({Role.HEADTEACHER})
