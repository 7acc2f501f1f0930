"""Periodic work for access requests: approvals whose last day has passed end."""

from __future__ import annotations

from forms_app.services import access_requests_expire
from policyportal.celery import app


@app.task(name="forms_app.expire_access", ignore_result=True)
def expire_access() -> int:
    return access_requests_expire()
