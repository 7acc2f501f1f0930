"""The platform's reference lists and each school's copy: services and Django admin."""

from __future__ import annotations

import datetime

import pytest
from django.test import Client

from accounts.models import User
from schools.models import PhoneProvider, PhoneProviderDefault, SocialNetwork, SocialNetworkDefault
from schools.reference_defaults import PHONE_PROVIDERS, SOCIAL_NETWORKS
from schools.services import (
    reference_default_publish,
    reference_defaults_ensure,
    reference_entry_reset,
    reference_entry_update,
    reference_lists_copy,
    school_ensure,
)
from tests.factories import SchoolFactory
from tests.schools.factories import network_in, reference_lists_in

CURRENT = {"Facebook", "Instagram", "Snapchat", "TikTok", "WhatsApp", "YouTube", "Roblox"}
CURRENT |= {"Discord", "X (formerly Twitter)"}


def test_the_defaults_keep_closed_services_retired_and_add_current_ones(db):
    reference_defaults_ensure()

    networks = {d.name: d for d in SocialNetworkDefault.objects.all()}
    phones = {d.name: d for d in PhoneProviderDefault.objects.all()}
    assert {name for name, d in networks.items() if not d.retired} >= CURRENT
    assert {name for name, d in networks.items() if d.retired} == {
        "BBM (BlackBerry Messenger)",
        "Vine",
    }
    assert {name for name, d in phones.items() if d.retired} == {"Orange", "T-Mobile"}
    assert "Twitter" not in networks


def test_the_defaults_link_only_to_help_centre_home_pages_over_https(db):
    reference_defaults_ensure()

    for default in SocialNetworkDefault.objects.all():
        for link in (default.help_url, default.rules_url, default.report_url, default.safety_url):
            assert not link or (link.startswith("https://") and link.count("/") <= 4), link
    for phone in PhoneProviderDefault.objects.all():
        assert not phone.website_url or phone.website_url.count("/") == 3, phone.website_url


def test_numbers_are_exactly_those_of_the_policy_and_marked_to_be_checked(db):
    reference_defaults_ensure()

    o2 = PhoneProviderDefault.objects.get(key="o2")
    assert (o2.from_mobile, o2.pay_as_you_go, o2.pay_monthly) == (
        "4445 or 202",
        "08705 678 678",
        "0870 241 0202",
    )
    for phone in PhoneProviderDefault.objects.filter(retired=False):
        assert phone.numbers_note == "As given in the school's policy; check before use."
    for retired in PhoneProviderDefault.objects.filter(retired=True):
        assert [retired.from_mobile, retired.pay_as_you_go, retired.pay_monthly] == [""] * 3
    assert not PhoneProviderDefault.objects.filter(last_checked__isnull=False).exists()


def test_ensuring_the_defaults_twice_creates_them_once_and_keeps_the_admins_edits(db):
    assert reference_defaults_ensure() == len(SOCIAL_NETWORKS) + len(PHONE_PROVIDERS)
    kik = SocialNetworkDefault.objects.get(key="kik")
    kik.retired = True
    kik.save()

    assert reference_defaults_ensure() == 0
    assert SocialNetworkDefault.objects.get(key="kik").retired


def test_a_new_school_gets_its_own_copy(db):
    reference_defaults_ensure()

    school = school_ensure(slug="elmwood", name="Elmwood Primary School")

    copies = SocialNetwork.objects.for_school(school)
    assert copies.count() == len(SOCIAL_NETWORKS)
    assert PhoneProvider.objects.for_school(school).count() == len(PHONE_PROVIDERS)
    assert not copies.filter(customised=True).exists()
    assert reference_lists_copy(school=school) == 0


def test_an_adjusted_entry_is_kept_and_a_matching_one_is_not_customised(school, head):
    network = network_in(school, "whatsapp")

    reference_entry_update(entry=network, by=head, hidden=False, advice="Report in the chat.")
    assert network.customised
    reference_entry_update(entry=network, by=head, hidden=False, advice="")
    assert not network.customised


def test_an_unknown_field_is_refused(school, head):
    with pytest.raises(ValueError, match="school"):
        reference_entry_update(entry=network_in(school), by=head, hidden=False, school=None)


def test_reset_records_who_reset_it(school, head):
    network = network_in(school, "discord")
    reference_entry_update(entry=network, by=head, hidden=False, name="Discord (13+)")

    assert reference_entry_reset(entry=network, by=head)

    assert network.name == "Discord"
    latest = network.history.latest()
    assert (latest.name, latest.history_user) == ("Discord", head)


def test_publishing_a_default_updates_schools_that_follow_it_and_spares_adjusted_ones(
    school, other_school, head
):
    ours, theirs = network_in(school, "roblox"), network_in(other_school, "roblox")
    reference_entry_update(entry=theirs, by=head, hidden=False, advice="Our own advice.")
    admin = User.objects.create_superuser("root@portal.test", "pw", full_name="Root")
    default = SocialNetworkDefault.objects.get(key="roblox")
    default.advice = "Parents can set limits in Roblox's parental controls."
    default.save()

    changed = reference_default_publish(default=default, by=admin)

    ours.refresh_from_db()
    theirs.refresh_from_db()
    assert changed == 1
    assert ours.advice == "Parents can set limits in Roblox's parental controls."
    assert ours.history.latest().history_user == admin
    assert theirs.advice == "Our own advice."


def test_a_new_default_reaches_every_active_school(school, other_school):
    reference_lists_in(school)
    reference_lists_in(other_school)
    default = SocialNetworkDefault.objects.create(key="twitch", name="Twitch", order=999)

    assert reference_default_publish(default=default, by=None) == 2

    assert SocialNetwork.objects.for_school(other_school).filter(default=default).exists()


def test_the_platform_administrator_edits_defaults_in_admin(school, client):
    reference_lists_in(school)
    admin = User.objects.create_superuser("root@portal.test", "pw", full_name="Root")
    client = Client()
    client.force_login(admin)
    vine = SocialNetworkDefault.objects.get(key="vine")
    data = {
        "key": "vine",
        "name": "Vine",
        "order": vine.order,
        "advice": "Vine closed in 2017.",
        "retired": "on",
        "last_checked": "2026-11-20",
    }

    response = client.post(f"/admin/schools/socialnetworkdefault/{vine.pk}/change/", data)

    assert response.status_code == 302
    vine.refresh_from_db()
    assert vine.last_checked == datetime.date(2026, 11, 20)
    ours = SocialNetwork.objects.for_school(school).get(default=vine)
    assert ours.advice == "Vine closed in 2017."
    delete = client.get(f"/admin/schools/socialnetworkdefault/{vine.pk}/delete/")
    assert delete.status_code == 403


def test_a_school_added_in_admin_starts_with_the_lists(db):
    reference_defaults_ensure()
    admin = User.objects.create_superuser("root@portal.test", "pw", full_name="Root")
    client = Client()
    client.force_login(admin)
    data = {
        "slug": "ashgrove",
        "name": "Ashgrove Primary School",
        "time_zone": "Europe/London",
        "academic_year_start_month": 9,
        "academic_year_start_day": 1,
        "overall_responsibility": "headteacher",
        "enabled_modules": "[]",
        "reminder_overdue_days": 5,
        "is_active": "on",
        **{
            f"{prefix}-{field}": value
            for prefix in ("-1", "-2")
            for field, value in (("TOTAL_FORMS", 0), ("INITIAL_FORMS", 0))
        },
    }

    response = client.post("/admin/schools/school/add/", data)

    assert response.status_code == 302, [
        (f.formset.prefix, f.formset.errors, f.formset.non_form_errors())
        for f in response.context["inline_admin_formsets"]
    ] + [response.context["adminform"].form.errors]
    school = SchoolFactory._meta.model.objects.get(slug="ashgrove")
    assert SocialNetwork.objects.for_school(school).count() == len(SOCIAL_NETWORKS)
