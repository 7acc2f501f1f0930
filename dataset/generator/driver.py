"""The driver: which schools to make, one school's records in order, a chunk at a time.

``_school`` calls each family of records in a fixed order; that order is the
order of the school's random draws, so changing it changes the data.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass

from django.contrib.auth.hashers import make_password
from django.db import transaction

from dataset import names
from dataset.bulk import Rows
from dataset.generator.agreements import _agreements
from dataset.generator.complaints import _complaints
from dataset.generator.filtering import _access_requests, _content_reports
from dataset.generator.incidents import _incidents
from dataset.generator.notifications import _notifications
from dataset.generator.seeded import PASSWORD, _Built, _Context, _School, slug_for
from dataset.generator.staff import _classes, _configuration, _people, _roster
from dataset.generator.training import _training
from dataset.generator.writer import _write_in_order
from schools.models import PhoneProviderDefault, School, SocialNetworkDefault
from schools.roles import Module, Role
from schools.services import reference_defaults_ensure


@dataclass
class Progress:
    created: int = 0
    skipped: int = 0
    rows: int = 0


def generate(
    *,
    schools: int,
    seed: int,
    batch_size: int = 2000,
    chunk: int = 20,
    today: datetime.date | None = None,
    report: Callable[[str], None] = lambda line: None,
) -> Progress:
    """Make schools 1..``schools`` for ``seed`` that do not exist yet."""
    today = today or datetime.datetime.now(tz=datetime.UTC).date()
    reference_defaults_ensure()
    context = _Context(
        today=today,
        # Hashed once for every account (a fixed salt: the same seed, the same rows).
        password=make_password(PASSWORD, salt=f"dataset{seed}"),
        networks=list(SocialNetworkDefault.objects.order_by("order", "key")),
        providers=list(PhoneProviderDefault.objects.order_by("order", "key")),
    )
    wanted = {slug_for(seed, n): n for n in range(1, schools + 1)}
    existing = set(School.objects.filter(slug__in=list(wanted)).values_list("slug", flat=True))
    progress = Progress(skipped=len(existing))
    todo = [n for slug, n in wanted.items() if slug not in existing]
    for start in range(0, len(todo), chunk):
        with transaction.atomic():
            rows = Rows(batch_size=batch_size)
            built = [_school(rows, context, seed, n) for n in todo[start : start + chunk]]
            progress.rows += _write_in_order(rows, built)
        for n in todo[start : start + chunk]:
            progress.created += 1
            if progress.created % 100 == 0 or n == todo[-1]:
                report(f"{progress.created} of {len(todo)} schools written ({progress.rows} rows)")
    return progress


def _school(rows: Rows, context: _Context, seed: int, number: int) -> _Built:
    s = _School(rows, context, seed, number)
    slug = slug_for(seed, number)
    founded = s.now - datetime.timedelta(days=400)
    school = School(
        public_id=s.uid(),
        slug=slug,
        name=f"{s.pick(names.PLACES)} {s.pick(names.KINDS)}",
        enabled_modules=[str(m) for m in Module],
        blocks_all_social_media=s.rng.random() < 0.2,
        filtering_provider=s.pick(
            ("London Grid for Learning (LGfL)", "The school's network manager", "Smoothwall")
        ),
        created_at=founded,
    )
    rows.add(school, at=founded, by=None)
    built = _Built(school=school)
    staff = _people(s, school, slug, founded, built)
    head = staff[Role.HEADTEACHER][0]
    _configuration(s, school, head, founded)
    classes = _classes(s, school, head, founded)
    children = _roster(s, school, classes, head, founded)
    requests = _access_requests(s, school, staff, classes)
    reports = _content_reports(s, school, staff)
    _incidents(s, school, staff, classes, reports)
    _agreements(s, school, staff, classes, children)
    _complaints(s, school, staff)
    _training(s, school, staff)
    _notifications(s, school, staff, requests)
    return built
