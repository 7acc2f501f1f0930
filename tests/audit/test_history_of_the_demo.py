"""``manage.py load_demo``: every history row it writes says so.

The demo's people "act" in its records (the demo teacher logs the demo
incidents), so a row may name a demo account, or no one for the set-up no
person does (the schools, the accounts); each row's change reason is
``load_demo`` (or, for work the demo runs, "load_demo: " and that work's own
reason), so nobody mistakes demo data for what a person did.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.core.management import call_command
from django.db import transaction
from pytest_django import DjangoDbBlocker
from simple_history.models import registered_models

from tests.audit.paths import COMMAND, LOAD_DEMO, history_of, last_history_id, register_all

LISTED = sorted(
    each.label for each in register_all() if each.kind == COMMAND and each.name == LOAD_DEMO
)
AUDITED = {model._meta.label: model for model in registered_models.values()}


@pytest.fixture(scope="module")
def written(
    django_db_setup: None, django_db_blocker: DjangoDbBlocker
) -> Iterator[dict[str, list[Any]]]:
    """The history rows load_demo wrote, by model; loaded once, rolled back after the module."""
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        marks = {label: last_history_id(model) for label, model in AUDITED.items()}
        call_command("load_demo", verbosity=0)
        rows = {
            label: list(
                history_of(model).filter(history_id__gt=marks[label]).select_related("history_user")
            )
            for label, model in AUDITED.items()
        }
    try:
        yield {label: found for label, found in rows.items() if found}
    finally:
        with django_db_blocker.unblock():
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


@pytest.mark.parametrize("label", LISTED)
def test_each_row_names_the_demo(label: str, written: dict[str, list[Any]], db: None) -> None:
    rows = written.get(label, [])

    assert rows, f"load_demo wrote no {label}"
    reasons = {row.history_change_reason for row in rows}
    assert all(reason.split(": ")[0] == LOAD_DEMO for reason in reasons), reasons
    people = {row.history_user.email for row in rows if row.history_user is not None}
    assert all(email.endswith(".example") for email in people), people


def test_the_inventory_lists_every_model_load_demo_writes(
    written: dict[str, list[Any]], db: None
) -> None:
    assert set(written) == set(LISTED)
