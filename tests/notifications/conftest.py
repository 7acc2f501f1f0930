"""Fixtures for notifications: jobs run in-process, a fixed clock for digests, providers.

Whatever the environment selects, these tests run jobs in-process (as the
embedded default does) by forcing ``CELERY_TASK_ALWAYS_EAGER`` where they need
jobs to run; ``committed()`` runs what a block queued for after its commit,
which pytest-django's transaction otherwise never reaches. The one test of the
broker path (``test_notify.py``) fakes only the publish to the broker.
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager
from typing import Any

import pytest

from notifications import digest


@pytest.fixture
def eager(settings: Any) -> None:
    """In-process mode, as with no REDIS_URL: jobs run right after their commit."""
    settings.CELERY_TASK_ALWAYS_EAGER = True


@pytest.fixture
def committed(
    eager: None, django_capture_on_commit_callbacks: Callable[..., AbstractContextManager[Any]]
) -> Callable[[], AbstractContextManager[Any]]:
    """``with committed(): …``: on leaving the block, run what it queued for after commit."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


@pytest.fixture
def providers(monkeypatch: pytest.MonkeyPatch) -> list[digest.DigestProvider]:
    """The digest's providers for this test only: append to the list returned."""
    registered: list[digest.DigestProvider] = []
    monkeypatch.setattr(digest, "_PROVIDERS", registered)
    return registered


@pytest.fixture(autouse=True)
def _base_url(settings: Any) -> None:
    settings.PORTAL_BASE_URL = "https://portal.example"
