"""Web addresses as staff paste them: what is accepted, what is refused and why, the same site."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from forms_app.sites import check_site_url, registrable_domain


@pytest.mark.parametrize(
    ("url", "host", "domain"),
    [
        ("https://news.bbc.co.uk/schools", "news.bbc.co.uk", "bbc.co.uk"),
        ("http://www.bbc.co.uk/", "www.bbc.co.uk", "bbc.co.uk"),
        ("  https://www.youtube.com/watch?v=abc  ", "www.youtube.com", "youtube.com"),
        ("HTTPS://WWW.Example.ORG/Page", "www.example.org", "example.org"),
        ("https://192.168.1.20:8080/intranet", "192.168.1.20", "192.168.1.20"),
        ("https://schools.gov.uk.", "schools.gov.uk", "schools.gov.uk"),
    ],
)
def test_an_address_is_reduced_to_its_site(url, host, domain):
    site = check_site_url(url)

    assert (site.url, site.host, site.domain) == (url.strip(), host, domain)


def test_two_parts_of_one_site_share_a_registrable_domain():
    assert registrable_domain("news.bbc.co.uk") == registrable_domain("www.bbc.co.uk")
    assert registrable_domain("bbc.com") != registrable_domain("bbc.co.uk")


def refusal(url: str) -> str:
    with pytest.raises(ValidationError) as caught:
        check_site_url(url)
    return caught.value.messages[0]


def test_an_address_with_a_user_name_and_password_is_refused():
    assert "Remove the user name and password" in refusal("https://ann:secret@example.org/")
    assert "Remove the user name and password" in refusal("https://ann@example.org/")


@pytest.mark.parametrize(
    "url",
    ["ftp://files.example.org/", "javascript:alert(1)", "www.example.org/page", "mailto:a@b.c"],
)
def test_only_web_addresses_are_accepted(url):
    assert "starts with https:// or http://" in refusal(url)


def test_an_address_without_a_site_name_is_refused():
    assert "no site name" in refusal("https:///page")


def test_an_address_of_more_than_2048_characters_is_refused():
    url = "https://example.org/" + "a" * (2049 - len("https://example.org/"))

    assert len(url) == 2049
    assert "2,049 characters long; the most is 2,048" in refusal(url)
    assert check_site_url(url[:-1]).host == "example.org"


def test_an_empty_address_asks_for_one():
    assert "Enter the site's full address" in refusal("   ")


def test_spaces_and_nonsense_are_refused_clearly():
    assert "no spaces" in refusal("https://example.org/a page")
    assert "not a web address" in refusal("https://example.org:99999/")
    assert "not valid" in refusal("https://exa$mple.org/")
