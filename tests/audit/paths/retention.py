"""Retention rules and legal holds: the headteacher's, on the retention pages or the services.

The disposal deletes records and their history rows, so it has no entry here:
tests/retention/test_disposal.py checks what it leaves behind.
"""

from __future__ import annotations

from retention.models import LegalHold, RetainedKind, RetentionRule
from retention.services import legal_hold_lift, legal_hold_place, retention_rules_set
from tests.audit.paths import SERVICE, VIEW, Changed, World, path
from tests.retention.factories import closed_access_request

RULES = {"incident": 30, "access_request": 6, "content_report": 6, "agreement": 1, "complaint": 6}


@path("retention.RetentionRule", VIEW, "rules")
def _rules_view(w: World) -> Changed:
    w.post(w.head, "retention:rules", RULES)
    return Changed(RetentionRule.objects.for_school(w.school).get(), w.head)


@path("retention.RetentionRule", SERVICE, "retention_rules_set")
def _rules_service(w: World) -> Changed:
    years: dict[RetainedKind, int | None] = {RetainedKind.AGREEMENT: 2}
    (rule,) = retention_rules_set(school=w.school, by=w.head, years=years)
    return Changed(rule, w.head)


@path("retention.LegalHold", VIEW, "hold-add")
def _hold_view(w: World) -> Changed:
    request = closed_access_request(w.school, w.head)
    w.start()
    w.post(w.head, "retention:hold-add", {"reference": request.reference, "reason": "A claim."})
    return Changed(LegalHold.objects.for_school(w.school).get(), w.head)


@path("retention.LegalHold", SERVICE, "legal_hold_place")
def _hold_service(w: World) -> Changed:
    request = closed_access_request(w.school, w.head)
    w.start()
    hold = legal_hold_place(
        school=w.school, by=w.head, reference=request.reference, reason="A claim."
    )
    return Changed(hold, w.head)


@path("retention.LegalHold", VIEW, "hold-lift")
def _lift_view(w: World) -> Changed:
    request = closed_access_request(w.school, w.head)
    hold = legal_hold_place(
        school=w.school, by=w.head, reference=request.reference, reason="A claim."
    )
    w.start()
    w.post(w.head, "retention:hold-lift", {"lift_reason": "Settled."}, hold_id=hold.public_id)
    return Changed(hold, w.head)


@path("retention.LegalHold", SERVICE, "legal_hold_lift")
def _lift_service(w: World) -> Changed:
    request = closed_access_request(w.school, w.head)
    hold = legal_hold_place(
        school=w.school, by=w.head, reference=request.reference, reason="A claim."
    )
    w.start()
    return Changed(legal_hold_lift(hold=hold, by=w.head, reason="Settled."), w.head)
