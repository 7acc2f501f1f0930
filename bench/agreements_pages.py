"""Agreement pages' query counts and the kiosk's submission time, on the demo.

Not part of the suite (nothing here is asserted about speed); run it with

    PORTAL_FAST_PASSWORD_HASHER=1 .venv/bin/pytest -q -s -p no:cacheprovider \\
        bench/agreements_pages.py

(and DATABASE_URL/REDIS_URL for PostgreSQL). It prints, for the Chestnuts
headteacher, the queries of each agreement page, then the median and 95th
percentile of 40 kiosk submissions through Django's test client (no server).
"""

from __future__ import annotations

import re
import statistics
import time
import uuid

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from accounts.models import User
from schools.models import School
from tests.helpers.demo import demo_db, demo_once  # noqa: F401 - the demo, once

PAGES = (
    "/chestnuts/agreements/",
    "/chestnuts/agreements/signed/",
    "/chestnuts/agreements/matching/",
    "/chestnuts/agreements/roster/",
    "/chestnuts/agreements/links/",
    "/chestnuts/agreements/text/",
    "/chestnuts/agreements/coverage.csv",
    "/chestnuts/kiosk/start/",
)
SUBMISSIONS = 40


def test_measure(demo: dict[str, School], client: Client) -> None:
    client.force_login(User.objects.get(email="head@chestnuts.example"))
    for url in PAGES:
        client.get(url)  # the first request warms caches
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        print(f"QUERIES {url} {response.status_code} {len(queries)}")

    client.force_login(User.objects.get(email="teacher@chestnuts.example"))
    started = client.post(
        "/chestnuts/kiosk/start/", {"event": "Parents' evening, autumn term", "hours": "4"}
    )
    kiosk_url = started["Location"]
    page = client.get(kiosk_url).content.decode()
    version = re.search(r'name="version" value="([^"]+)"', page)
    school_class = re.search(r'<option value="(\d+)">', page)
    assert version is not None
    assert school_class is not None
    times = []
    for n in range(SUBMISSIONS):
        data = {
            "key": str(uuid.uuid4()),
            "version": version.group(1),
            "language": "en",
            "parent_name": f"Parent {n}",
            "child_name": f"Child {n}",
            "school_class": school_class.group(1),
            "how": "typed",
            "typed_signature": f"Parent {n}",
            "agree": "on",
        }
        start = time.perf_counter()
        response = client.post(kiosk_url, data)
        times.append(time.perf_counter() - start)
        assert response.status_code == 302, response.content.decode()[:2000]
    times.sort()
    median = statistics.median(times) * 1000
    p95 = times[int(0.95 * len(times)) - 1] * 1000
    print(f"KIOSK_SUBMIT n={SUBMISSIONS} median {median:.1f} ms p95 {p95:.1f} ms")
