from __future__ import annotations

import pytest

from accounts.models import User
from tests.factories import UserFactory


@pytest.fixture
def platform_admin(db: None) -> User:
    return UserFactory(
        full_name="Pat Platform", email="admin@portal.test", is_staff=True, is_superuser=True
    )
