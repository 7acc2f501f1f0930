"""Reporting contacts (Appendices 4-5): the list staff read, and the headteacher's edits."""

from __future__ import annotations

import pytest
from django.urls import reverse

from schools.models import PhoneProvider, SocialNetwork
from schools.roles import Role
from schools.services import blocked_networks_set, reference_entry_update
from tests.helpers.dbstate import snapshot
from tests.helpers.isolation import assert_outsider_404_member_403
from tests.schools.factories import network_in, phone_in, reference_lists_in


def url(name: str, **kwargs: object) -> str:
    return reverse(f"schools:{name}", kwargs={"school_slug": "oakfield", **kwargs})


@pytest.fixture
def lists(school):
    reference_lists_in(school)
    return school


# --- The list every member reads -------------------------------------------------


def test_any_member_may_read_it_and_outsiders_may_not(lists):
    assert_outsider_404_member_403("schools:contacts", school=lists, methods=["GET"])


def test_shows_current_services_with_their_help_centres(lists, teacher, client_for):
    page = client_for(teacher).get(url("contacts")).text

    assert '<a href="https://help.instagram.com/" rel="noopener noreferrer">' in page
    assert "Instagram help centre</a>" in page
    assert ">TikTok" in page
    assert ">X (formerly Twitter)" in page
    assert ">Roblox" in page


def test_services_that_no_longer_exist_are_listed_apart_with_what_became_of_them(
    lists, teacher, client_for
):
    page = client_for(teacher).get(url("contacts")).text

    retired = page[page.index("No longer available") :]
    assert "<strong>Vine</strong>: Vine closed in 2017" in retired
    assert "<strong>Orange</strong>: Orange&#x27;s UK mobile network is now EE" in retired
    assert "07973 100 450" not in page  # an old brand's number is never shown


def test_phone_numbers_are_marked_as_the_policys_and_to_be_checked(lists, teacher, client_for):
    page = client_for(teacher).get(url("contacts")).text

    assert "<dt>Pay as you go</dt><dd>0800 956 6000</dd>" in page
    assert "As given in the school&#x27;s policy; check before use." in page
    assert "Not yet checked against the service's own website." in page


def test_shows_what_the_schools_filter_blocks(lists, teacher, client_for):
    blocked_networks_set(
        school=lists, blocked=[network_in(lists, "facebook"), network_in(lists, "snapchat")]
    )

    page = client_for(teacher).get(url("contacts")).text

    assert "Blocked on the school's network: Facebook, Snapchat." in page
    assert page.count("Blocked in school</span>") == 2


def test_a_school_that_blocks_all_social_media_says_so(lists, teacher, client_for):
    lists.blocks_all_social_media = True
    lists.save()

    page = client_for(teacher).get(url("contacts")).text

    assert "All social media is blocked on the school's network." in page


def test_hidden_entries_are_left_out(lists, head, teacher, client_for):
    kik = network_in(lists, "kik")
    reference_entry_update(entry=kik, by=head, hidden=True)

    assert "Kik Messenger" not in client_for(teacher).get(url("contacts")).text


def test_shows_only_this_schools_lists(lists, other_school, head, teacher, client_for):
    theirs = network_in(other_school, "discord")
    reference_entry_update(entry=theirs, by=head, hidden=False, name="Riverside Discord")

    assert "Riverside Discord" not in client_for(teacher).get(url("contacts")).text


def test_only_the_headteacher_is_offered_the_edit_page(lists, head, teacher, client_for):
    assert "Edit the school's lists" in client_for(head).get(url("contacts")).text
    assert "Edit the school's lists" not in client_for(teacher).get(url("contacts")).text


def test_the_list_refuses_post(lists, teacher, client_for):
    assert client_for(teacher).post(url("contacts")).status_code == 405


# --- The headteacher's edit pages ------------------------------------------------


def test_only_the_headteacher_may_edit(lists):
    network, phone = network_in(lists), phone_in(lists)
    guarded = [
        ("schools:contacts-edit", {}),
        ("schools:network-edit", {"entry_id": network.public_id}),
        ("schools:network-reset", {"entry_id": network.public_id}),
        ("schools:phone-edit", {"entry_id": phone.public_id}),
        ("schools:phone-reset", {"entry_id": phone.public_id}),
    ]
    for name, kwargs in guarded:
        assert_outsider_404_member_403(
            name, school=lists, roles={Role.HEADTEACHER}, url_kwargs=kwargs
        )


def test_another_schools_entry_is_not_found(lists, other_school, head, client_for):
    theirs = network_in(other_school)

    response = client_for(head).get(url("network-edit", entry_id=theirs.public_id))

    assert response.status_code == 404


def test_editing_an_entry_marks_it_adjusted_and_records_who(lists, head, client_for):
    snapchat = network_in(lists, "snapchat")
    data = {
        "name": "Snapchat",
        "help_url": "https://help.snapchat.com/",
        "report_url": "https://help.snapchat.com/hc/requests/new",
        "advice": "Ask the child to show you how they report in the app.",
    }

    response = client_for(head).post(url("network-edit", entry_id=snapchat.public_id), data)

    assert response.status_code == 302
    assert response["Location"] == url("contacts-edit")
    snapchat.refresh_from_db()
    assert snapchat.report_url == "https://help.snapchat.com/hc/requests/new"
    assert snapchat.customised
    assert snapchat.history.latest().history_user == head
    listing = client_for(head).get(url("contacts-edit")).text
    assert "Reset Snapchat to the platform's entry" in listing


def test_editing_a_phone_providers_numbers(lists, head, client_for):
    ee = phone_in(lists, "ee")
    data = {
        "name": "EE",
        "from_mobile": "150",
        "pay_as_you_go": "0800 079 8586",
        "pay_monthly": "0800 079 8586",
        "numbers_note": "Checked with EE by the school office, March 2026.",
        "website_url": "https://ee.co.uk/",
    }

    client_for(head).post(url("phone-edit", entry_id=ee.public_id), data)

    ee.refresh_from_db()
    assert ee.pay_as_you_go == "0800 079 8586"
    assert ee.customised


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("help_url", "javascript:alert(1)", "Enter a valid URL."),
        ("help_url", "ftp://help.example/", "Enter a web address starting https:// (or http://)."),
        ("name", "", "This field is required."),
        ("name", "Snap\x00chat", "Null characters are not allowed."),
        ("advice", "a\u202eb", "Remove the invisible or control characters from this text."),
    ],
)
def test_bad_input_is_explained_and_nothing_saved(lists, head, client_for, field, value, message):
    snapchat = network_in(lists, "snapchat")
    data = {"name": "Snapchat", "help_url": "https://help.snapchat.com/", field: value}
    before = snapshot()

    response = client_for(head).post(url("network-edit", entry_id=snapchat.public_id), data)

    assert response.status_code == 200
    assert f'id="error_1_id_{field}"><strong>' in response.text
    assert f"<strong>{message}</strong>" in response.text
    assert before.changes(snapshot()) == {}


@pytest.mark.parametrize("value", ["0800-956-6000", "call 150", "150 or", "+44 (0)800 956"])
def test_phone_numbers_must_be_digits(lists, head, client_for, value):
    ee = phone_in(lists, "ee")
    before = snapshot()

    response = client_for(head).post(
        url("phone-edit", entry_id=ee.public_id), {"name": "EE", "pay_monthly": value}
    )

    assert 'id="error_1_id_pay_monthly"' in response.text
    assert before.changes(snapshot()) == {}


def test_reset_brings_back_the_platforms_entry(lists, head, client_for):
    youtube = network_in(lists, "youtube")
    reference_entry_update(entry=youtube, by=head, hidden=True, name="YouTube Kids")

    response = client_for(head).post(url("network-reset", entry_id=youtube.public_id))

    assert response.status_code == 302
    youtube.refresh_from_db()
    assert (youtube.name, youtube.customised) == ("YouTube", False)
    assert youtube.hidden  # hiding is the school's choice, not part of the entry


def test_reset_by_get_changes_nothing(lists, head, client_for):
    youtube = network_in(lists, "youtube")
    reference_entry_update(entry=youtube, by=head, hidden=False, name="YouTube Kids")

    response = client_for(head).get(url("network-reset", entry_id=youtube.public_id))

    assert response.status_code == 302
    youtube.refresh_from_db()
    assert youtube.name == "YouTube Kids"


def test_the_edit_page_lists_every_entry(lists, head, client_for):
    page = client_for(head).get(url("contacts-edit")).text

    count = SocialNetwork.objects.for_school(lists).count()
    count += PhoneProvider.objects.for_school(lists).count()
    assert page.count('aria-label="Edit ') == count
    assert "BBM (BlackBerry Messenger)</th>" in page
