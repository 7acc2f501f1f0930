"""The school, its people, classes, reviewers, training rules and reference lists."""

from __future__ import annotations

from schools.models import (
    Membership,
    PhoneProvider,
    PhoneProviderDefault,
    ReviewRoute,
    School,
    SocialNetworkDefault,
    TrainingRequirement,
    TrainingRule,
)
from schools.roles import RecordKind, Role, TrainingKind
from schools.services import (
    membership_grant,
    reference_defaults_ensure,
    reference_entry_update,
    review_routes_set,
    school_class_ensure,
    school_ensure,
    training_requirement_set,
)
from tests.audit.admin_forms import admin_change
from tests.audit.paths import (
    ADMIN,
    SERVICE,
    VIEW,
    Changed,
    World,
    path,
    written_by_load_demo,
)
from tests.factories import UserFactory
from tests.schools.factories import network_in, phone_in, reference_lists_in

written_by_load_demo(
    "schools.School",
    "schools.Membership",
    "schools.SchoolClass",
    "schools.ReviewRoute",
    "schools.TrainingRequirement",
    "schools.SocialNetworkDefault",
    "schools.PhoneProviderDefault",
    "schools.SocialNetwork",
    "schools.PhoneProvider",
)


def _reviewed_by_the_head(w: World) -> None:
    for kind in RecordKind:
        review_routes_set(school=w.school, kind=kind, roles=[Role.HEADTEACHER], by=w.head)


def _settings_saved(w: World, **changes: object) -> None:
    _reviewed_by_the_head(w)
    w.start()
    w.submit(w.head, "schools:settings", changes)


def _school(w: World) -> School:
    return School.objects.get(pk=w.school.pk)


# --- School -----------------------------------------------------------------------------------


@path("schools.School", VIEW, "settings")
def _school_view(w: World) -> Changed:
    _settings_saved(w, reminder_overdue_days="9")
    return Changed(w.school, w.head)


@path("schools.School", ADMIN, "change")
def _school_admin(w: World) -> Changed:
    admin_change(w.admin, _school(w), name="Oakfield Primary Academy")
    return Changed(w.school, w.admin)


@path("schools.School", SERVICE, "school_ensure")
def _school_service(w: World) -> Changed:
    school_ensure(slug=w.school.slug, name="Oakfield Primary Academy", by=w.admin)
    return Changed(w.school, w.admin)


# --- Membership -------------------------------------------------------------------------------


def _teachers_role(w: World) -> Membership:
    return Membership.objects.for_school(w.school).get(user=w.teacher)


@path("schools.Membership", ADMIN, "change")
def _membership_admin(w: World) -> Changed:
    membership = _teachers_role(w)
    admin_change(w.admin, membership, title="Year 3 teacher")
    return Changed(membership, w.admin)


@path("schools.Membership", SERVICE, "membership_grant")
def _membership_service(w: World) -> Changed:
    membership = membership_grant(
        school=w.school, user=UserFactory(), role=Role.ESAFETY, by=w.admin
    )
    return Changed(membership, w.admin)


# --- SchoolClass ------------------------------------------------------------------------------


@path("schools.SchoolClass", ADMIN, "change")
def _class_admin(w: World) -> Changed:
    school_class = school_class_ensure(school=w.school, name="Oak", year_group=3, by=w.admin)
    w.start()
    admin_change(w.admin, school_class, name="Oak (Year 3)")
    return Changed(school_class, w.admin)


@path("schools.SchoolClass", SERVICE, "school_class_ensure")
def _class_service(w: World) -> Changed:
    school_class = school_class_ensure(school=w.school, name="Oak", year_group=3, by=w.head)
    return Changed(school_class, w.head)


# --- ReviewRoute ------------------------------------------------------------------------------


@path("schools.ReviewRoute", VIEW, "settings")
def _route_view(w: World) -> Changed:
    _settings_saved(w, reviewers_incident=["headteacher", "dsl"])
    route = ReviewRoute.objects.for_school(w.school).get(kind=RecordKind.INCIDENT, role=Role.DSL)
    return Changed(route, w.head)


@path("schools.ReviewRoute", ADMIN, "change")
def _route_admin(w: World) -> Changed:
    _reviewed_by_the_head(w)
    route = ReviewRoute.objects.for_school(w.school).get(kind=RecordKind.INCIDENT)
    w.start()
    admin_change(w.admin, route, role=Role.DSL)
    return Changed(route, w.admin)


@path("schools.ReviewRoute", SERVICE, "review_routes_set")
def _route_service(w: World) -> Changed:
    review_routes_set(school=w.school, kind=RecordKind.INCIDENT, roles=[Role.DSL], by=w.head)
    return Changed(ReviewRoute.objects.for_school(w.school).get(), w.head)


# --- TrainingRequirement ----------------------------------------------------------------------

EVERY_TWO_YEARS = TrainingRule(required=True, refresh_months=24)


def _briefing_rule(w: World) -> TrainingRequirement:
    return TrainingRequirement.objects.for_school(w.school).get(kind=TrainingKind.ESAFETY_BRIEFING)


@path("schools.TrainingRequirement", VIEW, "settings")
def _requirement_view(w: World) -> Changed:
    _settings_saved(w, training_esafety_briefing="24")
    return Changed(_briefing_rule(w), w.head)


@path("schools.TrainingRequirement", ADMIN, "change")
def _requirement_admin(w: World) -> Changed:
    kind = TrainingKind.ESAFETY_BRIEFING
    training_requirement_set(school=w.school, kind=kind, rule=EVERY_TWO_YEARS, by=w.head)
    w.start()
    admin_change(w.admin, _briefing_rule(w), refresh_months="36")
    return Changed(_briefing_rule(w), w.admin)


@path("schools.TrainingRequirement", SERVICE, "training_requirement_set")
def _requirement_service(w: World) -> Changed:
    kind = TrainingKind.ESAFETY_BRIEFING
    training_requirement_set(school=w.school, kind=kind, rule=EVERY_TWO_YEARS, by=w.head)
    return Changed(_briefing_rule(w), w.head)


# --- The platform's reference lists -----------------------------------------------------------


@path("schools.SocialNetworkDefault", ADMIN, "change")
def _network_default_admin(w: World) -> Changed:
    reference_defaults_ensure()
    default = SocialNetworkDefault.objects.get(key="instagram")
    w.start()
    admin_change(w.admin, default, advice="Report it, then block the account.")
    return Changed(default, w.admin)


@path("schools.SocialNetworkDefault", SERVICE, "reference_defaults_ensure")
def _network_default_service(w: World) -> Changed:
    reference_defaults_ensure(by=w.admin)
    return Changed(SocialNetworkDefault.objects.get(key="instagram"), w.admin)


@path("schools.PhoneProviderDefault", ADMIN, "change")
def _phone_default_admin(w: World) -> Changed:
    reference_defaults_ensure()
    default = PhoneProviderDefault.objects.get(key="ee")
    w.start()
    admin_change(w.admin, default, advice="Call from the phone the calls come to.")
    return Changed(default, w.admin)


@path("schools.PhoneProviderDefault", SERVICE, "reference_defaults_ensure")
def _phone_default_service(w: World) -> Changed:
    reference_defaults_ensure(by=w.admin)
    return Changed(PhoneProviderDefault.objects.get(key="ee"), w.admin)


# --- The school's copies of them --------------------------------------------------------------


@path("schools.SocialNetwork", VIEW, "network-edit")
def _network_view(w: World) -> Changed:
    entry = network_in(w.school)
    w.start()
    w.submit(w.head, "schools:network-edit", {"hidden": "on"}, entry_id=entry.public_id)
    return Changed(entry, w.head)


@path("schools.SocialNetwork", ADMIN, "change")
def _network_admin(w: World) -> Changed:
    entry = network_in(w.school)
    w.start()
    admin_change(w.admin, entry, hidden="on")
    return Changed(entry, w.admin)


@path("schools.SocialNetwork", ADMIN, "platform default published")
def _network_published(w: World) -> Changed:
    entry = network_in(w.school)
    w.start()
    admin_change(w.admin, entry.default, name="Instagram (Meta)")
    return Changed(entry, w.admin)


@path("schools.SocialNetwork", SERVICE, "reference_entry_update")
def _network_service(w: World) -> Changed:
    entry = network_in(w.school)
    w.start()
    reference_entry_update(entry=entry, by=w.head, hidden=True)
    return Changed(entry, w.head)


@path("schools.PhoneProvider", VIEW, "phone-edit")
def _phone_view(w: World) -> Changed:
    entry = phone_in(w.school)
    w.start()
    w.submit(w.head, "schools:phone-edit", {"hidden": "on"}, entry_id=entry.public_id)
    return Changed(entry, w.head)


@path("schools.PhoneProvider", ADMIN, "change")
def _phone_admin(w: World) -> Changed:
    entry = phone_in(w.school)
    w.start()
    admin_change(w.admin, entry, hidden="on")
    return Changed(entry, w.admin)


@path("schools.PhoneProvider", SERVICE, "reference_entry_update")
def _phone_service(w: World) -> Changed:
    reference_lists_in(w.school)
    entry = PhoneProvider.objects.for_school(w.school).get(default__key="ee")
    w.start()
    reference_entry_update(entry=entry, by=w.head, hidden=True)
    return Changed(entry, w.head)
