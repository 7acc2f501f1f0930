"""Isolation matrix rows for the kiosk pages (see matrix.py).

Any member of staff may open an open kiosk of their school (a second tablet at
the same evening): only the browser that started it is locked to it. So the
rows are simple: staff in, governors and network managers 403, outsiders 404.
The matrix's empty POST gets the form back with its errors.
"""

from __future__ import annotations

from typing import Any

from agreements.access import KIOSK_RUNNERS, MODULE
from schools.models import School
from tests.agreements.factories import kiosk_in, version_in
from tests.helpers.matrix import SchoolPage

RUNNERS = frozenset(KIOSK_RUNNERS)


def kiosk_kwargs(school: School) -> dict[str, Any]:
    version_in(school)  # the form is shown (and fuzzed) only once the year's text exists
    return {"kiosk_id": kiosk_in(school).public_id}


PAGES: tuple[SchoolPage, ...] = (
    SchoolPage("agreements:kiosk-start", get=RUNNERS, post=RUNNERS, module=MODULE),
    SchoolPage(
        "agreements:kiosk", get=RUNNERS, post=RUNNERS, module=MODULE, object_kwargs=kiosk_kwargs
    ),
    SchoolPage("agreements:kiosk-thanks", get=RUNNERS, module=MODULE, object_kwargs=kiosk_kwargs),
    SchoolPage(
        "agreements:kiosk-exit",
        get=RUNNERS,
        post=RUNNERS,
        module=MODULE,
        object_kwargs=kiosk_kwargs,
    ),
)
