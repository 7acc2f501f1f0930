"""The audit tests' world: Oakfield, its cast, a platform administrator; PDFs made quickly.

Files go to a temporary private folder. The PDF renderer is replaced by a
fixed small PDF: these tests are about who the history names, not the page.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, cast

import pytest

from accounts.models import User
from schools.models import School
from schools.roles import Role
from tests.audit.paths import World
from tests.documents.factories import TINY_PDF
from tests.factories import UserFactory, member


@pytest.fixture
def quick_pdfs(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("documents.services.render_pdf", lambda html, **kwargs: TINY_PDF)


@pytest.fixture
def platform_admin(db: None) -> User:
    return cast(
        User,
        UserFactory(
            full_name="Pat Platform", email="admin@portal.test", is_staff=True, is_superuser=True
        ),
    )


@pytest.fixture
def world(
    school: School,
    head: User,
    dsl: User,
    teacher: User,
    governor: User,
    platform_admin: User,
    client_for: Any,
    private_storage: Path,
    quick_pdfs: None,
    settings: Any,
    monkeypatch: pytest.MonkeyPatch,
) -> World:
    settings.CELERY_TASK_ALWAYS_EAGER = True  # run_periodic's hand-over runs jobs in-process
    return World(
        school=school,
        head=head,
        dsl=dsl,
        teacher=teacher,
        governor=governor,
        clerk=member(school, Role.CLERK, full_name="Cleo Clark"),
        admin=platform_admin,
        client_for=client_for,
        monkeypatch=monkeypatch,
    )
