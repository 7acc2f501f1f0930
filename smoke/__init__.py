"""Production smoke test: the portal's production stack end to end, without Docker.

Run by ``scripts/prod-smoke`` (``make smoke``), that is ``python -m smoke`` from
the repository root. With production settings it creates a scratch PostgreSQL
database beside the one ``DATABASE_URL`` names, migrates it and loads the demo
schools, collects the static files, then starts gunicorn, a Celery worker and
Celery beat as separate processes on 127.0.0.1. As an outside client over
plain HTTP it checks the security headers and a hashed static file, signs in
as the demo teacher, files a content report, waits for the worker's PDF of it
and reads the PDF back. Then it moves beat's clock past the digest check's
interval and waits for the headteacher's morning digest to reach a small SMTP
sink run here. Every process is stopped and the scratch database dropped at
the end, whatever happened.

Environment: ``DATABASE_URL`` (required, postgres:// on this machine; only its
server is used, never that database), ``SMOKE_REDIS_URL`` (default: the
``REDIS_URL`` server, or 127.0.0.1:6379, database 14).

Plain Python, no Django: ``config`` (constants, the environment), ``clock``
(libfaketime), ``databases`` (scratch database, Redis), ``processes``,
``client`` (HTTP), ``pages`` (the web checks), ``mail`` (SMTP sink, digest),
``timings`` and ``run`` (the steps in order, the shut-down).
"""
