"""The tenancy guard every school page must have, as one assertion.

    assert_outsider_404_member_403(
        "forms_app:access-request-detail",
        school=oakfield, roles={Role.HEADTEACHER},
        url_kwargs={"request_id": request.public_id},
    )

checks, for GET and POST: a member of another school gets the same 404 as
for a school that does not exist; each role the page does not admit gets
403; and an admitted role is let in. It creates its own people (one per
role) and its own outside school, so it works whatever else the test set up.

``assert_every_school_page_guarded`` runs it over every row of the matrix.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterable, Mapping
from functools import partial
from typing import Any

from django.test import Client
from django.urls import reverse

from accounts.models import User
from schools.models import School
from schools.roles import Module, Role
from schools.services import membership_grant, school_ensure
from tests.helpers.demo import UNKNOWN_SLUG
from tests.helpers.matrix import METHODS, SchoolPage, assert_same_page, request


def _person(label: str) -> User:
    token = uuid.uuid4().hex[:10]
    return User.objects.create_user(
        email=f"{label}-{token}@guard.test", full_name=f"Guard {label.title()} {token}"
    )


def _outside_school() -> School:
    token = uuid.uuid4().hex[:10]
    return school_ensure(
        slug=f"guard-{token}", name=f"Guard School {token}", enabled_modules=list(Module.values)
    )


def member_of(school: School, role: Role) -> User:
    """A new person holding exactly ``role`` in ``school``."""
    user = _person(str(role))
    membership_grant(school=school, user=user, role=role)
    return user


def _signed_in(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


class RefusedMembers:
    """One signed-in member of ``school`` for each role, made when first needed.

    They only ever meet a 403, which changes nothing, so a sweep over every
    page shares them instead of making eight people a page.
    """

    def __init__(self, school: School) -> None:
        self.school = school
        self._clients: dict[Role, Client] = {}

    def client(self, role: Role) -> Client:
        if role not in self._clients:
            self._clients[role] = _signed_in(member_of(self.school, role))
        return self._clients[role]


def assert_outsider_404_member_403(
    url_name: str,
    *,
    school: School,
    roles: Iterable[Role] = (),
    url_kwargs: Mapping[str, Any] | None = None,
    methods: Iterable[str] = METHODS,
    own_kwargs: Callable[[User], Mapping[str, Any]] | None = None,
    outsider_user: User | None = None,
    refused: RefusedMembers | None = None,
) -> None:
    """A non-member gets 404 and a member without one of ``roles`` gets 403.

    ``roles`` are the roles the page admits (empty: any member). For a page
    about a person's own object, ``own_kwargs(user)`` makes one for the
    admitted member who is let in. ``outsider_user``: the member of another
    school to try (a new school's headteacher when not given). ``refused``:
    the members to try in the roles the page does not admit (new ones when
    not given).
    """
    admitted = frozenset(roles) or frozenset(Role)
    kwargs = dict(url_kwargs or {})
    url = reverse(url_name, kwargs={"school_slug": school.slug, **kwargs})
    unknown_url = reverse(url_name, kwargs={"school_slug": UNKNOWN_SLUG, **kwargs})
    outsider = _signed_in(outsider_user or member_of(_outside_school(), Role.HEADTEACHER))
    if refused is None or refused.school != school:
        refused = RefusedMembers(school)
    for method in methods:
        unknown = request(outsider, method, unknown_url)
        assert unknown.status_code == 404, f"{method} {unknown_url} answered {unknown.status_code}"
        assert_same_page(
            request(outsider, method, url),
            unknown,
            f"{method} {url} by a member of another school (reference: no such school)",
        )
        for role in sorted(set(Role) - admitted):
            status = request(refused.client(role), method, url).status_code
            hint = " (is the page's module switched on for this school?)" if status == 404 else ""
            assert status == 403, f"{method} {url} by a {role.label}: {status}, not 403{hint}"
        # The headteacher where admitted: any member's page admits them for both methods.
        one_admitted = Role.HEADTEACHER if Role.HEADTEACHER in admitted else min(admitted)
        person = member_of(school, one_admitted)
        if own_kwargs is not None:
            url = reverse(url_name, kwargs={"school_slug": school.slug, **own_kwargs(person)})
        status = request(_signed_in(person), method, url).status_code
        assert status not in (403, 404), (
            f"{method} {url} by a {one_admitted.label}, whom the page admits: {status}"
        )


def assert_every_school_page_guarded(pages: Iterable[SchoolPage], school: School) -> None:
    """The guard for every non-public row of a matrix table, in ``school``."""
    outsider = member_of(_outside_school(), Role.HEADTEACHER)
    refused = RefusedMembers(school)
    for page in pages:
        if page.public or (page.module is not None and not school.has_module(page.module)):
            continue  # a page of a module the school has off is a 404 for all (the matrix)
        assert_outsider_404_member_403(
            page.name,
            school=school,
            # A hidden role passes the guard and then finds the object "not found".
            roles=page.admits(school.slug) | page.hidden,
            url_kwargs=page.kwargs_for(school) if page.has_object else None,
            own_kwargs=partial(page.kwargs_for, school) if page.own_object_kwargs else None,
            outsider_user=outsider,
            refused=refused,
        )
