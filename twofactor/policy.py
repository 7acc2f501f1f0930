"""Who must use two-factor sign-in, and where.

Those who can see incidents and their evidence (``incidents.access.HANDLERS``:
the headteacher, the DSL and the e-safety team) must, in a school that
requires it (``School.requires_two_factor``) or everywhere when the portal's
configuration does (``PORTAL_TWO_FACTOR_REQUIRED``: on in production). Everyone
else may turn it on for themselves.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.conf import settings

from accounts.models import User
from incidents.access import HANDLERS
from schools.models import Membership, School
from schools.roles import Role

# Those whose pages show incidents or evidence.
REQUIRED_ROLES = frozenset(HANDLERS)


def required_everywhere() -> bool:
    return bool(getattr(settings, "PORTAL_TWO_FACTOR_REQUIRED", False))


def required_for(school: School, roles: Iterable[Role]) -> bool:
    """Whether someone holding ``roles`` in ``school`` must use two-factor sign-in there."""
    if not REQUIRED_ROLES.intersection(roles):
        return False
    return required_everywhere() or school.requires_two_factor


def schools_requiring(user: User) -> list[School]:
    """The active schools in which ``user`` must use two-factor sign-in."""
    current = Membership.objects.filter(
        user=user, ended_at__isnull=True, role__in=REQUIRED_ROLES
    ).values("school")
    schools = School.objects.filter(pk__in=current, is_active=True)
    if not required_everywhere():
        schools = schools.filter(requires_two_factor=True)
    return list(schools.order_by("name"))
