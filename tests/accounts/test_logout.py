"""Signing out (accounts:logout)."""

from __future__ import annotations

from django.urls import reverse

LOGOUT_URL = reverse("accounts:logout")


def test_sign_out_button_is_on_every_school_page(teacher, client_for):
    response = client_for(teacher).get("/oakfield/")

    assert f'<form method="post" action="{LOGOUT_URL}"' in response.text
    assert "Sign out" in response.text


def test_sign_out_ends_the_session_and_returns_to_sign_in(teacher, client_for):
    client = client_for(teacher)

    response = client.post(LOGOUT_URL, follow=True)

    assert response.redirect_chain == [("/accounts/login/", 302)]
    assert "_auth_user_id" not in client.session
    assert "Sign in" in response.text


def test_after_sign_out_a_school_page_asks_to_sign_in_again(teacher, client_for):
    client = client_for(teacher)
    client.post(LOGOUT_URL)

    response = client.get("/oakfield/")

    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=/oakfield/"


def test_sign_out_by_plain_link_does_nothing(teacher, client_for):
    # A GET (a prefetching browser, an <img> on another site) must not sign anyone out.
    client = client_for(teacher)

    response = client.get(LOGOUT_URL)

    assert response.status_code == 405
    assert client.get("/oakfield/").status_code == 200
