"""Periodic work for retention: daily, acting only when due (a review once a month, then
the disposals 14 days later). Safe to run twice: the second run finds nothing to do."""

from __future__ import annotations

from policyportal.celery import app
from retention.services import retention_run


@app.task(name="retention.daily", ignore_result=True)
def retention_daily() -> int:
    return retention_run()
