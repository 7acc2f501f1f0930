"""Where the new pages are offered: the header for daily work, the home page for everything."""

from __future__ import annotations

import pytest
from django.urls import reverse, set_script_prefix

from schools.navigation import NAV_ITEMS, school_page
from schools.roles import Module, RecordKind, Role
from tests.factories import ReviewRouteFactory, member
from tests.helpers.html import parse


def links(html: str, container: str) -> set[str]:
    root = parse(html)
    (area,) = root.find_all("nav") if container == "nav" else root.find_all("main")
    return {a.all_text().strip() for a in area.find_all("a")}


def test_the_headteacher_finds_settings_and_contacts_on_the_home_page(head, client_for):
    page = client_for(head).get("/oakfield/").text

    assert {"Staff training", "Reporting contacts", "School settings"} <= links(page, "main")
    header = links(page, "nav")
    assert "Staff training" in header
    assert not {"Reporting contacts", "School settings"} & header


def test_a_teacher_is_offered_the_contacts_but_not_the_training_log(teacher, client_for):
    home = links(client_for(teacher).get("/oakfield/").text, "main")

    assert "Reporting contacts" in home
    assert not {"Staff training", "School settings"} & home


def test_a_governor_reads_the_training_log(governor, client_for):
    assert "Staff training" in links(client_for(governor).get("/oakfield/").text, "nav")


def filtering_menu(html: str) -> set[str]:
    """The links in the header's "Web filtering" menu (a lone link stands on its own)."""
    root = parse(html)
    (nav,) = root.find_all("nav")
    menus = [
        ul
        for ul in nav.find_all("ul")
        if "dropdown-menu" in ul.classes()
        and ul.attrs.get("aria-labelledby") == "menu-web-filtering"
    ]
    return {a.all_text().strip() for menu in menus for a in menu.find_all("a")}


def test_a_teacher_files_requests_and_reports_from_the_filtering_menu(teacher, client_for):
    menu = filtering_menu(client_for(teacher).get("/oakfield/").text)

    assert menu == {"Access requests", "Content reports"}


def test_the_headteacher_decides_when_no_one_else_is_configured(head, client_for):
    menu = filtering_menu(client_for(head).get("/oakfield/").text)

    assert {"Requests to decide", "Reports to act on", "Filtering to-do"} <= menu
    assert "Filtering register" in menu


def test_the_esafety_team_decides_where_the_school_routes_requests_to_it(school, client_for):
    esafety = member(school, Role.ESAFETY)
    ReviewRouteFactory(school=school, kind=RecordKind.ACCESS_REQUEST, role=Role.ESAFETY)

    menu = filtering_menu(client_for(esafety).get("/oakfield/").text)

    assert "Requests to decide" in menu
    assert "Reports to act on" not in menu  # reports still go to the headteacher


def test_the_dsl_sees_reports_but_does_not_decide_requests(dsl, client_for):
    menu = filtering_menu(client_for(dsl).get("/oakfield/").text)

    assert "Reports to act on" in menu
    assert "Requests to decide" not in menu


def test_the_network_manager_has_the_to_do_and_the_register(school, client_for):
    network = member(school, Role.NETWORK_MANAGER)

    menu = filtering_menu(client_for(network).get("/oakfield/").text)

    assert menu == {"Filtering to-do", "Filtering register"}


def test_a_governor_has_the_register_as_a_plain_link(governor, client_for):
    page = client_for(governor).get("/oakfield/").text

    assert "Filtering register" in links(page, "nav")
    assert not filtering_menu(page)


def agreement_menu(html: str) -> set[str]:
    root = parse(html)
    (nav,) = root.find_all("nav")
    return {
        a.all_text().strip()
        for ul in nav.find_all("ul", **{"aria-labelledby": "menu-agreements"})
        for a in ul.find_all("a")
    }


def test_the_agreement_menu_follows_the_role_and_the_module(school, teacher, governor, client_for):
    volunteer = member(school, Role.VOLUNTEER)

    assert agreement_menu(client_for(teacher).get("/oakfield/").text) == {
        "Agreement coverage",
        "Start a kiosk",
        "Signing links",
        "Record a paper copy",
    }
    # A volunteer helps at the parents' evening without seeing families' records.
    assert "Start a kiosk" in links(client_for(volunteer).get("/oakfield/").text, "nav")
    assert "Agreement coverage" not in links(client_for(volunteer).get("/oakfield/").text, "nav")
    assert "Start a kiosk" not in links(client_for(governor).get("/oakfield/").text, "nav")
    school.enabled_modules = [m for m in school.enabled_modules if m != Module.AGREEMENTS]
    school.save()
    assert "Start a kiosk" not in links(client_for(teacher).get("/oakfield/").text, "nav")


@pytest.mark.parametrize("slug", ["oakfield", "school-slug-mark", "a", "norris-bank-2"])
def test_every_link_is_the_address_django_gives_the_page(slug):
    for item in NAV_ITEMS:
        assert school_page(item.url_name, slug) == reverse(
            item.url_name, kwargs={"school_slug": slug}
        )


def test_a_portal_served_under_a_prefix_links_within_it():
    set_script_prefix("/portal/")
    try:
        assert school_page("incidents:list", "oakfield") == "/portal/oakfield/incidents/"
    finally:
        set_script_prefix("/")
    assert school_page("incidents:list", "oakfield") == "/oakfield/incidents/"


def test_each_link_of_the_headteachers_header_opens(head, client_for):
    client = client_for(head)
    page = parse(client.get("/oakfield/").text)
    (nav,) = page.find_all("nav")
    hrefs = {
        a.attrs["href"]
        for a in nav.find_all("a")
        if a.attrs.get("href", "").startswith("/oakfield/")
    }

    assert len(hrefs) > 5
    assert {href: client.get(href).status_code for href in hrefs} == dict.fromkeys(hrefs, 200)


def test_the_header_marks_the_page_shown_and_its_menu(head, client_for):
    page = parse(client_for(head).get("/oakfield/access-requests/queue/").text)
    (nav,) = page.find_all("nav")
    current = [a for a in nav.find_all("a") if a.attrs.get("aria-current") == "page"]
    open_menus = [
        button
        for button in nav.find_all("button")
        if "dropdown-toggle" in button.classes() and "active" in button.classes()
    ]

    assert [a.attrs["href"] for a in current] == ["/oakfield/access-requests/queue/"]
    assert "active" in current[0].classes()
    assert [button.all_text().strip() for button in open_menus] == ["Web filtering"]


def test_the_home_page_marks_home_and_no_menu(head, client_for):
    page = parse(client_for(head).get("/oakfield/").text)
    (nav,) = page.find_all("nav")
    current = [a for a in nav.find_all("a") if a.attrs.get("aria-current") == "page"]

    assert [a.attrs["href"] for a in current] == ["/oakfield/"]
    assert not [b for b in nav.find_all("button") if "active" in b.classes()]
