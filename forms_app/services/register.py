"""Lines of the register of what the filter allows and blocks. Written, never changed."""

from __future__ import annotations

import datetime

from accounts.models import User
from forms_app.models import AccessRequest, ContentReport, FilterDecision, Verdict
from forms_app.services.common import save_as
from schools.calendar import school_today
from schools.models import School


def register_add(
    *,
    school: School,
    site: str,
    verdict: Verdict,
    reason: str,
    by: User | None,
    by_name: str = "",
    url: str = "",
    until: datetime.date | None = None,
    audience: str = "",
    access_request: AccessRequest | None = None,
    content_report: ContentReport | None = None,
    decided_on: datetime.date | None = None,
) -> FilterDecision:
    """One decision: ``by`` a person, or with ``by_name`` saying who (the school's policy)."""
    decision = FilterDecision(
        school=school,
        site=site,
        url=url,
        verdict=verdict,
        reason=reason,
        decided_by=by,
        decided_by_name=by_name or (by.full_name or by.email if by else "The portal"),
        decided_on=decided_on or school_today(school),
        until=until,
        audience=audience,
        access_request=access_request,
        content_report=content_report,
    )
    save_as(decision, by)
    return decision


def register_policy_block(
    *, school: School, site: str, reason: str, source: str, by: User | None = None
) -> FilterDecision | None:
    """What the school's policy itself blocks (Chestnuts 7.1), once per site; None if recorded."""
    exists = FilterDecision.objects.for_school(school).filter(
        site=site, verdict=Verdict.BLOCKED, decided_by_name=source
    )
    if exists.exists():
        return None
    return register_add(
        school=school, site=site, verdict=Verdict.BLOCKED, reason=reason, by=by, by_name=source
    )
