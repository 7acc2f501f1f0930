"""No audited row changes without a history row: bulk writes are refused, and none are written.

Every model django-simple-history audits (the registry, so a new model is
covered without a line here) refuses ``update()``, ``bulk_create()``,
``bulk_update()`` and a queryset's ``delete()``; saving or deleting one
record still works and names who did it. A scan of the portal's own code
(not tests, migrations or .venv) finds no way round: no base manager, no
private ``_update``, no raw SQL writing an audited table, and bulk writes only
where the allowlist says why.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.db import models
from django.utils import timezone
from simple_history.models import registered_models

from jobs.models import Job, JobStatus
from schools.audited import AuditedWriteRefused
from schools.models import ReviewRoute, School
from schools.roles import RecordKind, Role
from schools.services import review_routes_set
from schools.tenancy import TenantQuerySet
from tests.audit.paths import history_of

AUDITED = sorted(registered_models.values(), key=lambda model: model._meta.label)

BULK_WRITES: dict[str, Callable[[models.QuerySet[Any]], object]] = {
    "update": lambda rows: rows.update(pk=0),
    "delete": lambda rows: rows.delete(),
    "bulk_create": lambda rows: rows.bulk_create([rows.model()]),
    "bulk_update": lambda rows: rows.bulk_update([rows.model()], ["pk"]),
}


def rows_of(model: type[models.Model], school: School) -> models.QuerySet[Any]:
    rows: models.QuerySet[Any] = model._default_manager.all()
    return rows.for_school(school) if isinstance(rows, TenantQuerySet) else rows


@pytest.mark.parametrize("write", BULK_WRITES)
@pytest.mark.parametrize("model", AUDITED, ids=lambda model: model._meta.label)
def test_an_audited_model_refuses_bulk_writes(model, write, school) -> None:
    with pytest.raises(AuditedWriteRefused, match=rf"{model.__name__} is audited.*service"):
        BULK_WRITES[write](rows_of(model, school))


def test_a_related_manager_refuses_them_too(school, head) -> None:
    with pytest.raises(AuditedWriteRefused):
        head.memberships.update(title="Everyone's title")


def test_one_record_is_still_saved_and_deleted_with_who_did_it(school, head, dsl) -> None:
    review_routes_set(school=school, kind=RecordKind.INCIDENT, roles=[Role.HEADTEACHER], by=head)
    route = ReviewRoute.objects.for_school(school).get()

    review_routes_set(school=school, kind=RecordKind.INCIDENT, roles=[Role.DSL], by=dsl)

    assert not ReviewRoute.objects.for_school(school).filter(pk=route.pk).exists()
    removed = ReviewRoute.history.get(id=route.pk, history_type="-")
    assert removed.history_user == dsl


def test_a_model_without_history_may_still_be_written_in_bulk(school) -> None:
    Job.objects.create(school=school, kind="test.kind", key="k", available_at=timezone.now())

    assert Job.objects.for_school(school).update(status=JobStatus.DONE) == 1


# --- The scan ---------------------------------------------------------------------------------

ROOT = Path(settings.BASE_DIR)
NOT_THE_PORTAL = {"tests", ".venv", "node_modules", "migrations", "static", "templates", "var"}

# Ways past the history: the base manager (no guard), Django's private writes, and
# simple-history's switch for saving without a row.
BYPASSES = {"_base_manager", "_update", "_raw_delete", "skip_history_when_saving"}

ALLOWED: dict[tuple[str, str], str] = {
    ("schools/audited.py", "bulk_create"): "The guard itself: it refuses them for audited models.",
    ("schools/audited.py", "bulk_update"): "The guard itself: it refuses them for audited models.",
    ("notifications/services.py", "bulk_create"): "Notifications are not audited: one per person.",
    ("bench/drain.py", "bulk_create"): "The benchmark fills the outbox: Job rows are not audited.",
    ("dataset/bulk.py", "bulk_create"): (
        "generate_dataset writes synthetic schools in bulk (COPY on PostgreSQL) and writes "
        "each record's history rows and audit events itself, naming generate_dataset."
    ),
    ("bench/create.py", "skip_history_when_saving"): (
        "The benchmark's plain creates, measured against audited ones in its own "
        "database that is dropped at the end."
    ),
    ("accounts/signals.py", "skip_history_when_saving"): (
        "A sign-in saves only last_login, which the User's history leaves out."
    ),
}


def audited_tables() -> set[str]:
    tables = set()
    for model in registered_models.values():
        tables.add(model._meta.db_table.lower())
        tables.add(history_of(model).model._meta.db_table.lower())
    return tables


SQL_WRITE = re.compile(r"\b(?:update|insert\s+into|delete\s+from)\s+[\"'`]?(\w+)", re.IGNORECASE)


def portal_sources() -> list[Path]:
    return sorted(
        path
        for path in ROOT.rglob("*.py")
        if not NOT_THE_PORTAL & set(path.relative_to(ROOT).parts)
    )


def findings(path: Path, tables: set[str], root: Path = ROOT) -> list[tuple[str, int, str]]:
    """(file, line, what) for each bulk write, bypass or SQL write to an audited table."""
    name = path.relative_to(root).as_posix()
    found = []
    for node in ast.walk(ast.parse(path.read_text(), filename=name)):
        if isinstance(node, ast.Attribute) and (
            node.attr in BYPASSES or node.attr.startswith("bulk_")
        ):
            found.append((name, node.lineno, node.attr))
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            for table in SQL_WRITE.findall(node.value):
                if table.lower() in tables:
                    found.append((name, node.lineno, f"SQL writing {table}"))
    return found


def test_the_scan_sees_the_portal() -> None:
    scanned = {path.relative_to(ROOT).as_posix() for path in portal_sources()}

    assert {"schools/records.py", "incidents/services/incidents.py", "manage.py"} <= scanned
    assert not any(name.startswith(("tests/", ".venv/")) for name in scanned)
    assert not any("/migrations/" in name for name in scanned)


def test_no_code_writes_audited_rows_past_their_history() -> None:
    tables = audited_tables()
    found = [hit for path in portal_sources() for hit in findings(path, tables)]

    unexplained = [hit for hit in found if (hit[0], hit[2]) not in ALLOWED]
    assert unexplained == [], "save each record through its service (schools.records.save_as)"
    stale = set(ALLOWED) - {(name, what) for name, _, what in found}
    assert stale == set(), "allowlist entries nothing needs any more"


def test_the_scan_would_see_each_way_round(tmp_path: Path) -> None:
    sample = tmp_path / "sample.py"
    sample.write_text(
        "Incident._base_manager.filter(pk=1).update(status='closed')\n"
        "rows._update({'status': 'closed'})\n"
        "cursor.execute('UPDATE incidents_incident SET status = %s', ['closed'])\n"
        "cursor.execute('DELETE FROM incidents_historicalincident')\n"
        "Incident.objects.bulk_create(rows)\n"
        "cursor.execute('UPDATE jobs_job SET status = %s', ['done'])  # not audited\n"
    )

    found = {what for _, _, what in findings(sample, audited_tables(), root=tmp_path)}

    assert found == {
        "_base_manager",
        "_update",
        "SQL writing incidents_incident",
        "SQL writing incidents_historicalincident",
        "bulk_create",
    }
