"""The rest of the cast for access requests and content reports (Oakfield's routes:
none configured, so the headteacher reviews both kinds, as at Chestnuts)."""

from __future__ import annotations

from typing import Any

import pytest

from accounts.models import User
from schools.models import School
from schools.roles import Role
from tests.factories import member


@pytest.fixture(autouse=True)
def _jobs_in_process(settings: Any) -> None:
    """The emails and PDFs a move queues run in this process in every configuration:
    with ``REDIS_URL`` set they would otherwise wait for a worker that is not running
    (tests/jobs/test_worker.py covers the broker's path)."""
    settings.CELERY_TASK_ALWAYS_EAGER = True


@pytest.fixture
def network(school: School) -> User:
    return member(
        school, Role.NETWORK_MANAGER, full_name="Nina Nash", email="network@oakfield.test"
    )


@pytest.fixture
def esafety(school: School) -> User:
    return member(school, Role.ESAFETY, full_name="Evan Ellis", email="esafety@oakfield.test")


@pytest.fixture
def support(school: School) -> User:
    return member(school, Role.SUPPORT, full_name="Sally Stone", email="support@oakfield.test")
