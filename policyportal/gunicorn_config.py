"""Gunicorn's settings for the portal (``gunicorn -c python:policyportal.gunicorn_config``).

Workers are processes, each with its own PostgreSQL connection pool (up to
DATABASE_POOL_MAX connections): WEB_CONCURRENCY × DATABASE_POOL_MAX × machines
must stay under PostgreSQL's max_connections.
"""

from __future__ import annotations

import os

bind = os.environ.get("GUNICORN_BIND", "0.0.0.0:8000")
workers = int(os.environ.get("WEB_CONCURRENCY", "3"))
# No access log here: the portal writes its own access line, with the request
# id and without the query string (policyportal.request_id).
accesslog = None
errorlog = "-"
# A worker that hangs is replaced after this long; PDFs are made by the Celery
# worker, so no page needs more.
timeout = 30
graceful_timeout = 30
# Replace each worker now and then, so slow growth in memory cannot build up.
max_requests = 2000
max_requests_jitter = 200
