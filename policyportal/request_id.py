"""One id per request (or Celery task), on every log line it causes, and one access line.

The id comes from a trusted proxy's ``X-Request-ID`` when it is well formed,
so one request can be followed from the load balancer to the portal, and is
made here otherwise. It goes back in the response's ``X-Request-ID`` header:
a person reporting a problem can quote it.

The access line carries no query string, no names and no email addresses:
logs are kept longer and seen by more people than the safeguarding records.
Secrets that travel in a path (a password-reset token) are blanked too.
"""

from __future__ import annotations

import logging
import re
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any, cast

from celery.signals import task_postrun, task_prerun
from django.http import HttpRequest, HttpResponse
from django.utils.functional import SimpleLazyObject, empty

from policyportal.health import HEALTHZ_PATH

HEADER = "X-Request-ID"
WELL_FORMED = re.compile(r"[A-Za-z0-9._-]{8,128}")
# Path parts that are secrets: a password-reset link works until it is used.
SECRET_ARGUMENTS = ("uidb64", "token")

current_request_id: ContextVar[str | None] = ContextVar("request_id", default=None)
current_task_id: ContextVar[str | None] = ContextVar("task_id", default=None)

access_logger = logging.getLogger("policyportal.access")


def incoming_or_new(value: str | None) -> str:
    """The caller's id when it is safe to repeat in logs and headers, else a new one."""
    if value and WELL_FORMED.fullmatch(value):
        return value
    return uuid.uuid4().hex


@contextmanager
def bound(variable: ContextVar[str | None], value: str | None) -> Iterator[None]:
    token = variable.set(value)
    try:
        yield
    finally:
        variable.reset(token)


class RequestIdMiddleware:
    """First in the chain, so every response has the header, /healthz and refusals included."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        rid = incoming_or_new(request.headers.get(HEADER))
        started = time.perf_counter()
        with bound(current_request_id, rid):
            response = self.get_response(request)
            response[HEADER] = rid
            # A passing health check every few seconds is noise; a failing one is news.
            if request.path_info != HEALTHZ_PATH or response.status_code != 200:
                log_access(request, response, time.perf_counter() - started)
        return response


def log_access(request: HttpRequest, response: HttpResponse, seconds: float) -> None:
    school = getattr(request, "school", None)
    fields: dict[str, Any] = {
        "method": request.method,
        "path": safe_path(request),
        "status": response.status_code,
        "duration_ms": round(seconds * 1000, 1),
        "school": getattr(school, "slug", None),
        "user_id": signed_in_user_id(request),
    }
    # Errors are logged with their traceback by django.request: this line is traffic.
    access_logger.info("%(method)s %(path)s %(status)s %(duration_ms)sms", fields, extra=fields)


def safe_path(request: HttpRequest) -> str:
    """The path without its query string, and with any secret part blanked."""
    path = request.path
    match = getattr(request, "resolver_match", None)
    for name in SECRET_ARGUMENTS:
        value = match.kwargs.get(name) if match is not None else None
        if value:
            path = path.replace(str(value), "[hidden]")
    return path


def signed_in_user_id(request: HttpRequest) -> int | None:
    """The user's id if the request already looked them up (never a query just for the log)."""
    user = request.__dict__.get("user")
    if user is None:
        return None
    if isinstance(user, SimpleLazyObject) and cast(Any, user)._wrapped is empty:
        return None
    return user.pk if user.is_authenticated else None


# --- Celery: a worker's log lines carry the task's id -------------------------------------


# Connected when this module is first imported, which the logging configuration
# does in every process (policyportal.log). prerun and postrun are separate calls
# in the task's thread, so there is no token to reset with: postrun clears it.


@task_prerun.connect
def _task_started(task_id: str | None = None, **_: Any) -> None:
    current_task_id.set(task_id)


@task_postrun.connect
def _task_ended(**_: Any) -> None:
    current_task_id.set(None)
