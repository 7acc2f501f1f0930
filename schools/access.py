"""How views reach a school and its rows.

Every view under ``/<school_slug>/`` declares who may use it with one of the
decorators below; ``SchoolMiddleware`` enforces the declaration and refuses
to serve a school view that makes none. Objects are fetched only through
``get_object_for``, so another school's id is a 404 like a missing one.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, TypeVar

from django.core.exceptions import MultipleObjectsReturned, ObjectDoesNotExist, ValidationError
from django.db import models
from django.http import Http404, HttpRequest

from schools.roles import STAFF_ROLES, Module, Role
from schools.standing import Columns, Standing, standing_of
from schools.tenancy import TenantManager, TenantQuerySet

if TYPE_CHECKING:
    from accounts.models import User
    from schools.models import Membership, School

_V = TypeVar("_V", bound=Callable[..., Any])
_M = TypeVar("_M", bound=models.Model)


@dataclass(frozen=True)
class SchoolAccess:
    """What a school view requires. ``roles`` empty means any member."""

    roles: frozenset[Role] = frozenset()
    module: Module | None = None
    public: bool = False

    def allows(self, roles: frozenset[Role]) -> bool:
        return bool(roles) and (not self.roles or bool(self.roles & roles))


@dataclass(frozen=True)
class MemberRoles:
    """The signed-in person's standing in the school of the current request."""

    user: User
    school: School
    roles: frozenset[Role]
    # Figures read with the roles, for the page around the view (the bell's counts).
    columns: Mapping[str, Any] = field(default_factory=dict, compare=False)

    def has(self, *roles: Role) -> bool:
        return bool(self.roles.intersection(roles))

    @property
    def role_labels(self) -> list[str]:
        return [role.label for role in Role if role in self.roles]


class SchoolRequest(HttpRequest):
    """The request a school view receives, after SchoolMiddleware ran."""

    user: User
    school: School
    membership: MemberRoles


def school_view(*roles: Role, module: Module | None = None) -> Callable[[_V], _V]:
    """Declare a members-only school view; with roles, only those roles (else 403)."""
    access = SchoolAccess(roles=frozenset(roles), module=module)

    def decorate(view: _V) -> _V:
        view.school_access = access  # type: ignore[attr-defined]
        return view

    return decorate


def public_school_view(view: _V) -> _V:
    """Declare a school page anyone may see, such as the published policy."""
    view.school_access = SchoolAccess(public=True)  # type: ignore[attr-defined]
    return view


def roles_of(user: User, school: School) -> frozenset[Role]:
    rows = user.memberships.filter(school=school, ended_at__isnull=True)
    return frozenset(Role(role) for role in rows.values_list("role", flat=True))


def membership_at(user: User, slug: str, columns: Columns | None = None) -> MemberRoles | None:
    """The active school ``slug`` and ``user``'s roles in it, in one query.

    ``columns``: a function making expressions over a membership row
    (``OuterRef("school")``, ``OuterRef("user")``), read in the same query into
    ``MemberRoles.columns``; the query is built once for each such function
    (``schools.standing``).
    None when ``user`` holds no role there, or there is no such active school:
    the caller cannot tell the two apart, and must not.
    """
    return _member_roles(standing_of(user.pk, slug, columns), user)


def membership_with_user(
    user_id: Any, slug: str, columns: Columns | None = None
) -> MemberRoles | None:
    """``membership_at`` for a person not read yet: their row comes in the same query.

    None, as there, when they hold no role in an active school ``slug``; the
    caller has not learnt whether the person exists at all.
    """
    return _member_roles(standing_of(user_id, slug, columns), None)


def _member_roles(found: Standing | None, user: User | None) -> MemberRoles | None:
    if found is None:
        return None
    return MemberRoles(
        user=user if user is not None else found.user,
        school=found.school,
        roles=frozenset(Role(role) for role in found.roles),
        columns=found.columns,
    )


def staff_memberships_query(school: School) -> Any:
    """The current roles of the school's staff with active accounts, with their people,
    by name: ``staff_acknowledgement`` and ``trained_staff`` each take the roles they
    count from its rows, so a page showing both reads them once."""
    from schools.models import Membership

    return (
        Membership.objects.for_school(school)
        .filter(ended_at__isnull=True, role__in=STAFF_ROLES, user__is_active=True)
        .select_related("user")
        .order_by("user__full_name", "user__email", "user_id", "started_at")
    )


def staff_memberships(school: School) -> list[Membership]:
    """``staff_memberships_query``'s rows (one query)."""
    return list(staff_memberships_query(school))


def get_object_for(
    request: SchoolRequest,
    source: type[_M] | TenantQuerySet[_M],
    **lookup: Any,
) -> _M:
    """One row of the request's school, or the same 404 as a row that does not exist."""
    if isinstance(source, TenantQuerySet):
        queryset = source.for_school(request.school)
    else:
        manager = source._default_manager
        if not isinstance(manager, TenantManager):
            raise TypeError(f"{source.__name__} is not a tenant-owned model.")
        queryset = manager.for_school(request.school)
    try:
        found = queryset.get(**lookup)
    except (ObjectDoesNotExist, ValidationError, ValueError, TypeError) as exc:
        # A malformed id (not a UUID, not a number) is simply not found.
        raise Http404 from exc
    except MultipleObjectsReturned as exc:  # pragma: no cover - lookup bug
        raise Http404 from exc
    # The row is the request's school's: give it the school the middleware already
    # read, so that ``found.school`` costs no second query.
    found.school = request.school  # type: ignore[attr-defined]
    return found
