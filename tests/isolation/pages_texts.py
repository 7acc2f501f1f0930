"""Isolation matrix rows for the agreement text, signing links, paper copies and
the public signing page (see matrix.py)."""

from __future__ import annotations

import datetime
import uuid
from typing import Any

from django.utils import timezone

from agreements.access import AGREEMENT_MANAGERS, AGREEMENT_READERS
from agreements.models import SigningLink
from agreements.services.links import LINK_DAYS, link_token
from agreements.services.paper import agreement_record_paper
from agreements.services.signing import Signer
from agreements.uploads import PDF, Scan
from schools.calendar import current_academic_year, school_today
from schools.models import School
from schools.roles import Module, Role
from tests.agreements.factories import child_in, class_in, version_in
from tests.forms_app.factories import holder
from tests.helpers.matrix import MEMBERS, Outcome, SchoolPage

M = Module.AGREEMENTS
REDIRECT = Outcome.REDIRECT
# The smallest whole PDF the upload check accepts.
TINY_PDF = b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n"


def link_in(school: School, **fields: Any) -> SigningLink:
    """An open link for a roster child of ``school`` (the year's text started), no email sent."""
    version_in(school)
    by = holder(school, Role.TEACHER)
    fields.setdefault("expires_at", timezone.now() + datetime.timedelta(days=LINK_DAYS))
    link = SigningLink(
        school=school,
        child=fields.pop("child", None) or child_in(school, "Link", "Child"),
        academic_year=current_academic_year(school).year,
        email="parent@example.com",
        created_by=by,
        **fields,
    )
    link._history_user = by  # type: ignore[attr-defined]
    link.save()
    return link


def paper_in(school: School) -> Any:
    """A paper copy with a (PDF) scan, recorded by the school's teacher."""
    agreement, _ = agreement_record_paper(
        school=school,
        by=holder(school, Role.TEACHER),
        key=uuid.uuid4(),
        version=version_in(school),
        signer=Signer(
            parent_name="Farah Khan",
            child_name="Amira Khan",
            school_class=class_in(school),
            signature_kind="paper",
        ),
        signed_on=school_today(school),
        scan=Scan(TINY_PDF, PDF),
    )
    return agreement


PAGES: tuple[SchoolPage, ...] = (
    # The text: the headteacher's. POST on the list starts this year's round.
    SchoolPage(
        "agreements:texts",
        get=AGREEMENT_MANAGERS,
        post=AGREEMENT_MANAGERS,
        module=M,
        post_ok=REDIRECT,
    ),
    SchoolPage("agreements:text-new", get=AGREEMENT_MANAGERS, post=AGREEMENT_MANAGERS, module=M),
    SchoolPage(
        "agreements:text",
        get=AGREEMENT_MANAGERS,
        module=M,
        object_kwargs=lambda school: {"version_id": version_in(school).public_id},
    ),
    SchoolPage(
        "agreements:translation-add",
        get=AGREEMENT_MANAGERS,
        post=AGREEMENT_MANAGERS,
        module=M,
        object_kwargs=lambda school: {"version_id": version_in(school).public_id},
    ),
    # Personal links: staff who follow coverage send and cancel them.
    SchoolPage("agreements:links", get=AGREEMENT_READERS, post=AGREEMENT_READERS, module=M),
    SchoolPage(
        "agreements:link-cancel",
        get=AGREEMENT_READERS,
        post=AGREEMENT_READERS,
        module=M,
        get_ok=REDIRECT,
        post_ok=REDIRECT,
        object_kwargs=lambda school: {"link_id": link_in(school).public_id},
    ),
    # The family's page: anyone holding the link, signed in or not (an empty POST shows
    # the form's errors). The token is signed for its own school only.
    SchoolPage(
        "agreements:sign",
        get=MEMBERS,
        post=MEMBERS,
        public=True,
        object_kwargs=lambda school: {"token": link_token(link_in(school))},
    ),
    SchoolPage("agreements:sign-thanks", get=MEMBERS, public=True),
    # Paper copies and their scans.
    SchoolPage("agreements:paper-add", get=AGREEMENT_READERS, post=AGREEMENT_READERS, module=M),
    SchoolPage(
        "agreements:scan",
        get=AGREEMENT_READERS,
        module=M,
        object_kwargs=lambda school: {"agreement_id": paper_in(school).public_id},
    ),
)
