"""Installing a list of steps as a school's checklist rows, and the demo defaults.

Installing happens once per school: a school that has any step, retired ones
included, keeps its own checklists.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.db import transaction

from accounts.models import User
from incidents.checklists.chestnuts import CHESTNUTS_STEPS
from incidents.checklists.norris_bank import NORRIS_BANK_STEPS
from incidents.checklists.spec import STRIDE, StepSpec
from incidents.models import ChecklistStep
from schools.models import School
from schools.records import save_as

# The demo loader installs these (``schools/demo.py``, by slug).
DEFAULTS_FOR_DEMO: dict[str, list[StepSpec]] = {
    "chestnuts": CHESTNUTS_STEPS,
    "norris-bank": NORRIS_BANK_STEPS,
}


def _rows(school: School, steps: Sequence[StepSpec]) -> list[ChecklistStep]:
    """One row per step and perpetrator, numbered in tens within each kind."""
    counts: dict[str, int] = {}
    rows = []
    for spec in steps:
        counts[spec.kind] = counts.get(spec.kind, 0) + 1
        for perpetrator in spec.who or ("",):
            rows.append(
                ChecklistStep(
                    school=school,
                    kind=spec.kind,
                    perpetrator=perpetrator,
                    school_day=spec.school_day,
                    position=counts[spec.kind] * STRIDE,
                    text=spec.text,
                    clause_number=spec.clause,
                    requirement=spec.requirement,
                    due_days=spec.due_days,
                )
            )
    return rows


@transaction.atomic
def checklist_install(*, school: School, steps: Sequence[StepSpec], by: User | None = None) -> int:
    """Install ``steps`` as the school's checklists, unless it has any step already.

    Returns how many rows were made (none for a school that has steps, retired
    ones included: its checklists are its own). The school's row is locked, so
    two incidents logged at once in a new school install the steps once.
    """
    School.objects.select_for_update().filter(pk=school.pk).first()
    if ChecklistStep.objects.for_school(school).exists():
        return 0
    rows = _rows(school, steps)
    for row in rows:
        save_as(row, by)
    return len(rows)
