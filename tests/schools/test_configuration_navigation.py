"""Where the new pages are offered: the header for daily work, the home page for everything."""

from __future__ import annotations

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
