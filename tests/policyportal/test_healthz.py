"""/healthz: what a load balancer sees."""

from __future__ import annotations

import time

import pytest
from django.db import connection

pytestmark = pytest.mark.django_db


def test_answers_ok_in_plain_text(client):
    response = client.get("/healthz")

    assert response.status_code == 200
    assert response.content == b"ok\n"
    assert response["Content-Type"].startswith("text/plain")


def test_sets_no_cookie_and_is_never_cached(client):
    response = client.get("/healthz")

    assert "Set-Cookie" not in response.headers
    assert not response.cookies
    assert "no-cache" in response["Cache-Control"]


def test_needs_no_sign_in_and_does_not_redirect(client):
    response = client.get("/healthz")

    assert response.status_code == 200
    assert "Location" not in response.headers


def unreachable(settings_dict: dict) -> dict:
    """The same database settings, pointing somewhere nothing answers."""
    if connection.vendor == "postgresql":
        options = dict(settings_dict["OPTIONS"])
        if isinstance(options.get("pool"), dict):
            # The pool waits this long for a connection before giving up.
            options["pool"] = {**options["pool"], "timeout": 2}
        return {**settings_dict, "HOST": "127.0.0.1", "PORT": "1", "OPTIONS": options}
    assert connection.vendor == "sqlite"
    return {**settings_dict, "NAME": "/nonexistent-directory/for/healthz/db.sqlite3"}


def forget_connection() -> None:
    connection.close()
    if hasattr(connection, "close_pool"):
        connection.close_pool()


@pytest.mark.django_db(transaction=True)
def test_answers_503_when_the_database_does_not_answer(client):
    original = connection.settings_dict
    forget_connection()
    connection.settings_dict = unreachable(original)
    try:
        started = time.monotonic()
        response = client.get("/healthz")
        elapsed = time.monotonic() - started
    finally:
        forget_connection()
        connection.settings_dict = original
        forget_connection()

    assert response.status_code == 503
    assert response.content == b"database unavailable\n"
    assert response["Content-Type"].startswith("text/plain")
    assert elapsed < 5
    # And it recovers as soon as the database is back.
    assert client.get("/healthz").status_code == 200
