"""Log records with the request (or task) id, written as text or as one JSON object a line.

``LOG_FORMAT=json`` (the default when ``DJANGO_ENV=production``) suits a log
collector; ``text`` suits a person at a terminal. Both carry the id.
"""

from __future__ import annotations

import datetime
import json
import logging
from typing import Any

from policyportal.request_id import current_request_id, current_task_id

# Attributes every LogRecord has: anything else on a record came from ``extra=``.
_STANDARD = frozenset(
    logging.LogRecord("", 0, "", 0, "", None, None).__dict__.keys()
    | {"message", "asctime", "request_id", "task_id", "context"}
)


class RequestIdFilter(logging.Filter):
    """Adds ``request_id`` and ``task_id`` (None outside a request or task) to each record,
    and ``context``, whichever of them there is, for the text format."""

    def filter(self, record: logging.LogRecord) -> bool:
        request_id, task_id = current_request_id.get(), current_task_id.get()
        record.request_id = request_id
        record.task_id = task_id
        record.context = request_id or task_id or "-"
        return True


class JsonFormatter(logging.Formatter):
    """One JSON object a line: time, level, logger, message, ids, then any extra fields."""

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "time": datetime.datetime.fromtimestamp(record.created, datetime.UTC).isoformat(),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "request_id": getattr(record, "request_id", None),
        }
        if task := getattr(record, "task_id", None):
            entry["task_id"] = task
        for key, value in record.__dict__.items():
            if key not in _STANDARD and key not in entry:
                entry[key] = value
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        if record.stack_info:
            entry["stack"] = self.formatStack(record.stack_info)
        # default=str: an extra field that JSON cannot hold is written as text, not dropped.
        return json.dumps(entry, default=str, ensure_ascii=False)


TEXT_FORMAT = "%(asctime)s %(levelname)s %(name)s [%(context)s] %(message)s"


def logging_config(log_format: str, level: str) -> dict[str, Any]:
    """The LOGGING setting for ``text`` or ``json`` output on standard error."""
    if log_format not in {"text", "json"}:
        raise ValueError("LOG_FORMAT must be 'text' or 'json'.")
    formatter: dict[str, Any] = (
        {"()": "policyportal.log.JsonFormatter"}
        if log_format == "json"
        else {"format": TEXT_FORMAT}
    )
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "filters": {"request_id": {"()": "policyportal.log.RequestIdFilter"}},
        "formatters": {"portal": formatter},
        "handlers": {
            "console": {
                "class": "logging.StreamHandler",
                "filters": ["request_id"],
                "formatter": "portal",
            }
        },
        "root": {"handlers": ["console"], "level": level},
        "loggers": {
            # 404s for other schools' ids are expected traffic, not warnings.
            "django.request": {"level": "ERROR"},
            # The portal's own access line replaces runserver's (which has the query string).
            "django.server": {"level": "WARNING"},
        },
    }
