"""The reporting contacts and settings pages cost the same queries at 5 and at 50 entries."""

from __future__ import annotations

import itertools
import re

import pytest
from django.urls import reverse

from schools.models import PhoneProviderDefault, SocialNetworkDefault
from schools.services import reference_default_publish
from tests.helpers.querycount import assert_queries_constant
from tests.schools.factories import reference_lists_in

_serial = itertools.count()


@pytest.fixture
def lists(school):
    reference_lists_in(school)
    return school


def add_entries(n: int) -> None:
    """``n`` more services in the platform's lists, passed on to every school."""
    for _ in range(n):
        k = next(_serial)
        network = SocialNetworkDefault.objects.create(
            key=f"network-{k}", name=f"Network {k}", help_url=f"https://help{k}.example/"
        )
        reference_default_publish(default=network, by=None)
        phone = PhoneProviderDefault.objects.create(
            key=f"phone-{k}", name=f"Phone {k}", pay_monthly="0800 000 000"
        )
        reference_default_publish(default=phone, by=None)


@pytest.mark.parametrize("page", ["schools:contacts", "schools:contacts-edit"])
def test_contact_pages_with_many_entries(lists, head, client_for, page):
    client = client_for(head)
    url = reverse(page, kwargs={"school_slug": "oakfield"})

    assert_queries_constant(lambda: client.get(url), add_entries)
    assert len(set(re.findall(r"Network \d+", client.get(url).text))) == 50


def test_settings_with_many_networks_to_block(lists, head, client_for):
    client = client_for(head)
    url = reverse("schools:settings", kwargs={"school_slug": "oakfield"})

    assert_queries_constant(lambda: client.get(url), add_entries)
