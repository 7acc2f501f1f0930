"""The governors' figures: the dashboard's queries and time, and the termly pack's layout time.

Not part of the suite (nothing here is asserted about speed); run it with

    PORTAL_FAST_PASSWORD_HASHER=1 .venv/bin/pytest -q -s -p no:cacheprovider \\
        bench/governance_pages.py

(and DATABASE_URL for PostgreSQL). On the demo it prints, for Chestnuts'
governor, the queries of the dashboard (this term and the one before) and of
the pack page, the median and 95th percentile of 30 dashboard requests
through Django's test client, then how long this term's pack takes to gather
(its figures, complaints and register) and to lay out.
"""

from __future__ import annotations

import statistics
import time

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts.models import User
from documents.pdf import render_pdf
from documents.services import document_draft
from governance.figures.pdf_sources import GovernorsPackPdf
from governance.models import AuditEvent
from schools.calendar import current_term
from schools.models import School
from tests.helpers.demo import demo_db, demo_once  # noqa: F401 - the demo, once
from tests.training.factories import session_in

REQUESTS = 30
RENDERS = 10


def _percentiles(times: list[float]) -> str:
    times = sorted(times)
    median = statistics.median(times) * 1000
    p95 = times[max(0, int(0.95 * len(times)) - 1)] * 1000
    return f"median {median:.1f} ms p95 {p95:.1f} ms"


def test_measure(demo: dict[str, School], client: Client) -> None:
    school = demo["chestnuts"]
    term = current_term(school)
    client.force_login(User.objects.get(email="governor@chestnuts.example"))
    dashboard = "/chestnuts/governance/figures/"
    pages = (
        dashboard,
        f"{dashboard}?term={term.previous.key}",
        f"{dashboard}pack/?term={term.key}",
    )
    for url in pages:
        client.get(url)  # the first request warms caches
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        print(f"QUERIES {url} {response.status_code} {len(queries)}")

    times = []
    for _ in range(REQUESTS):
        start = time.perf_counter()
        response = client.get(dashboard)
        times.append(time.perf_counter() - start)
        assert response.status_code == 200
    print(f"DASHBOARD n={REQUESTS} {_percentiles(times)}")

    source = GovernorsPackPdf()
    start = time.perf_counter()
    draft = document_draft(school=school, source=source, subject=term)
    print(f"PACK_GATHER {(time.perf_counter() - start) * 1000:.1f} ms")
    html = draft.html_for(version=1, generated_at=timezone.now())
    renders, pdf = [], b""
    for _ in range(RENDERS):
        start = time.perf_counter()
        pdf = render_pdf(html)
        renders.append(time.perf_counter() - start)
    print(f"PACK_RENDER n={RENDERS} {len(pdf) // 1024} KiB {_percentiles(renders)}")


AUDIT_EVENTS = 5000


def test_measure_audit_history(demo: dict[str, School], client: Client) -> None:
    """The audit history on the demo and with 5,000 more changes: queries, page, exports."""
    school = demo["chestnuts"]
    client.force_login(User.objects.get(email="governor@chestnuts.example"))
    people = list(User.objects.filter(email__endswith="@chestnuts.example"))
    while AuditEvent.objects.filter(school=school).count() < AUDIT_EVENTS:
        session_in(school, attendees=people[:3], by=people[0])
    total = AuditEvent.objects.filter(school=school).count()
    for url in ("/chestnuts/governance/history/", "/chestnuts/governance/history/?page=50"):
        client.get(url)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        print(f"QUERIES {url} {response.status_code} {len(queries)} ({total} changes)")
    times = []
    for _ in range(REQUESTS):
        start = time.perf_counter()
        client.get("/chestnuts/governance/history/?page=20")
        times.append(time.perf_counter() - start)
    print(f"HISTORY_PAGE n={REQUESTS} {_percentiles(times)}")
    for export in ("csv", "pdf"):
        start = time.perf_counter()
        response = client.get(f"/chestnuts/governance/history/{export}/")
        size = len(b"".join(response)) if response.streaming else len(response.content)
        elapsed = (time.perf_counter() - start) * 1000
        print(f"HISTORY_{export.upper()} {total} changes {size // 1024} KiB {elapsed:.0f} ms")
