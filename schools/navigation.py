"""What each role can do in a school: the navigation and the home page cards.

Each feature adds its entry here; the home page and the header both read it,
so a person only ever sees links to pages they are allowed to open.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import reverse

from schools.access import MemberRoles, SchoolAccess
from schools.roles import Module, Role


@dataclass(frozen=True)
class NavItem:
    label: str
    url_name: str
    description: str
    roles: frozenset[Role] = frozenset()
    module: Module | None = None

    def visible_to(self, membership: MemberRoles) -> bool:
        if self.module is not None and not membership.school.has_module(self.module):
            return False
        return SchoolAccess(roles=self.roles).allows(membership.roles)


@dataclass(frozen=True)
class NavLink:
    label: str
    url: str
    description: str
    url_name: str


NAV_ITEMS: list[NavItem] = [
    NavItem("Home", "schools:home", "Your school's home page."),
    NavItem(
        "Set-up summary (PDF)",
        "documents:school-summary-versions",
        "How the school runs its policy, as a PDF for governors and inspectors.",
        roles=frozenset({Role.HEADTEACHER, Role.GOVERNOR}),
    ),
]


def navigation_for(membership: MemberRoles) -> list[NavLink]:
    slug = membership.school.slug
    return [
        NavLink(
            label=item.label,
            url=reverse(item.url_name, kwargs={"school_slug": slug}),
            description=item.description,
            url_name=item.url_name,
        )
        for item in NAV_ITEMS
        if item.visible_to(membership)
    ]
