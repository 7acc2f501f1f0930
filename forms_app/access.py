"""Who may do what with access requests, content reports and the register.

The reviewers are the school's configuration (``ReviewRoute``): Chestnuts
routes both kinds to the headteacher (7.3-7.5), Norris Bank to its e-safety
team (7). A school with no route for a kind falls back to the headteacher.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from schools.access import MemberRoles
from schools.roles import STAFF_ROLES, RecordKind, Role

if TYPE_CHECKING:
    from forms_app.models import AccessRequest, ContentReport

# Who files requests and reports: anyone working in the school.
FILERS = STAFF_ROLES
# Who sees the register of what is allowed and blocked: those who run the
# filtering (the DSL leads on filtering and monitoring in KCSIE) and the
# governors who review it each year.
REGISTER_READERS = frozenset(
    {Role.HEADTEACHER, Role.DSL, Role.ESAFETY, Role.NETWORK_MANAGER, Role.GOVERNOR}
)
# Everyone a request or report page may admit before the record itself is checked.
RECORD_ROLES = STAFF_ROLES | {Role.NETWORK_MANAGER}
# Who may be a configured reviewer of these records at all.
REVIEW_CAPABLE = frozenset({Role.HEADTEACHER, Role.DSL, Role.ESAFETY})


def reviewer_roles(member: MemberRoles, kind: RecordKind) -> frozenset[Role]:
    return member.school.reviewer_roles(kind) or frozenset({Role.HEADTEACHER})


def may_review(member: MemberRoles, kind: RecordKind) -> bool:
    return member.has(*reviewer_roles(member, kind))


def may_oversee(member: MemberRoles, kind: RecordKind) -> bool:
    """Reviewers, the headteacher (who sees everything in the school) and the network manager."""
    return member.has(Role.HEADTEACHER, Role.NETWORK_MANAGER) or may_review(member, kind)


def may_view_request(member: MemberRoles, request: AccessRequest) -> bool:
    return request.requested_by_id == member.user.pk or may_oversee(
        member, RecordKind.ACCESS_REQUEST
    )


def may_view_report(member: MemberRoles, report: ContentReport) -> bool:
    if report.reported_by_id == member.user.pk:
        return True
    if report.safeguarding and member.has(Role.DSL):
        return True
    return may_oversee(member, RecordKind.CONTENT_REPORT)
