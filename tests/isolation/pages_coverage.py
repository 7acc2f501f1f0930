"""Isolation matrix rows for the coverage, signed agreements, matching and roster pages."""

from __future__ import annotations

from typing import Any

from agreements.access import AGREEMENT_MANAGERS, AGREEMENT_READERS
from agreements.models import Child
from schools.models import School, SchoolClass
from schools.roles import Module
from tests.agreements.factories import agreement_kwargs, child_in
from tests.helpers.matrix import SchoolPage

M = Module.AGREEMENTS
READERS, MANAGERS = AGREEMENT_READERS, AGREEMENT_MANAGERS


def class_kwargs(school: School) -> dict[str, Any]:
    school_class = SchoolClass.objects.for_school(school).order_by("pk").first()
    assert school_class is not None, f"{school.slug} has no class"
    return {"class_id": school_class.public_id}


def child_kwargs(school: School) -> dict[str, Any]:
    child = Child.objects.for_school(school).order_by("pk").first() or child_in(school)
    return {"child_id": child.public_id}


PAGES: tuple[SchoolPage, ...] = (
    SchoolPage("agreements:coverage", get=READERS, module=M),
    SchoolPage("agreements:coverage-live", get=READERS, module=M),
    SchoolPage("agreements:coverage-csv", get=READERS, module=M),
    # The target: the headteacher; an empty POST shows the form's errors.
    SchoolPage("agreements:coverage-target", get=MANAGERS, post=MANAGERS, module=M),
    SchoolPage("agreements:class-coverage", get=READERS, module=M, object_kwargs=class_kwargs),
    SchoolPage("agreements:signed-list", get=READERS, module=M),
    SchoolPage("agreements:agreement", get=READERS, module=M, object_kwargs=agreement_kwargs),
    SchoolPage(
        "agreements:agreement-match",
        get=READERS,
        post=READERS,
        module=M,
        object_kwargs=agreement_kwargs,
    ),
    SchoolPage("agreements:matching", get=READERS, module=M),
    SchoolPage("agreements:roster", get=READERS, module=M),
    SchoolPage("agreements:roster-import", get=MANAGERS, post=MANAGERS, module=M),
    SchoolPage(
        "agreements:roster-child",
        get=MANAGERS,
        post=MANAGERS,
        module=M,
        object_kwargs=child_kwargs,
    ),
)
