"""Agreements run their PDFs and emails in this process in every configuration."""

from __future__ import annotations

from typing import Any

import pytest


@pytest.fixture(autouse=True)
def _jobs_in_process(settings: Any) -> None:
    """With ``REDIS_URL`` set, queued PDFs and emails would otherwise wait for a worker
    that is not running (tests/jobs/test_worker.py covers the broker's path)."""
    settings.CELERY_TASK_ALWAYS_EAGER = True
