"""Celery tasks. Each only calls a service; ids in, the school re-entered inside."""

from __future__ import annotations

from policyportal.celery import app


@app.task(name="jobs.run", acks_late=True, ignore_result=True)
def run_job(school_id: int, job_id: int) -> None:
    from jobs.runner import run_job_now

    run_job_now(school_id, job_id)


@app.task(name="jobs.sweep", ignore_result=True)
def sweep_jobs() -> int:
    from jobs.sweep import sweep

    return sweep()
