"""The synthetic dataset: deterministic, complete, in its schools, with history, and usable."""

from __future__ import annotations

import datetime
import hashlib
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.db import models, transaction
from django.db.models import F
from django.urls import reverse

from accounts.models import User
from agreements.models import Agreement
from dataset.bulk import REASON
from dataset.generator import WRITE_ORDER, email_for, generate, slug_for
from forms_app.models import AccessRequest, ContentReport, FilterDecision
from governance.models import AuditEvent, Complaint
from incidents.models import Decision, Incident, IncidentPerson, IncidentStep
from notifications.models import Notification
from schools.models import Membership, School
from training.models import TrainingSession

TODAY = datetime.date(2026, 11, 20)
# Five schools: enough for every state of every field below to appear.
SCHOOLS = 5


def run(seed: int, schools: int = SCHOOLS) -> Any:
    return generate(schools=schools, seed=seed, batch_size=500, chunk=2, today=TODAY)


def generated(seed: int) -> list[School]:
    return list(School.objects.filter(slug__startswith=f"gen{seed}-"))


def _plain(model: type[models.Model]) -> list[str]:
    """The columns that do not depend on the database's ids."""
    # record_label names a record that names a child by its id ("number 12").
    skip = {"id", "history_id", "record_id", "record_label"}
    return [
        f.attname
        for f in model._meta.concrete_fields
        if not f.is_relation and f.attname not in skip
    ]


def digest(schools: list[School]) -> str:
    """A digest of every generated row's values, ids aside (they depend on the database)."""
    found = hashlib.sha256()
    ids = [s.pk for s in schools]
    tables: list[tuple[type[models.Model], Any]] = [
        (School, School.objects.filter(pk__in=ids)),
        (User, User.objects.filter(memberships__school__in=ids).distinct()),
        (AuditEvent, AuditEvent.objects.filter(school__in=ids)),
        (Notification, Notification.objects.filter(school__in=ids)),
    ]
    for model in WRITE_ORDER:
        if model in (School, User):
            continue
        tables.append((model, model._default_manager.filter(school__in=ids)))
        history = model.history.model  # type: ignore[attr-defined]
        tables.append((history, history.objects.filter(school_id__in=ids)))
    for model, rows in tables:
        columns = _plain(model)
        # A row of nothing but ids (training attendance) counts by its number.
        values = sorted(repr(row) for row in rows.values_list(*columns)) if columns else []
        values.append(str(rows.count()))
        found.update(f"{model._meta.label}:{len(values)}:{values}".encode())
    return found.hexdigest()


@pytest.mark.django_db
def test_the_same_seed_makes_the_same_rows_and_another_seed_others() -> None:
    digests = []
    for seed in (1, 1, 2):
        with transaction.atomic():
            run(seed, schools=2)
            digests.append(digest(generated(seed)))
            transaction.set_rollback(True)

    assert digests[0] == digests[1]
    assert digests[2] != digests[0]


@pytest.mark.django_db
def test_running_again_adds_nothing_and_more_schools_adds_only_those() -> None:
    first = run(1, schools=2)
    again = run(1, schools=2)
    more = run(1, schools=3)

    assert (first.created, again.created, again.skipped) == (2, 0, 2)
    assert (more.created, more.skipped) == (1, 2)
    assert School.objects.filter(slug__startswith="gen1-").count() == 3


STATE_FIELDS: list[tuple[type[models.Model], str]] = [
    (AccessRequest, "status"),
    (AccessRequest, "audience"),
    (AccessRequest, "access_length"),
    (ContentReport, "status"),
    (FilterDecision, "verdict"),
    (Incident, "status"),
    (Incident, "kind"),
    (Incident, "outcome"),
    (Incident, "sanction"),
    (Incident, "school_day"),
    (IncidentStep, "status"),
    (IncidentPerson, "part"),
    (IncidentPerson, "kind"),
    (Decision, "kind"),
    (Complaint, "status"),
    (Complaint, "stage"),
    (Complaint, "outcome"),
    (TrainingSession, "status"),
    (TrainingSession, "kind"),
    (Agreement, "method"),
    (Agreement, "match"),
    (Agreement, "signature_kind"),
    (Membership, "role"),
]


@pytest.mark.django_db
def test_every_state_of_every_state_field_is_present() -> None:
    run(1)
    schools = generated(1)

    missing = {}
    for model, name in STATE_FIELDS:
        choices = {str(value) for value, _ in model._meta.get_field(name).choices}  # type: ignore[union-attr]
        rows = model._default_manager.filter(school__in=schools)
        present = {str(value) for value in rows.values_list(name, flat=True)}
        if choices - present:
            missing[f"{model.__name__}.{name}"] = choices - present
    assert missing == {}


@pytest.mark.django_db
def test_every_record_has_its_history_and_audit_events_naming_the_generator() -> None:
    run(1, schools=2)
    schools = generated(1)

    for model in WRITE_ORDER:
        if model in (School, User):
            rows = model._default_manager.filter(
                pk__in=[s.pk for s in schools]
                if model is School
                else User.objects.filter(memberships__school__in=schools).values("pk")
            )
        else:
            rows = model._default_manager.filter(school__in=schools)
        history = model.history.filter(id__in=rows.values("pk"))  # type: ignore[attr-defined]
        assert rows.exists(), model
        assert set(history.values_list("id", flat=True)) == set(rows.values_list("pk", flat=True))
        assert set(history.values_list("history_change_reason", flat=True)) == {REASON}
    events = AuditEvent.objects.filter(school__in=schools)
    assert set(events.values_list("reason", flat=True)) == {REASON}
    changed = events.filter(record_type="forms_app.accessrequest", action="~")
    assert changed.exists()
    assert all(event.changes for event in changed)


@pytest.mark.django_db
def test_every_row_belongs_to_the_school_of_what_it_points_at() -> None:
    run(1, schools=2)
    schools = generated(1)

    for model in WRITE_ORDER:
        if model in (School, User):
            continue
        rows = model._default_manager.filter(school__in=schools)
        for f in model._meta.concrete_fields:
            target = f.related_model
            if not f.is_relation or f.name == "school" or target in (School, User):
                continue
            if not any(g.name == "school" for g in target._meta.concrete_fields):  # type: ignore[union-attr]
                continue
            crossing = rows.filter(**{f"{f.name}__isnull": False}).exclude(
                **{f"{f.name}__school": F("school")}
            )
            assert not crossing.exists(), f"{model.__name__}.{f.name}"


@pytest.mark.django_db
def test_a_generated_headteacher_can_use_the_portal(client: Any) -> None:
    out = StringIO()
    call_command("generate_dataset", schools=2, seed=1, today=TODAY, stdout=out)
    slug = slug_for(1, 1)
    head = User.objects.get(email=email_for("head", slug))

    assert "dataset-password" in out.getvalue()
    assert head.check_password("dataset-password")
    client.force_login(head)
    for name in (
        "schools:home",
        "forms_app:access-request-queue",
        "incidents:list",
        "governance:audit",
    ):
        response = client.get(reverse(name, kwargs={"school_slug": slug}))
        assert response.status_code == 200, name
