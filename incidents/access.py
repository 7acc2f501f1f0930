"""Who may see and do what with incidents (PRODUCT.md §3: restrict by default).

Only the headteacher, the DSL and the e-safety team see incidents. Anyone
working in the school may log one, and then sees where their own incidents
stand (the status, never the details others add). Governors see counts only
(step 8). A page for one incident answers anyone else exactly as it answers
an incident that does not exist.
"""

from __future__ import annotations

from schools.access import MemberRoles
from schools.roles import SAFEGUARDING_ROLES, STAFF_ROLES, Module, Role

MODULE = Module.INCIDENTS
# Anyone working in the school logs an incident or a contact attempt.
LOGGERS = STAFF_ROLES
# Those who see every incident and work on it.
HANDLERS = SAFEGUARDING_ROLES
# The school's checklists are its policy: the headteacher owns the policy.
CHECKLIST_EDITORS = frozenset({Role.HEADTEACHER})


def may_handle(member: MemberRoles) -> bool:
    return member.has(*HANDLERS)
