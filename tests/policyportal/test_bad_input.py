"""Malformed requests: never a 500, always a page that says what happened."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.factories import TEST_PASSWORD

LOGIN_URL = reverse("accounts:login")
NOT_FOUND = "There is no page at this address, or you do not have access to it."
BAD_REQUEST = "The portal could not understand that request"

MALFORMED_PATHS = [
    "/oakfield/%00/",
    "/oakfield%00/",
    "/%00",
    "/oakfield/../admin/",
    "/oakfield/%2e%2e/admin/",
    "/oakfield/%ff%fe/",
    "/" + "a" * 5000 + "/x/",
    "/oakfield/" + "b" * 5000 + "/",
    "/oakfield/<script>alert(1)</script>/",
]


@pytest.mark.parametrize("path", MALFORMED_PATHS)
def test_malformed_address_is_not_found_for_a_member(teacher, client_for, path):
    response = client_for(teacher).get(path)

    assert response.status_code == 404
    assert NOT_FOUND in response.text
    assert "<script>alert(1)</script>" not in response.text


@pytest.mark.parametrize("path", MALFORMED_PATHS)
def test_malformed_address_is_not_found_for_a_visitor(client, school, path):
    response = client.get(path)

    assert response.status_code == 404
    assert NOT_FOUND in response.text


def test_very_long_school_address_asks_a_visitor_to_sign_in(client, school):
    path = "/" + "c" * 10_000 + "/"

    response = client.get(path)

    assert response.status_code == 302
    assert response["Location"] == f"/accounts/login/?next={path}"


def test_very_long_school_address_is_not_found_for_a_member(teacher, client_for):
    response = client_for(teacher).get("/" + "c" * 10_000 + "/")

    assert response.status_code == 404
    assert NOT_FOUND in response.text


@pytest.mark.parametrize(
    "host",
    [
        "x" * 5_000,
        "evil.example",
        "portal.example:99999999",
        "bad host with spaces",
        "\u00e9vil.example",
        "localhost@evil.example",
    ],
)
@pytest.mark.parametrize("path", ["/", "/accounts/login/", "/oakfield/"])
def test_garbage_host_header_is_a_bad_request(client, school, host, path):
    response = client.get(path, HTTP_HOST=host)

    assert response.status_code == 400
    assert BAD_REQUEST in response.text


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({}, "This field is required."),
        ({"username": "teacher@oakfield.test"}, "This field is required."),
        ({"password": "whatever-it-is"}, "This field is required."),
        ({"username": "", "password": ""}, "This field is required."),
        (
            {"username": "teacher\x00@oakfield.test", "password": "x"},
            "Null characters are not allowed.",
        ),
        (
            {"username": "teacher@oakfield.test", "password": "pass\x00word"},
            "Null characters are not allowed.",
        ),
        ({"username": "a" * 1_000_000, "password": "x"}, "Ensure this value has at most 254"),
        ({"username": "not an email", "password": "x"}, "Enter a valid email address."),
        (
            {"username": "teacher@oakfield.test", "password": "p" * 1_000_000},
            "That email address and password do not match an account.",
        ),
    ],
    ids=[
        "nothing",
        "no password",
        "no email",
        "both empty",
        "NUL in email",
        "NUL in password",
        "1 MB email",
        "not an email",
        "1 MB password",
    ],
)
def test_bad_login_form_is_explained_and_signs_nobody_in(client, teacher, data, message):
    response = client.post(LOGIN_URL, data)

    assert response.status_code == 200
    assert message in response.text
    assert "_auth_user_id" not in client.session


def test_login_form_with_repeated_fields_is_handled(client, teacher):
    response = client.post(
        LOGIN_URL,
        "username=a%40b.test&username=teacher%40oakfield.test&password=x&password=y",
        content_type="application/x-www-form-urlencoded",
    )

    assert response.status_code == 200
    assert "do not match an account" in response.text


def test_login_form_sent_as_json_is_explained(client, teacher):
    response = client.post(LOGIN_URL, {"username": "x"}, content_type="application/json")

    assert response.status_code == 200
    assert "This field is required." in response.text


def test_oversized_form_is_a_bad_request_not_an_error(client, teacher):
    response = client.post(LOGIN_URL, {"username": "x", "password": "p" * 3_000_000})

    assert response.status_code == 400
    assert BAD_REQUEST in response.text


@pytest.mark.parametrize(
    ("next_url", "location", "then"),
    [
        ("/\x00/nothing-here", "/%00/nothing-here", 404),
        ("/oakfield/" + "n" * 5_000, "/accounts/welcome/", 302),
        ("/oakfield/\r\nSet-Cookie: stolen=1", "/oakfield/%0D%0ASet-Cookie:%20stolen=1", 404),
    ],
    ids=["NUL", "5 KB is ignored", "header injection"],
)
def test_garbage_next_signs_in_without_smuggling_anything(
    client, teacher, next_url, location, then
):
    response = client.post(
        LOGIN_URL,
        {"username": "teacher@oakfield.test", "password": TEST_PASSWORD, "next": next_url},
    )

    assert response.status_code == 302
    assert response["Location"] == location
    assert "stolen" not in response.cookies
    assert "_auth_user_id" in client.session
    assert client.get(location).status_code == then
