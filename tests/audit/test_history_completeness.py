"""Every audited model, changed through every path that can change it, names who did it.

The inventory (tests/audit/paths/) maps each model django-simple-history audits
to the views, admin pages, services, tasks and commands that write it. Each
entry changes a record; its new history rows must name the acting person (or,
for work nobody asked for, no person and the reason the code gives). A model
added to the registry fails ``test_every_audited_model_has_its_paths`` until
its paths are listed here.
"""

from __future__ import annotations

import pytest
from simple_history.models import registered_models

from tests.audit.admin_forms import may_change_anything
from tests.audit.paths import ADMIN, Path, World, history_of, last_history_id, register_all

PATHS = register_all()
CHANGES = [each for each in PATHS if each.change is not None]


@pytest.mark.parametrize("case", CHANGES, ids=str)
def test_the_history_names_who_changed_the_record(case: Path, world: World) -> None:
    model = world.model = case.model
    world.mark = last_history_id(model)
    assert case.change is not None

    changed = case.change(world)

    rows = list(history_of(model).filter(history_id__gt=world.mark))
    pk = model._meta.pk.attname
    assert changed.record.pk in {getattr(row, pk) for row in rows}, "no new history row"
    expected = (changed.by, changed.reason)
    assert {(row.history_user, row.history_change_reason) for row in rows} == {expected}


def test_every_audited_model_has_its_paths() -> None:
    audited = {model._meta.label for model in registered_models.values()}
    listed = {each.label for each in PATHS}

    assert audited - listed == set(), "audited models with no path in tests/audit/paths"
    assert listed - audited == set(), "listed models that are not audited"


@pytest.mark.parametrize(
    "label", sorted(m._meta.label for m in registered_models.values()), ids=str
)
def test_a_model_the_admin_may_change_has_an_admin_path(label: str, platform_admin) -> None:
    model = next(m for m in registered_models.values() if m._meta.label == label)
    listed = any(each.label == label and each.kind == ADMIN for each in PATHS)

    assert listed == may_change_anything(model, platform_admin)
