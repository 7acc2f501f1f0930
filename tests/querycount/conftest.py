from __future__ import annotations

from tests.helpers.demo import demo_db, demo_schools  # noqa: F401 - fixtures
