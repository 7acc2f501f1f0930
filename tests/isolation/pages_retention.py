"""Isolation matrix rows for the retention pages (see matrix.py).

Every page is the headteacher's: any other member gets 403, a non-member 404.
The hold page's object is an active legal hold on a closed access request.
"""

from __future__ import annotations

from typing import Any

from retention.models import LegalHold
from retention.services import legal_hold_place
from schools.models import School
from schools.roles import Role
from tests.forms_app.factories import holder
from tests.helpers.matrix import SchoolPage, SitePage
from tests.retention.factories import closed_access_request

HEAD = frozenset({Role.HEADTEACHER})


def hold_kwargs(school: School) -> dict[str, Any]:
    active = LegalHold.objects.for_school(school).filter(lifted_at__isnull=True).first()
    if active is None:
        active = legal_hold_place(
            school=school,
            by=holder(school, Role.HEADTEACHER),
            reference=closed_access_request(school).reference,
            reason="A claim has been made.",
        )
    return {"hold_id": active.public_id}


PAGES: tuple[SchoolPage, ...] = (
    SchoolPage("retention:home", get=HEAD),
    SchoolPage("retention:rules", get=HEAD, post=HEAD),
    SchoolPage("retention:hold-add", get=HEAD, post=HEAD),
    SchoolPage("retention:hold-lift", get=HEAD, post=HEAD, object_kwargs=hold_kwargs),
)
SITE_PAGES: tuple[SitePage, ...] = ()
