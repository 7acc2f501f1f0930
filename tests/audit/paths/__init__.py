"""The inventory: every audited model, and every path in the portal that can change it.

A path is one of

- ``view``: a page, through the test client, signed in as the acting person;
- ``admin``: Django admin, as the platform administrator (only for models whose
  admin lets a field be changed: a read-only registration is no path);
- ``service``: the service function, called with ``by=`` the person;
- ``task``: a job handler or scheduled task (jobs/, each app's tasks.py);
- ``command``: a management command (load_demo, import_policy, run_periodic).

Each entry changes one record and says what its history row must name: the
acting person, or (for work nobody asked for) no person and the reason the
code gives. ``load_demo`` entries have no function: the demo is loaded once and
every row it wrote is checked (tests/audit/test_history_of_the_demo.py).

Each app's entries are in the module of its name; importing this package
registers them all.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

import pytest
from django.apps import apps
from django.db import models
from django.db.models import Max
from django.test import Client
from django.urls import reverse

from accounts.models import User
from schools.models import School
from tests.audit.formdata import form_data

_M = TypeVar("_M", bound=models.Model)

VIEW, ADMIN, SERVICE, TASK, COMMAND = "view", "admin", "service", "task", "command"
LOAD_DEMO = "load_demo"


@dataclass(frozen=True)
class Changed:
    """What a path changed, and who its history rows must name."""

    record: models.Model
    by: User | None
    reason: str | None = None


@dataclass
class World:
    """One school, its cast, and the platform administrator: who acts on each path."""

    school: School
    head: User
    dsl: User
    teacher: User
    governor: User
    clerk: User
    admin: User
    client_for: Callable[[User], Client]
    monkeypatch: pytest.MonkeyPatch
    model: type[models.Model] | None = None
    mark: int = 0

    def start(self) -> None:
        """The history rows written from here on are the change under test; before was set-up."""
        assert self.model is not None
        self.mark = last_history_id(self.model)

    def one(self, model: type[_M]) -> _M:
        """The school's only ``model`` row: the one the path just made."""
        return model._default_manager.filter(school=self.school).get()

    def url(self, name: str, **kwargs: Any) -> str:
        return reverse(name, kwargs={"school_slug": self.school.slug, **kwargs})

    def post(
        self, user: User | None, name: str, data: dict[str, Any] | None = None, **kwargs: Any
    ) -> Any:
        """Post ``data`` to the school page ``name`` as ``user`` (None: nobody signed in)."""
        client = Client() if user is None else self.client_for(user)
        response = client.post(self.url(name, **kwargs), data or {})
        assert response.status_code == 302, _problems(response)
        return response

    def submit(self, user: User, name: str, changes: dict[str, Any], **kwargs: Any) -> Any:
        """Open the page's form as ``user`` and send it back with only ``changes`` made."""
        client = self.client_for(user)
        url = self.url(name, **kwargs)
        page = client.get(url)
        assert page.status_code == 200, page.status_code
        response = client.post(url, form_data(page.context["form"]) | changes)
        assert response.status_code == 302, _problems(response)
        return response


def _problems(response: Any) -> str:
    form = (response.context or {}).get("form") if response.context else None
    errors = form.errors.as_text() if form is not None else ""
    return f"{response.status_code}: {errors or response.content.decode()[:2000]}"


def history_of(model: type[models.Model]) -> Any:
    """The model's django-simple-history manager: every history row of every record."""
    return model.history  # type: ignore[attr-defined]


def last_history_id(model: type[models.Model]) -> int:
    return int(history_of(model).aggregate(top=Max("history_id"))["top"] or 0)


@dataclass(frozen=True)
class Path:
    label: str  # "incidents.Incident"
    kind: str
    name: str
    change: Callable[[World], Changed] | None = field(compare=False)

    @property
    def model(self) -> type[models.Model]:
        return apps.get_model(self.label)

    def __str__(self) -> str:
        return f"{self.label}:{self.kind}:{self.name}"


PATHS: list[Path] = []


def path(label: str, kind: str, name: str) -> Callable[[Callable[[World], Changed]], Any]:
    """Register the decorated function as the ``kind`` path ``name`` that changes ``label``."""

    def register(change: Callable[[World], Changed]) -> Callable[[World], Changed]:
        PATHS.append(Path(label, kind, name, change))
        return change

    return register


def written_by_load_demo(*labels: str) -> None:
    """The models the demo loader writes: checked against the loaded demo, not one by one."""
    PATHS.extend(Path(label, COMMAND, LOAD_DEMO, None) for label in labels)


def register_all() -> list[Path]:
    from tests.audit.paths import (  # noqa: F401 - each module registers its entries
        accounts,
        agreements,
        documents,
        forms_app,
        governance,
        incidents,
        people,
        policies,
        retention,
        schools,
        subject_access,
        training,
        twofactor,
    )

    return PATHS
