"""Sessions are Django's database sessions, read by a kept statement."""

from __future__ import annotations

import datetime

import pytest
from django.conf import settings
from django.contrib.sessions.models import Session
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from policyportal.session_store import SessionStore

pytestmark = pytest.mark.django_db


def _saved(**data: object) -> str:
    store = SessionStore()
    store.update(data)
    store.save()
    assert store.session_key is not None
    return store.session_key


def test_the_portal_reads_sessions_with_this_store():
    assert settings.SESSION_ENGINE == "policyportal.session_store"


def test_a_saved_session_is_read_back_in_one_query():
    key = _saved(person=7, kiosk="x")

    with CaptureQueriesContext(connection) as queries:
        store = SessionStore(session_key=key)
        data = dict(store.items())

    assert data == {"person": 7, "kiosk": "x"}
    assert store.session_key == key
    assert len(queries) == 1


def test_an_expired_session_is_not_read_and_its_key_is_dropped():
    key = _saved(person=7)
    Session.objects.filter(session_key=key).update(
        expire_date=timezone.now() - datetime.timedelta(seconds=1)
    )

    store = SessionStore(session_key=key)

    assert dict(store.items()) == {}
    assert store.session_key is None


@pytest.mark.parametrize(
    "key", ["nosuchsessionkeyatallxyz0123456789", "' OR '1'='1' --padding-here"]
)
def test_an_unknown_or_hostile_key_reads_nothing(key):
    _saved(person=7)

    store = SessionStore(session_key=key)

    assert dict(store.items()) == {}
    assert store.session_key is None


def test_a_changed_session_is_saved_and_read_again():
    key = _saved(person=7)
    store = SessionStore(session_key=key)
    store["seen"] = 42
    store.save()

    assert dict(SessionStore(session_key=key).items()) == {"person": 7, "seen": 42}
