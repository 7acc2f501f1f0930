"""(f) Creating records through the audited path, over the same rows without it.

The rows are classes (``schools.SchoolClass``) of Chestnuts, created in this
process against the benchmark's PostgreSQL database, one at a time, each in
its own transaction as a request's service makes a record. Both series build
the same instance, validate it (``validate_record``, as ``save_as`` does) and
``save()`` it into the same table; they differ only in what the audit adds:

- audited: ``schools.records.save_as``, the services' way: simple-history
  writes the history row naming who, and ``governance.audit.trail`` turns it
  into an ``AuditEvent`` in the same transaction;
- plain: the instance is saved with ``skip_history_when_saving`` set, so
  simple-history writes nothing and no audit event follows.

A class is a small row, so the audit's share of the time is as large here as
anywhere (a wide record costs more to save, the audit's two rows about the
same). Each durable commit waits for PostgreSQL to flush its WAL, which both
series pay alike; for what the audit costs without that, the same rows are
also created all in one transaction each way. Series alternate in rounds.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass

from django.db import transaction

from accounts.models import User
from governance.models import AuditEvent
from schools.models import School, SchoolClass, YearGroup
from schools.records import save_as, validate_record

ROUNDS = 3
HEAD_EMAIL = "head@chestnuts.example"


@dataclass(frozen=True)
class CreateResult:
    rows: int  # each way, per transaction style
    audited_seconds: float
    plain_seconds: float
    audited_one_transaction: float
    plain_one_transaction: float
    history_rows: int  # written by the audited series (and none by the plain one)
    audit_events: int
    plain_history_rows: int

    @property
    def ratio(self) -> float:
        return self.audited_seconds / self.plain_seconds

    @property
    def one_transaction_ratio(self) -> float:
        return self.audited_one_transaction / self.plain_one_transaction


def measure(*, school: School, rows: int = 300) -> CreateResult:
    head = User.objects.get(email=HEAD_EMAIL)
    run = uuid.uuid4().hex[:6]
    history_before = SchoolClass.history.filter(school=school).count()
    events_before = AuditEvent.objects.filter(school=school).count()
    per_round = max(1, rows // ROUNDS)
    times = {"audited": 0.0, "plain": 0.0, "audited-1": 0.0, "plain-1": 0.0}
    for n in range(ROUNDS):
        times["audited"] += _timed(per_round, f"{run}a{n}", lambda c: save_as(c, head), school)
        plain_before = SchoolClass.history.filter(school=school).count()
        times["plain"] += _timed(per_round, f"{run}p{n}", _save_plain, school)
        plain_after = SchoolClass.history.filter(school=school).count()
        with transaction.atomic():
            times["audited-1"] += _timed(
                per_round, f"{run}A{n}", lambda c: save_as(c, head), school
            )
        with transaction.atomic():
            times["plain-1"] += _timed(per_round, f"{run}P{n}", _save_plain, school)
    history = SchoolClass.history.filter(school=school).count() - history_before
    return CreateResult(
        rows=per_round * ROUNDS,
        audited_seconds=times["audited"],
        plain_seconds=times["plain"],
        audited_one_transaction=times["audited-1"],
        plain_one_transaction=times["plain-1"],
        history_rows=history,
        audit_events=AuditEvent.objects.filter(school=school).count() - events_before,
        plain_history_rows=plain_after - plain_before,
    )


def _save_plain(school_class: SchoolClass) -> None:
    school_class.skip_history_when_saving = True  # type: ignore[attr-defined]
    validate_record(school_class)  # as save_as validates
    school_class.save()


def _timed(count: int, prefix: str, save: Callable[[SchoolClass], None], school: School) -> float:
    """Seconds to create ``count`` classes with ``save``, each in its own (inner) transaction."""
    started = time.perf_counter()
    for n in range(count):
        with transaction.atomic():
            save(
                SchoolClass(school=school, name=f"Bench {prefix} {n}", year_group=YearGroup.YEAR_3)
            )
    return time.perf_counter() - started
