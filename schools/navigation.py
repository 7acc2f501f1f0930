"""What each role can do in a school: the navigation and the home page cards.

Each feature adds its entry here; the home page and the header both read it,
so a person only ever sees links to pages they are allowed to open. The
header holds what people use day to day; ``in_header=False`` puts a set-up
or reference page on the home page only, and items sharing a ``group`` appear
in the header as one menu. ``reviewers`` adds the roles the school routes that
kind of record to (its configuration) to ``roles``.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from django.urls import get_script_prefix, reverse

from agreements.access import AGREEMENT_MANAGERS, AGREEMENT_READERS, KIOSK_RUNNERS
from forms_app.access import FILERS, REGISTER_READERS
from incidents.access import CHECKLIST_EDITORS
from incidents.access import HANDLERS as INCIDENT_HANDLERS
from incidents.access import LOGGERS as INCIDENT_LOGGERS
from schools.access import MemberRoles, SchoolAccess
from schools.roles import (
    ACCESS_LOG_READERS,
    GOVERNANCE_READERS,
    TRAINING_READERS,
    Module,
    RecordKind,
    Role,
)

FILTERING = "Web filtering"
AGREEMENT = "Agreements"
INCIDENTS = "Incidents"
GOVERNORS = "Governors"
# The governing body's menu is in the header of governors and the clerk; the
# headteacher's header is full, so theirs are on the home page.
GOVERNING_BODY = frozenset({Role.GOVERNOR, Role.CLERK})


@dataclass(frozen=True)
class NavItem:
    label: str
    url_name: str
    description: str
    roles: frozenset[Role] = frozenset()
    module: Module | None = None
    in_header: bool = True
    group: str = ""
    reviewers: RecordKind | None = None
    # In the header only for these roles (the rest find it on the home page).
    header_roles: frozenset[Role] | None = None

    def in_header_for(self, membership: MemberRoles) -> bool:
        if self.header_roles is None:
            return self.in_header
        return self.in_header and membership.has(*self.header_roles)

    def visible_to(self, membership: MemberRoles) -> bool:
        if self.module is not None and not membership.school.has_module(self.module):
            return False
        roles = self.roles
        if self.reviewers is not None:
            if roles & membership.roles:
                # Let in by its own roles: who reviews cannot change that.
                return True
            roles |= membership.school.reviewer_roles(self.reviewers) or {Role.HEADTEACHER}
        return SchoolAccess(roles=roles).allows(membership.roles)


@dataclass(frozen=True)
class NavLink:
    label: str
    url: str
    description: str
    in_header: bool = True
    group: str = ""
    current: bool = False  # the page being shown


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
        in_header=False,
    ),
    NavItem(
        "Staff training",
        "training:sessions",
        "Training sessions, who attended, and which staff are due for training.",
        roles=TRAINING_READERS,
        module=Module.TRAINING,
    ),
    NavItem(
        "Access requests",
        "forms_app:access-requests",
        "Ask for a blocked site to be opened, and follow your requests.",
        roles=FILERS,
        module=Module.ACCESS_REQUESTS,
        group=FILTERING,
    ),
    NavItem(
        "Content reports",
        "forms_app:content-reports",
        "Report inappropriate content seen on a school computer, and follow your reports.",
        roles=FILERS,
        module=Module.CONTENT_REPORTS,
        group=FILTERING,
    ),
    NavItem(
        "Requests to decide",
        "forms_app:access-request-queue",
        "Blocked-content access requests waiting for a decision, oldest first.",
        roles=frozenset({Role.HEADTEACHER}),
        module=Module.ACCESS_REQUESTS,
        group=FILTERING,
        reviewers=RecordKind.ACCESS_REQUEST,
    ),
    NavItem(
        "Reports to act on",
        "forms_app:content-report-queue",
        "Inappropriate-content reports waiting for action, oldest first.",
        roles=frozenset({Role.HEADTEACHER, Role.DSL}),
        module=Module.CONTENT_REPORTS,
        group=FILTERING,
        reviewers=RecordKind.CONTENT_REPORT,
    ),
    NavItem(
        "Filtering to-do",
        "forms_app:network-to-do",
        "Sites to unblock, to block and to block again.",
        roles=frozenset({Role.NETWORK_MANAGER, Role.HEADTEACHER}),
        group=FILTERING,
    ),
    NavItem(
        "Filtering register",
        "forms_app:register",
        "Every decision on what the filter allows and blocks and why, for the annual review.",
        roles=REGISTER_READERS,
        group=FILTERING,
    ),
    NavItem(
        "Agreement coverage",
        "agreements:coverage",
        "Which families have signed this year's home-school agreement, class by class.",
        roles=AGREEMENT_READERS,
        module=Module.AGREEMENTS,
        group=AGREEMENT,
    ),
    NavItem(
        "Start a kiosk",
        "agreements:kiosk-start",
        "Hand a tablet to families at a parents' evening to sign the agreement.",
        roles=KIOSK_RUNNERS,
        module=Module.AGREEMENTS,
        group=AGREEMENT,
    ),
    NavItem(
        "Signing links",
        "agreements:links",
        "Send a family a personal link to sign the agreement on their phone.",
        roles=AGREEMENT_READERS,
        module=Module.AGREEMENTS,
        group=AGREEMENT,
    ),
    NavItem(
        "Record a paper copy",
        "agreements:paper-add",
        "Record an agreement a family signed on paper, with its scan.",
        roles=AGREEMENT_READERS,
        module=Module.AGREEMENTS,
        group=AGREEMENT,
    ),
    NavItem(
        "All incidents",
        "incidents:list",
        "Every incident, with its checklist, decisions, reports and evidence.",
        roles=INCIDENT_HANDLERS,
        module=Module.INCIDENTS,
        group=INCIDENTS,
    ),
    NavItem(
        "Log an incident",
        "incidents:add",
        "Cyberbullying, nude images, unwanted contact, inappropriate content and more.",
        roles=INCIDENT_LOGGERS,
        module=Module.INCIDENTS,
        group=INCIDENTS,
    ),
    NavItem(
        "Incidents you logged",
        "incidents:mine",
        "Where the incidents you logged stand.",
        roles=INCIDENT_LOGGERS,
        module=Module.INCIDENTS,
        group=INCIDENTS,
    ),
    NavItem(
        "Log a contact attempt",
        "incidents:contact",
        "A pupil or parent tried to “friend” or message you: two questions.",
        roles=INCIDENT_LOGGERS,
        module=Module.INCIDENTS,
        group=INCIDENTS,
    ),
    NavItem(
        "Complaints",
        "governance:complaints",
        "Complaints about the policy or how it was applied, at every stage, with their outcomes.",
        roles=GOVERNANCE_READERS,
        module=Module.COMPLAINTS,
        group=GOVERNORS,
        header_roles=GOVERNING_BODY,
    ),
    NavItem(
        "Figures by term",
        "governance:figures",
        "The term's figures as charts and tables, and the termly governors' pack (PDF).",
        roles=GOVERNANCE_READERS,
        group=GOVERNORS,
        header_roles=GOVERNING_BODY,
    ),
    NavItem(
        "Audit history",
        "governance:audit",
        "Every change to every record: who made it, when, and what changed.",
        roles=GOVERNANCE_READERS,
        group=GOVERNORS,
        header_roles=GOVERNING_BODY,
    ),
    NavItem(
        "Who viewed what",
        "governance:access-log",
        "Who looked at which incident, safeguarding report or signed agreement, and when.",
        roles=ACCESS_LOG_READERS,
        in_header=False,
    ),
    NavItem(
        "Incident checklists",
        "incidents:checklists",
        "The steps the policy requires for each kind of incident, each citing its clause.",
        roles=CHECKLIST_EDITORS,
        module=Module.INCIDENTS,
        in_header=False,
    ),
    NavItem(
        "Agreement text",
        "agreements:texts",
        "This year's agreement text, its versions and its translations.",
        roles=AGREEMENT_MANAGERS,
        module=Module.AGREEMENTS,
        in_header=False,
    ),
    NavItem(
        "Class lists",
        "agreements:roster",
        "The school's classes and children, imported from a CSV file.",
        roles=AGREEMENT_READERS,
        module=Module.AGREEMENTS,
        in_header=False,
    ),
    NavItem(
        "Reporting contacts",
        "schools:contacts",
        "How to report a problem to a social network, and mobile providers' nuisance-call help.",
        in_header=False,
    ),
    NavItem(
        "People",
        "people:list",
        "Invite staff and governors, change their roles, see when they last signed in.",
        roles=frozenset({Role.HEADTEACHER}),
        in_header=False,
    ),
    NavItem(
        "Retention and disposal",
        "retention:home",
        "How long records are kept, legal holds, the monthly review and the disposal log.",
        roles=frozenset({Role.HEADTEACHER}),
        in_header=False,
    ),
    NavItem(
        "Subject access requests",
        "subject_access:list",
        "Log a request for someone's records, export what the portal holds about them, "
        "and meet the one-month deadline.",
        roles=frozenset({Role.HEADTEACHER}),
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


# Stands for the school's slug while a page's path is worked out once. Any
# slug would do: the path holds it once, after the script prefix.
_SLUG_MARK = "school-slug-mark"


@cache
def _path_around_slug(url_name: str, script_prefix: str) -> tuple[str, str]:
    """The path of school page ``url_name``, before and after the school's slug."""
    path = reverse(url_name, kwargs={"school_slug": _SLUG_MARK})
    at = path.index(_SLUG_MARK, len(script_prefix) - 1)
    return path[:at], path[at + len(_SLUG_MARK) :]


def school_page(url_name: str, slug: str) -> str:
    """``reverse(url_name, kwargs={"school_slug": slug})``, with the URL patterns
    searched once a page name rather than on every request (the header has
    twenty-odd links)."""
    before, after = _path_around_slug(url_name, get_script_prefix())
    return before + slug + after


def navigation_for(membership: MemberRoles, current: str = "") -> list[NavLink]:
    """The pages ``membership`` may open; ``current``: the view name of the page shown."""
    slug = membership.school.slug
    return [
        NavLink(
            label=item.label,
            url=school_page(item.url_name, slug),
            description=item.description,
            in_header=item.in_header_for(membership),
            group=item.group,
            current=item.url_name == current,
        )
        for item in NAV_ITEMS
        if item.visible_to(membership)
    ]


@dataclass(frozen=True)
class HeaderEntry:
    """A link in the header, or a menu of the links of one group."""

    label: str
    links: list[NavLink]

    @property
    def is_menu(self) -> bool:
        return len(self.links) > 1

    @property
    def current(self) -> bool:
        """Whether the page shown is one of its links."""
        return any(link.current for link in self.links)

    @property
    def menu_id(self) -> str:
        return "menu-" + "-".join(self.label.lower().split())


def header_entries(links: list[NavLink]) -> list[HeaderEntry]:
    """The header's links in order, each group folded into one menu where it holds several."""
    entries: list[HeaderEntry] = []
    menus: dict[str, HeaderEntry] = {}
    for link in links:
        if not link.in_header:
            continue
        if not link.group:
            entries.append(HeaderEntry(link.label, [link]))
        elif link.group in menus:
            menus[link.group].links.append(link)
        else:
            menus[link.group] = HeaderEntry(link.group, [link])
            entries.append(menus[link.group])
    return entries
