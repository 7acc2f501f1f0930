"""Incident pages' query counts, logging an incident with a screen print, and the evidence pack.

Not part of the suite (nothing here is asserted about speed); run it with

    PORTAL_FAST_PASSWORD_HASHER=1 .venv/bin/pytest -q -s -p no:cacheprovider \\
        bench/incident_pages.py

(and DATABASE_URL/REDIS_URL for PostgreSQL). On the demo it prints the queries
of each incident page for Chestnuts' DSL, then the median and 95th percentile
of 30 incidents logged through Django's test client by a teacher, each with a
1280 × 2400 screen print (the form, the file's check and re-encoding, the
numbered record, its people and checklist, the alert), then how long the
evidence pack of an incident with that screen print takes to lay out.
"""

from __future__ import annotations

import datetime
import io
import statistics
import time

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from PIL import Image, ImageDraw

from accounts.models import User
from documents.pdf import render_pdf
from documents.services import document_draft
from documents.sources import source_for
from incidents.models import Incident
from incidents.services.common import INCIDENT_PDF
from schools.models import School, SchoolClass
from tests.helpers.demo import demo_db, demo_once  # noqa: F401 - the demo, once

LOGGINGS = 30
RENDERS = 10


def _screen_print() -> bytes:
    image = Image.new("RGB", (1280, 2400), "white")
    draw = ImageDraw.Draw(image)
    for row in range(40):
        draw.rectangle((40, 40 + row * 58, 900, 80 + row * 58), fill=(200 + row % 40, 220, 230))
        draw.text((60, 52 + row * 58), f"message {row}: you are not welcome here", fill="black")
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


def _percentiles(times: list[float]) -> str:
    times = sorted(times)
    median = statistics.median(times) * 1000
    p95 = times[max(0, int(0.95 * len(times)) - 1)] * 1000
    return f"median {median:.1f} ms p95 {p95:.1f} ms"


def test_measure(demo: dict[str, School], client: Client) -> None:
    school = demo["chestnuts"]
    incident = Incident.objects.for_school(school).order_by("number").first()
    assert incident is not None
    base = f"/chestnuts/incidents/{incident.public_id}/"
    pages = (
        "/chestnuts/incidents/",
        base,
        f"{base}pack/",
        "/chestnuts/incidents/contact/log/",
        "/chestnuts/incidents/mine/",
    )
    client.force_login(User.objects.get(email="dsl@chestnuts.example"))
    for url in pages:
        client.get(url)  # the first request warms caches
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        print(f"QUERIES {url} {response.status_code} {len(queries)}")
    client.force_login(User.objects.get(email="head@chestnuts.example"))
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/chestnuts/incidents/checklists/")
    print(f"QUERIES /chestnuts/incidents/checklists/ {response.status_code} {len(queries)}")

    client.force_login(User.objects.get(email="teacher@chestnuts.example"))
    school_class = SchoolClass.objects.for_school(school).first()
    assert school_class is not None
    png = _screen_print()
    when = timezone.localtime(timezone.now() - datetime.timedelta(hours=2), school.tz)
    times = []
    for n in range(LOGGINGS):
        data = {
            "kind": "cyberbullying",
            "occurred_on": when.date().isoformat(),
            "occurred_time": when.strftime("%H:%M"),
            "school_day": "in",
            "description": f"Messages in a group chat ({n}).",
            "p1-kind": "pupil",
            "p1-part": "target",
            "p1-name": f"Pupil {n}",
            "p1-school_class": str(school_class.pk),
            "evidence": SimpleUploadedFile("shot.png", png, "image/png"),
        }
        start = time.perf_counter()
        response = client.post("/chestnuts/incidents/new/", data)
        times.append(time.perf_counter() - start)
        assert response.status_code == 302, response.content.decode()[:2000]
    print(f"LOG_WITH_SCREEN_PRINT n={LOGGINGS} ({len(png) // 1024} KiB PNG) {_percentiles(times)}")

    latest = Incident.objects.for_school(school).order_by("-number").first()
    assert latest is not None
    draft = document_draft(school=school, source=source_for(INCIDENT_PDF), subject=latest)
    html = draft.html_for(version=1, generated_at=timezone.now())
    renders, pdf = [], b""
    for _ in range(RENDERS):
        start = time.perf_counter()
        pdf = render_pdf(html)
        renders.append(time.perf_counter() - start)
    print(f"PACK_RENDER n={RENDERS} {len(pdf) // 1024} KiB {_percentiles(renders)}")
