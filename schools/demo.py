"""The demo schools and accounts: a fixed contract that tests rely on (PRODUCT.md §6).

The people are fictional. The schools' real policies name real staff; those
names appear only in the policy text, never as demo accounts.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from django.db import transaction
from django.utils.module_loading import import_string

from accounts.models import User
from accounts.services import user_ensure
from schools.models import OverallResponsibility, School, SocialNetwork, TrainingRule, YearGroup
from schools.roles import Module, RecordKind, Role, TrainingKind
from schools.services import (
    blocked_networks_set,
    membership_grant,
    reference_defaults_ensure,
    reference_lists_copy,
    review_routes_set,
    school_class_ensure,
    school_ensure,
    training_requirement_set,
)

DEMO_PASSWORD = "portal-demo"  # noqa: S105 - the published demo password
ADMIN_EMAIL = "admin@portal.example"
DEMO_ACCOUNT_PREFIXES = (
    "head",
    "dsl",
    "esafety",
    "teacher",
    "support",
    "network",
    "governor",
    "clerk",
)


@dataclass(frozen=True)
class DemoPerson:
    prefix: str
    full_name: str
    roles: tuple[Role, ...]
    title: str = ""


@dataclass(frozen=True)
class DemoSchool:
    slug: str
    name: str
    overall_responsibility: OverallResponsibility
    modules: tuple[Module, ...]
    routes: dict[RecordKind, tuple[Role, ...]]
    people: tuple[DemoPerson, ...]
    # Kinds of training not listed follow the platform's defaults.
    training: dict[TrainingKind, TrainingRule] = field(default_factory=dict)
    # What the filter blocks: keys of the platform's social networks, or all.
    blocked: tuple[str, ...] = ()
    blocks_all_social_media: bool = False
    filtering_provider: str = ""
    blocking_note: str = ""


CHESTNUTS = DemoSchool(
    slug="chestnuts",
    name="Chestnuts Primary School",
    # Chestnuts 1.1: the headteacher has overall responsibility.
    overall_responsibility=OverallResponsibility.HEADTEACHER,
    modules=tuple(Module),
    routes={
        # Chestnuts 7.4-7.5: requests go to the headteacher, whose decision is final.
        RecordKind.ACCESS_REQUEST: (Role.HEADTEACHER,),
        # Chestnuts 5.16, 7.3: inappropriate content is reported to the headteacher.
        RecordKind.CONTENT_REPORT: (Role.HEADTEACHER,),
        # Chestnuts 8.2: the anti-bullying and child protection chain.
        RecordKind.INCIDENT: (Role.HEADTEACHER, Role.DSL),
        # Chestnuts 1.3: the governing body handles complaints.
        RecordKind.COMPLAINT: (Role.GOVERNOR,),
    },
    people=(
        DemoPerson("head", "Harriet Hale", (Role.HEADTEACHER,), "Headteacher"),
        DemoPerson("dsl", "Dev Dhillon", (Role.DSL,), "Designated safeguarding lead"),
        DemoPerson("esafety", "Erin Evans", (Role.ESAFETY,), "E-safety lead"),
        DemoPerson("teacher", "Tom Turner", (Role.TEACHER,), "Class teacher, Year 4"),
        DemoPerson("support", "Sam Shaw", (Role.SUPPORT,), "Teaching assistant"),
        DemoPerson(
            "network",
            "Nia Newton",
            (Role.NETWORK_MANAGER,),
            "Network manager (filtering through LGfL)",
        ),
        DemoPerson("governor", "Gary Gordon", (Role.GOVERNOR,), "Governor"),
        DemoPerson("clerk", "Clara Cole", (Role.CLERK,), "Clerk to the governors"),
    ),
    training={
        # Chestnuts 3.2: the policy is part of Safeguarding and Staff Conduct training.
        TrainingKind.SOCIAL_MEDIA_POLICY: TrainingRule(required=True, refresh_months=12),
        # Chestnuts 3.3: "regular and ongoing briefings".
        TrainingKind.ESAFETY_BRIEFING: TrainingRule(required=True, refresh_months=12),
    },
    # Chestnuts 7.1: "Facebook, Instagram, Snapchat, among others", through LGfL.
    blocked=("facebook", "instagram", "snapchat"),
    filtering_provider="London Grid for Learning (LGfL)",
    blocking_note=(
        "Facebook, Instagram and Snapchat are blocked, among others. Blocked content is "
        "managed as part of the school's membership of the London Grid for Learning network."
    ),
)

NORRIS_BANK = DemoSchool(
    slug="norris-bank",
    name="Norris Bank Primary School",
    # Norris Bank 1: the governing body has overall responsibility.
    overall_responsibility=OverallResponsibility.GOVERNING_BODY,
    # The policy has no parents' agreement; a school can switch it on later.
    modules=(
        Module.ACCESS_REQUESTS,
        Module.CONTENT_REPORTS,
        Module.INCIDENTS,
        Module.COMPLAINTS,
        # Norris Bank 4: safeguarding induction and on-going e-safety training.
        Module.TRAINING,
    ),
    routes={
        # The policy has no access request form: requests go to the e-safety team.
        RecordKind.ACCESS_REQUEST: (Role.ESAFETY,),
        # Norris Bank 7: report to the e-safety team (or the class teacher).
        RecordKind.CONTENT_REPORT: (Role.ESAFETY,),
        RecordKind.INCIDENT: (Role.HEADTEACHER, Role.DSL, Role.ESAFETY),
        # Norris Bank 1: the governing body handles complaints.
        RecordKind.COMPLAINT: (Role.GOVERNOR,),
    },
    people=(
        # Norris Bank 2.1: the headteacher is on the e-safety team.
        DemoPerson("head", "Hannah Holt", (Role.HEADTEACHER, Role.ESAFETY), "Headteacher"),
        DemoPerson("dsl", "Dara Doyle", (Role.DSL,), "Designated safeguarding lead"),
        DemoPerson("esafety", "Ella Ellis", (Role.ESAFETY,), "Curriculum team – Computing"),
        DemoPerson("teacher", "Theo Tran", (Role.TEACHER,), "Class teacher, Year 2"),
        DemoPerson("support", "Sophie Sharp", (Role.SUPPORT,), "School business manager"),
        # Norris Bank 2.2: the network manager works for an outside IT company.
        DemoPerson(
            "network",
            "Nick North",
            (Role.NETWORK_MANAGER,),
            "Network manager (external IT services company)",
        ),
        DemoPerson("governor", "Grace Green", (Role.GOVERNOR,), "Governor"),
        DemoPerson("clerk", "Colin Crane", (Role.CLERK,), "Clerk to the governors"),
    ),
    training={
        # Norris Bank 4: the Social Media Policy is taught in the safeguarding
        # induction, so it is not a separate requirement…
        TrainingKind.SAFEGUARDING_INDUCTION: TrainingRule(required=True),
        TrainingKind.SOCIAL_MEDIA_POLICY: TrainingRule(required=False),
        # …and e-safety training is "regular and on-going".
        TrainingKind.ESAFETY_BRIEFING: TrainingRule(required=True, refresh_months=12),
    },
    # Norris Bank 7: "All social media websites are blocked by the network's firewalls".
    blocks_all_social_media=True,
    filtering_provider="The school's network manager (an IT services company)",
    blocking_note="All social media websites are blocked by the network's firewalls.",
)

DEMO_SCHOOLS = (CHESTNUTS, NORRIS_BANK)

# Each feature's demo records for a school: dotted paths of functions taking
# (school, {"head": user, "dsl": user, …}). They must be idempotent too.
DEMO_RECORD_LOADERS: list[str] = [
    "policies.demo.load_policy",
    "training.demo.load_training",
    "forms_app.demo.load_requests_and_reports",
    "agreements.demo.load_agreements",
    "incidents.demo.load_incidents",
    "governance.complaints.demo.load_complaints",
    "subject_access.demo.load_requests",
]


def demo_email(prefix: str, slug: str) -> str:
    return f"{prefix}@{slug}.example"


def _load_school(spec: DemoSchool) -> School:
    school = school_ensure(
        slug=spec.slug,
        name=spec.name,
        time_zone="Europe/London",
        overall_responsibility=spec.overall_responsibility,
        enabled_modules=[str(module) for module in spec.modules],
        is_active=True,
        blocks_all_social_media=spec.blocks_all_social_media,
        filtering_provider=spec.filtering_provider,
        blocking_note=spec.blocking_note,
    )
    _configure(school, spec)
    for year_group in YearGroup:
        school_class_ensure(school=school, name=year_group.label, year_group=year_group.value)
    people: dict[str, User] = {}
    for person in spec.people:
        user, _ = user_ensure(
            email=demo_email(person.prefix, spec.slug),
            full_name=person.full_name,
            password=DEMO_PASSWORD,
        )
        for role in person.roles:
            membership_grant(school=school, user=user, role=role, title=person.title)
        people[person.prefix] = user
    for path in DEMO_RECORD_LOADERS:
        loader: Callable[[School, dict[str, User]], None] = import_string(path)
        loader(school, people)
    return school


def _configure(school: School, spec: DemoSchool) -> None:
    """Review routes, training, reference lists and what is blocked, as the policy says."""
    for kind, roles in spec.routes.items():
        review_routes_set(school=school, kind=kind, roles=roles)
    for training_kind, rule in spec.training.items():
        training_requirement_set(school=school, kind=training_kind, rule=rule)
    reference_lists_copy(school=school)
    networks = SocialNetwork.objects.for_school(school).select_related("default")
    blocked_networks_set(
        school=school, blocked=[n for n in networks if n.default.key in spec.blocked]
    )


@transaction.atomic
def load_demo() -> list[School]:
    """Create or bring up to date both demo schools. Running it again changes nothing."""
    user_ensure(
        email=ADMIN_EMAIL,
        full_name="Platform Administrator",
        password=DEMO_PASSWORD,
        is_platform_admin=True,
    )
    reference_defaults_ensure()
    return [_load_school(spec) for spec in DEMO_SCHOOLS]
