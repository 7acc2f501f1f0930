"""What each role can do in a school: the navigation and the home page cards.

Each feature adds its entry here; the home page and the header both read it,
so a person only ever sees links to pages they are allowed to open. The
header holds what people use day to day (at tablet width it fits about five
links); ``in_header=False`` puts a set-up or reference page on the home page only.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import reverse

from schools.access import MemberRoles, SchoolAccess
from schools.roles import TRAINING_READERS, Module, Role


@dataclass(frozen=True)
class NavItem:
    label: str
    url_name: str
    description: str
    roles: frozenset[Role] = frozenset()
    module: Module | None = None
    in_header: bool = True

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
    in_header: bool = True


NAV_ITEMS: list[NavItem] = [
    NavItem("Home", "schools:home", "Your school's home page."),
    NavItem(
        "The policy",
        "policies:acknowledge",
        "The policy in force: staff confirm here that they have read it.",
    ),
    # Also linked from "The policy"; in the header it overflowed at tablet width.
    NavItem(
        "Manage the policy",
        "policies:manage",
        "Draft, import and publish versions of the policy; see who has acknowledged it.",
        roles=frozenset({Role.HEADTEACHER}),
        in_header=False,
    ),
    NavItem(
        "Set-up summary (PDF)",
        "documents:school-summary-versions",
        "How the school runs its policy, as a PDF for governors and inspectors.",
        roles=frozenset({Role.HEADTEACHER, Role.GOVERNOR}),
    ),
    NavItem(
        "Staff training",
        "training:sessions",
        "Training sessions, who attended, and which staff are due for training.",
        roles=TRAINING_READERS,
        module=Module.TRAINING,
    ),
    NavItem(
        "Reporting contacts",
        "schools:contacts",
        "How to report a problem to a social network, and mobile providers' nuisance-call help.",
        in_header=False,
    ),
    NavItem(
        "School settings",
        "schools:settings",
        "Parts of the portal in use, who reviews what, reminders, training and what is blocked.",
        roles=frozenset({Role.HEADTEACHER}),
        in_header=False,
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
            in_header=item.in_header,
        )
        for item in NAV_ITEMS
        if item.visible_to(membership)
    ]
