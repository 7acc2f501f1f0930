"""The isolation matrix's vocabulary and its rules.

A table (``tests/isolation/matrix.py``) declares, for each page, who may GET
and POST it. From each row this module derives the outcome for every actor
(each demo role in each demo school, the platform admin, nobody signed in),
in their own school and in the other one, for GET and for POST, using the
rules of ``SchoolMiddleware``:

1. public page: everyone gets the page, whichever school;
2. nobody signed in: redirect to sign in (the address reveals nothing);
3. not a member of this school (or no such school): 404;
4. the page's module is off in this school: 404;
5. a member whose roles the page does not admit, for either method: 403;
6. the method: a page that takes no POST answers 405 to those it admits.
"""

from __future__ import annotations

import enum
import re
import uuid
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qs, urlparse

import pytest
from django.test import Client
from django.urls import reverse

from accounts.models import User
from schools.models import School
from schools.roles import Module, RecordKind, Role
from tests.helpers.demo import ACTORS, SCHOOL_SLUGS, Actor, module_on, spec_for

if TYPE_CHECKING:
    from django.test.client import _MonkeyPatchedWSGIResponse as TestResponse

GET, POST = "GET", "POST"
METHODS = (GET, POST)

# Every role: "any member of the school".
MEMBERS: frozenset[Role] = frozenset(Role)

ObjectKwargs = Callable[[School], Mapping[str, Any]]
OwnObjectKwargs = Callable[[School, User | None], Mapping[str, Any]]
SiteKwargs = Callable[[], Mapping[str, Any]]


class Outcome(enum.Enum):
    OK = "200"
    LOGIN = "login"  # a redirect to the sign-in page
    REDIRECT = "redirect"  # any other redirect
    FORBIDDEN = "403"
    NOT_FOUND = "404"
    NOT_ALLOWED = "405"


@dataclass(frozen=True)
class KnownBug:
    """Cells where the portal is known to differ from the table: strict xfail until fixed."""

    method: str
    outcome: Outcome
    reason: str


@dataclass(frozen=True)
class SchoolPage:
    """One row of the isolation matrix: a page under ``/<school_slug>/``.

    ``get`` / ``post``: the roles whose request succeeds (``MEMBERS`` for any
    member). ``post=None``: the page takes no POST, so it answers 405 to those
    it admits. ``get_ok`` / ``post_ok``: what success looks like. The matrix
    POSTs an empty body, which a form page answers with its errors (``OK``, the
    default) and an action may answer with a redirect (``REDIRECT``).
    ``object_kwargs(school)`` creates or finds one object of that school and
    returns the URL kwargs that address it (object pages only; ids that are
    UUIDs or integers, so that ``missing_kwargs`` can invent absent ones).
    ``own_object_kwargs(school, user)`` instead, for a page about a person's
    own object (their notification): it makes one for ``user`` (for someone
    else in the school when ``user`` is None), and another member's object
    must answer exactly like one that does not exist, as another school's does.
    ``reviewers``: the page also admits, for each method it takes, the roles
    the school routes that kind of record to (its configuration: Chestnuts'
    headteacher, Norris Bank's e-safety team).
    ``hidden``: roles the page lets in that must find the object "not found",
    like an id that does not exist (an incident someone else logged).
    """

    name: str
    get: frozenset[Role]
    post: frozenset[Role] | None = None
    module: Module | None = None
    public: bool = False
    object_kwargs: ObjectKwargs | None = None
    get_ok: Outcome = Outcome.OK
    post_ok: Outcome = Outcome.OK
    known_bugs: tuple[KnownBug, ...] = ()
    own_object_kwargs: OwnObjectKwargs | None = None
    reviewers: RecordKind | None = None
    hidden: frozenset[Role] = frozenset()

    @property
    def has_object(self) -> bool:
        return self.object_kwargs is not None or self.own_object_kwargs is not None

    def kwargs_for(self, school: School, user: User | None = None) -> dict[str, Any]:
        """URL kwargs of an object of ``school`` (``user``'s own, on a personal page)."""
        if self.own_object_kwargs is not None:
            return dict(self.own_object_kwargs(school, user))
        return dict(self.object_kwargs(school)) if self.object_kwargs else {}

    def routed(self, slug: str) -> frozenset[Role]:
        if self.reviewers is None:
            return frozenset()
        return frozenset(spec_for(slug).routes.get(self.reviewers, ()))

    def admits(self, slug: str) -> frozenset[Role]:
        """Roles that pass the access check in school ``slug`` for at least one method."""
        return self.get | (self.post or frozenset()) | self.routed(slug)

    def allows(self, method: str, slug: str) -> frozenset[Role] | None:
        roles = self.get if method == GET else self.post
        return None if roles is None else roles | self.routed(slug)


def object_pages(pages: Iterable[SchoolPage]) -> list[SchoolPage]:
    """Pages that address one school's object, to be tried with other schools' ids.

    Public pages address school-local numbers (policy version 1 exists in every
    school), so "another school's id" means nothing there.
    """
    return [page for page in pages if page.has_object and not page.public]


def expected_outcome(page: SchoolPage, actor: Actor, slug: str, method: str) -> Outcome:
    """What ``actor`` should get from ``method`` on ``page`` in school ``slug``."""
    allowed = page.allows(method, slug)
    ok = page.get_ok if method == GET else page.post_ok
    if page.public:
        return Outcome.NOT_ALLOWED if allowed is None else ok
    if actor.anonymous:
        return Outcome.LOGIN
    roles = actor.roles_in(slug)
    if not roles or not module_on(slug, page.module):
        return Outcome.NOT_FOUND
    if not roles & (page.admits(slug) | page.hidden):
        return Outcome.FORBIDDEN
    if allowed is None:
        return Outcome.NOT_ALLOWED
    if roles & allowed:
        return ok
    return Outcome.NOT_FOUND if roles & page.hidden else Outcome.FORBIDDEN


@dataclass(frozen=True)
class Case:
    page: SchoolPage
    actor: Actor
    slug: str
    method: str
    expected: Outcome

    @property
    def id(self) -> str:
        where = "own" if self.actor.school == self.slug else "other"
        if self.actor.school is None:
            where = "any"
        return (
            f"{self.page.name}-{self.method}-{self.actor.label}-{where}:{self.slug}"
            f"-{self.expected.value}"
        )


# Who stands for everyone the middleware turns away the same way, whatever
# their roles: the most powerful account of each school.
REPRESENTATIVE = "head"


def _refused_by_role(page: SchoolPage, actor: Actor, slug: str) -> bool:
    """A member of ``slug`` whose roles the page does not let in at all (403 for both methods)."""
    return not actor.roles_in(slug) & (page.admits(slug) | page.hidden)


def _representative(page: SchoolPage, actor: Actor, slug: str) -> bool:
    """Whether ``actor`` gets a cell of its own on ``page`` in school ``slug``.

    The members of the other school all get the same 404 from the same check
    (not a member), as do all members where the page's module is off: their
    headteacher stands for them. The school's members whose roles the page
    does not let in at all get the same 403 from the same check: the first of
    them stands for the rest here, and ``assert_every_school_page_guarded``
    (the guard test) tries every such role on every page, both methods.
    Everyone else, anonymous and the platform admin included, gets a cell each.
    """
    if actor.school is None or actor.prefix == REPRESENTATIVE:
        return True
    if actor.school != slug or not module_on(slug, page.module):
        return False
    if not _refused_by_role(page, actor, slug):
        return True
    first = next(
        other
        for other in ACTORS
        if other.school == slug
        and other.prefix != REPRESENTATIVE
        and _refused_by_role(page, other, slug)
    )
    return actor is first


def matrix_cases(pages: Iterable[SchoolPage], actors: Iterable[Actor] = ACTORS) -> list[Any]:
    """Every cell of the matrix as a ``pytest.param``, known bugs marked strict xfail."""
    actors = tuple(actors)
    params = []
    for page in pages:
        for actor in actors:
            for slug in SCHOOL_SLUGS:
                if not _representative(page, actor, slug):
                    continue
                for method in METHODS:
                    case = Case(
                        page, actor, slug, method, expected_outcome(page, actor, slug, method)
                    )
                    bugs = [
                        bug
                        for bug in page.known_bugs
                        if bug.method == method and bug.outcome == case.expected
                    ]
                    marks = [pytest.mark.xfail(strict=True, reason=bug.reason) for bug in bugs]
                    params.append(pytest.param(case, id=case.id, marks=marks))
    return params


ObjectKey = tuple[str, str, int | None]


def make_matrix_objects(
    pages: Iterable[SchoolPage], schools: Mapping[str, School], actors: Iterable[Actor]
) -> dict[ObjectKey, dict[str, Any]]:
    """Each object page's URL kwargs in each school (each person's own on a personal page).

    Made once, for a module's worth of cases: creating a record through its
    services costs more than the request that tries it. Every case runs in its
    own savepoint, so what one case's POST changes is gone before the next.
    """
    users = [actor.user() for actor in actors]
    made: dict[ObjectKey, dict[str, Any]] = {}
    for page in pages:
        for slug, school in schools.items():
            if page.object_kwargs is not None:
                made[(page.name, slug, None)] = page.kwargs_for(school)
            if page.own_object_kwargs is not None:
                for user in users:
                    made[(page.name, slug, user.pk if user else None)] = page.kwargs_for(
                        school, user
                    )
    return made


def matrix_url(
    page: SchoolPage, school: School, made: Mapping[ObjectKey, dict[str, Any]], user: User | None
) -> str:
    """The page in ``school`` addressing the object made for it (``make_matrix_objects``)."""
    key = (page.name, school.slug, user.pk if user and page.own_object_kwargs else None)
    return reverse(page.name, kwargs={"school_slug": school.slug, **made.get(key, {})})


def school_url(
    page: SchoolPage, school: School, *, for_user: User | None = None, **override: Any
) -> str:
    kwargs = page.kwargs_for(school, for_user)
    kwargs.update(override)
    return reverse(page.name, kwargs={"school_slug": school.slug, **kwargs})


def missing_kwargs(kwargs: Mapping[str, Any]) -> dict[str, Any]:
    """The same URL kwargs addressing an object that does not exist."""
    missing: dict[str, Any] = {}
    for key, value in kwargs.items():
        if isinstance(value, uuid.UUID):
            missing[key] = uuid.uuid4()
        elif isinstance(value, int):
            missing[key] = 2**31 - 1
        else:
            missing[key] = value
    return missing


def request(client: Client, method: str, url: str) -> TestResponse:
    return client.get(url) if method == GET else client.post(url)


def assert_outcome(response: TestResponse, expected: Outcome, url: str) -> None:
    """``response`` is ``expected``; a sign-in redirect must come back to ``url``."""
    status = response.status_code
    described = f"{url} answered {status}"
    if status in (301, 302, 303, 307, 308):
        described += f" → {response['Location']}"
    login = reverse("accounts:login")
    if expected is Outcome.LOGIN:
        assert status == 302, f"{described}; expected a redirect to sign in"
        target = urlparse(response["Location"])
        assert target.path == login, f"{described}; expected a redirect to {login}"
        next_url = parse_qs(target.query).get("next")
        assert next_url in (None, [url]), f"{described}; sign-in would not come back here"
    elif expected is Outcome.REDIRECT:
        assert status in (302, 303), f"{described}; expected a redirect"
        assert urlparse(response["Location"]).path != login, f"{described}; not a sign-in"
    else:
        assert status == int(expected.value), f"{described}; expected {expected.value}"


_CSRF_TOKEN = re.compile(r'(name="csrfmiddlewaretoken" value=")[^"]*"')


def comparable(response: TestResponse) -> str:
    """The body with its per-response CSRF tokens blanked, so two pages can be compared."""
    return _CSRF_TOKEN.sub(r'\1"', response.content.decode())


def assert_same_page(response: TestResponse, reference: TestResponse, what: str) -> None:
    """``response`` is indistinguishable from ``reference``: same status, same body."""
    assert response.status_code == reference.status_code, (
        f"{what}: status {response.status_code}, but {reference.status_code} for the reference"
    )
    assert comparable(response) == comparable(reference), f"{what}: the body differs"


def object_page_actor(page: SchoolPage, slug: str, method: str) -> Actor | None:
    """A demo account of ``slug`` that ``method`` on ``page`` succeeds for."""
    allowed = page.allows(method, slug)
    if allowed is None or not module_on(slug, page.module):
        return None
    for actor in ACTORS:
        if actor.school == slug and actor.roles_in(slug) & allowed:
            return actor
    return None


def made_kwargs(
    page: SchoolPage,
    school: School,
    made: Mapping[ObjectKey, dict[str, Any]] | None,
    for_user: User | None = None,
) -> dict[str, Any]:
    """The URL kwargs of the page's object in ``school``: the one made for the module when
    there is one (``make_matrix_objects``), else a new one."""
    key = (page.name, school.slug, None)
    if made is not None and page.own_object_kwargs is None and key in made:
        return dict(made[key])
    return page.kwargs_for(school, for_user)


def assert_foreign_object_hidden(
    client: Client,
    page: SchoolPage,
    school: School,
    other: School,
    method: str,
    for_user: User | None = None,
    made: Mapping[ObjectKey, dict[str, Any]] | None = None,
) -> None:
    """Another school's object answers exactly like an object that does not exist."""
    assert page.has_object
    theirs = made_kwargs(page, other, made)
    what = "the other school's object"
    _assert_hidden(client, page, school, theirs, method, for_user, what, made)


def assert_other_persons_object_hidden(
    client: Client, page: SchoolPage, school: School, method: str, for_user: User
) -> None:
    """On a personal page, another member's object answers like one that does not exist."""
    assert page.own_object_kwargs is not None
    theirs = page.kwargs_for(school)
    _assert_hidden(client, page, school, theirs, method, for_user, "another person's object")


def _assert_hidden(
    client: Client,
    page: SchoolPage,
    school: School,
    hidden: Mapping[str, Any],
    method: str,
    for_user: User | None,
    what: str,
    made: Mapping[ObjectKey, dict[str, Any]] | None = None,
) -> None:
    hidden_url = school_url(page, school, **hidden)
    ours = made_kwargs(page, school, made, for_user)
    missing_url = school_url(page, school, **missing_kwargs(ours))
    answer = request(client, method, hidden_url)
    missing = request(client, method, missing_url)
    assert missing.status_code == 404, (
        f"{missing_url} (no such object) answered {missing.status_code}"
    )
    assert_same_page(answer, missing, f"{method} {hidden_url} ({what})")


@dataclass(frozen=True)
class SitePage:
    """One row of the smaller table: a page outside any school.

    Outcomes are ``(GET, POST)`` pairs, for nobody signed in and for a signed-in
    member of one school.
    """

    name: str
    anonymous: tuple[Outcome, Outcome]
    signed_in: tuple[Outcome, Outcome]
    kwargs: SiteKwargs | None = None
    known_bugs: tuple[KnownBug, ...] = field(default=())

    def url(self) -> str:
        return reverse(self.name, kwargs=dict(self.kwargs()) if self.kwargs else None)


def site_cases(pages: Iterable[SitePage], signed_in: Actor) -> list[Any]:
    params = []
    for page in pages:
        for actor, outcomes in ((None, page.anonymous), (signed_in, page.signed_in)):
            for method, expected in zip(METHODS, outcomes, strict=True):
                who = "anonymous" if actor is None else "signed-in"
                bugs = [b for b in page.known_bugs if b.method == method and b.outcome == expected]
                marks = [pytest.mark.xfail(strict=True, reason=b.reason) for b in bugs]
                params.append(
                    pytest.param(
                        page,
                        actor,
                        method,
                        expected,
                        id=f"{page.name}-{method}-{who}-{expected.value}",
                        marks=marks,
                    )
                )
    return params
