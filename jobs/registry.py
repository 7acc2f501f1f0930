"""Job kinds and the functions that carry them out.

Each app declares its kinds in its own ``tasks.py``::

    @job_handler("documents.render")
    def render(job: Job, ctx: JobContext) -> dict[str, Any] | None: ...

A handler must be idempotent: the same job may be delivered more than once
(a re-sent message, a worker that died after finishing), and a second run must
have no visible effect. It reloads what it needs inside ``job.school``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from jobs.models import Job
    from jobs.runner import JobContext

Handler = Callable[["Job", "JobContext"], "dict[str, Any] | None"]
FailureHook = Callable[["Job", str], None]


@dataclass(frozen=True)
class ResultLink:
    """Where a finished job's page leads, for a job that makes something other than a PDF."""

    label: str  # the button's words: "Open the request"
    url: Callable[[dict[str, Any], str], str | None]  # (the job's result, school slug) -> URL


@dataclass(frozen=True)
class JobKind:
    name: str
    run: Handler
    on_failure: FailureHook | None = None
    max_attempts: int = 5
    result_link: ResultLink | None = None


_KINDS: dict[str, JobKind] = {}


class UnknownJobKind(LookupError):
    pass


def job_handler(
    name: str,
    *,
    on_failure: FailureHook | None = None,
    max_attempts: int = 5,
    result_link: ResultLink | None = None,
) -> Callable[[Handler], Handler]:
    def register(func: Handler) -> Handler:
        if name in _KINDS and _KINDS[name].run is not func:
            raise ValueError(f"Job kind {name!r} is registered twice.")
        _KINDS[name] = JobKind(name, func, on_failure, max_attempts, result_link)
        return func

    return register


def job_kind(name: str) -> JobKind:
    try:
        return _KINDS[name]
    except KeyError as exc:
        raise UnknownJobKind(f"No handler is registered for job kind {name!r}.") from exc
