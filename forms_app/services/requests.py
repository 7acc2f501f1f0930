"""A blocked-content access request (Appendix 1), one service per move.

submitted → withdrawn (by the requester)
          → rejected | approved (by the school's reviewers; Chestnuts 7.5: final)
approved  → unblocked (the network manager records the day)
approved | unblocked → revoked (by a reviewer) | expired (its last day passed)
expired | revoked, once unblocked → reblocked (the network manager records the day)
"""

from __future__ import annotations

import datetime
import logging

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from accounts.models import User
from forms_app.models import (
    ACCESS_LENGTH_DAYS,
    AccessLength,
    AccessRequest,
    Audience,
    RequestStatus,
    Verdict,
)
from forms_app.services.common import (
    ACCESS_REQUEST_PDF,
    RecordError,
    check_past_date,
    next_number,
    people_with,
    record_url,
    remake_pdf,
    require_reason,
    reviewers_of,
    save_as,
    tell,
)
from forms_app.services.register import register_add
from forms_app.sites import check_site_url
from schools.calendar import school_today
from schools.models import School, SchoolClass
from schools.records import changes_recorded_as
from schools.roles import RecordKind, Role

logger = logging.getLogger(__name__)

LONGEST_APPROVAL = datetime.timedelta(days=3 * 365)
# What the history says of an approval the scheduled expiry ended: no person did.
EXPIRY_REASON = "Automatic: the approval's time ran out"


def _url(request: AccessRequest) -> str:
    return record_url("access-request", request.school, request_id=request.public_id)


def _locked(request: AccessRequest, *allowed: RequestStatus) -> AccessRequest:
    """The request re-read under a row lock; refused unless it is in one of ``allowed``."""
    fresh = AccessRequest.objects.for_school(request.school).select_for_update().get(pk=request.pk)
    if fresh.status not in allowed:
        raise RecordError(
            f"{fresh.reference} is now “{fresh.get_status_display()}”: nothing was changed. "
            "Someone else may have dealt with it; the page now shows where it stands."
        )
    return fresh


def _after(request: AccessRequest) -> None:
    remake_pdf(request.school, ACCESS_REQUEST_PDF, request.public_id)


def suggested_access_until(request: AccessRequest, today: datetime.date) -> datetime.date | None:
    """The last day of access the requester's answer suggests, counted from today or later."""
    days = ACCESS_LENGTH_DAYS.get(request.access_length)
    if days is None:
        return None
    start = max(today, request.needed_by or today)
    return start + datetime.timedelta(days=days - 1)


def _audience_label(request: AccessRequest) -> str:
    if request.audience == Audience.CLASS and request.school_class is not None:
        return f"Class: {request.school_class.name}"
    return request.get_audience_display()


@transaction.atomic
def access_request_submit(
    *,
    school: School,
    by: User,
    url: str,
    site_content: str,
    reasons: str,
    risks: str,
    audience: Audience,
    access_length: AccessLength,
    needed_by: datetime.date | None = None,
    school_class: SchoolClass | None = None,
) -> AccessRequest:
    """A member of staff asks for a blocked site to be opened; the reviewers are told."""
    errors: dict[str, str] = {}
    try:
        site = check_site_url(url)
    except ValidationError as error:
        errors["url"] = error.messages[0]
    if audience == Audience.CLASS and school_class is None:
        errors["school_class"] = "Choose the class that needs the site."
    if school_class is not None and school_class.school_id != school.pk:
        errors["school_class"] = "Choose one of the school's own classes."
    if needed_by is not None and needed_by < school_today(school):
        errors["needed_by"] = "That day has passed: choose today or a later day, or leave it empty."
    if errors:
        raise ValidationError(errors)
    request = AccessRequest(
        school=school,
        number=next_number(AccessRequest, school),
        requested_by=by,
        requester_name=by.full_name or by.email,
        url=site.url,
        host=site.host,
        domain=site.domain,
        site_content=site_content.strip(),
        reasons=reasons.strip(),
        risks=risks.strip(),
        needed_by=needed_by,
        audience=audience,
        school_class=school_class if audience == Audience.CLASS else None,
        access_length=access_length,
    )
    save_as(request, by, settled=["number"])  # next_number, under the lock
    tell(
        school,
        reviewers_of(school, RecordKind.ACCESS_REQUEST),
        title=f"Access request {request.reference} awaits your decision",
        url=_url(request),
        by=by,
    )
    _after(request)
    return request


@transaction.atomic
def access_request_withdraw(*, request: AccessRequest, by: User, reason: str = "") -> AccessRequest:
    """The requester no longer needs the site, while the request still waits."""
    if request.requested_by_id != by.pk:
        raise ValidationError("Only the person who made a request can withdraw it.")
    request = _locked(request, RequestStatus.SUBMITTED)
    request.status = RequestStatus.WITHDRAWN
    request.withdrawn_at = timezone.now()
    request.withdrawn_reason = reason.strip()
    save_as(request, by, ["status", "withdrawn_at", "withdrawn_reason"])
    _after(request)
    return request


def _check_until(school: School, approve: bool, until: datetime.date | None) -> None:
    if not approve or until is None:
        return
    today = school_today(school)
    if until < today:
        raise ValidationError({"access_until": "The last day of access cannot be in the past."})
    if until > today + LONGEST_APPROVAL:
        raise ValidationError(
            {"access_until": "Approve access for three years at most; leave it empty for no end."}
        )


@transaction.atomic
def access_request_decide(
    *,
    request: AccessRequest,
    by: User,
    approve: bool,
    reason: str,
    access_until: datetime.date | None = None,
) -> AccessRequest:
    """The reviewer's decision, with its reason (Chestnuts 7.5: the headteacher's is final)."""
    school = request.school
    reason = require_reason(
        reason, "reason", "Give the reason for the decision: the requester will read it."
    )
    _check_until(school, approve, access_until)
    request = _locked(request, RequestStatus.SUBMITTED)
    request.status = RequestStatus.APPROVED if approve else RequestStatus.REJECTED
    request.decided_by = by
    request.decided_at = timezone.now()
    request.decision_reason = reason
    request.access_until = access_until if approve else None
    save_as(request, by, ["status", "decided_by", "decided_at", "decision_reason", "access_until"])
    register_add(
        school=school,
        site=request.domain,
        url=request.url,
        verdict=Verdict.ALLOWED if approve else Verdict.KEPT_BLOCKED,
        reason=reason,
        by=by,
        until=request.access_until,
        audience=_audience_label(request),
        access_request=request,
    )
    outcome = "approved" if approve else "refused"
    tell(
        school,
        [request.requested_by],
        title=f"Your access request {request.reference} was {outcome}",
        url=_url(request),
        by=by,
        email=True,
    )
    if approve:
        tell(
            school,
            people_with(school, {Role.NETWORK_MANAGER}),
            title=f"Access request {request.reference} was approved: a site to unblock",
            url=_url(request),
            by=by,
            email=True,
        )
    _after(request)
    return request


@transaction.atomic
def access_request_record_unblocked(
    *, request: AccessRequest, by: User, unblocked_on: datetime.date
) -> AccessRequest:
    """The network manager has opened the site in the filter."""
    check_past_date(unblocked_on, request.school, "unblocked_on", "the site was unblocked")
    request = _locked(request, RequestStatus.APPROVED)
    if request.decided_at is not None and unblocked_on < timezone.localdate(
        request.decided_at, request.school.tz
    ):
        raise ValidationError(
            {"unblocked_on": "The site cannot have been unblocked before access was approved."}
        )
    request.status = RequestStatus.UNBLOCKED
    request.unblocked_on = unblocked_on
    request.unblocked_by = by
    save_as(request, by, ["status", "unblocked_on", "unblocked_by"])
    tell(
        request.school,
        [request.requested_by],
        title=f"The site in your access request {request.reference} is now unblocked",
        url=_url(request),
        by=by,
        email=True,
    )
    _after(request)
    return request


def _end(request: AccessRequest, by: User | None, reason: str) -> None:
    """The approval has ended: the register says so, the network manager re-blocks."""
    school = request.school
    register_add(
        school=school,
        site=request.domain,
        url=request.url,
        verdict=Verdict.ALLOWANCE_ENDED,
        reason=reason,
        by=by,
        audience=_audience_label(request),
        access_request=request,
    )
    if request.unblocked_on is not None:
        tell(
            school,
            people_with(school, {Role.NETWORK_MANAGER}),
            title=f"Access request {request.reference} has ended: block the site again",
            url=_url(request),
            by=by,
            email=True,
        )
    _after(request)


@transaction.atomic
def access_request_revoke(*, request: AccessRequest, by: User, reason: str) -> AccessRequest:
    """A reviewer ends an approval early, saying why."""
    reason = require_reason(reason, "reason", "Say why the approval is being revoked.")
    request = _locked(request, RequestStatus.APPROVED, RequestStatus.UNBLOCKED)
    request.status = RequestStatus.REVOKED
    request.ended_at = timezone.now()
    request.revoked_by = by
    request.revoke_reason = reason
    save_as(request, by, ["status", "ended_at", "revoked_by", "revoke_reason"])
    tell(
        request.school,
        [request.requested_by],
        title=f"The approval of your access request {request.reference} was revoked",
        url=_url(request),
        by=by,
        email=True,
    )
    _end(request, by, f"Approval revoked: {reason}")
    return request


@transaction.atomic
def _expire_one(request: AccessRequest) -> bool:
    try:
        request = _locked(request, RequestStatus.APPROVED, RequestStatus.UNBLOCKED)
    except RecordError:
        return False  # dealt with meanwhile
    request.status = RequestStatus.EXPIRED
    request.ended_at = timezone.now()
    save_as(request, None, ["status", "ended_at"])
    assert request.access_until is not None
    _end(request, None, f"The approved access ended after {request.access_until:%d/%m/%Y}.")
    return True


def access_requests_expire(
    *, now: datetime.datetime | None = None, school: School | None = None
) -> int:
    """End every approval whose last day has passed, in each school's own time; how many.

    Every active school, or only ``school``.
    """
    now = now or timezone.now()
    ended = 0
    schools = [school] if school is not None else School.objects.filter(is_active=True)
    for school in schools:
        today = timezone.localdate(now, school.tz)
        due = AccessRequest.objects.for_school(school).filter(
            status__in=[RequestStatus.APPROVED, RequestStatus.UNBLOCKED],
            access_until__lt=today,
        )
        for request in due.select_related("school"):
            with changes_recorded_as(EXPIRY_REASON):
                ended += _expire_one(request)
    if ended:
        logger.info("Ended %d access approvals", ended)
    return ended


@transaction.atomic
def access_request_record_reblocked(
    *, request: AccessRequest, by: User, reblocked_on: datetime.date
) -> AccessRequest:
    """The network manager has blocked the site again after the approval ended."""
    check_past_date(reblocked_on, request.school, "reblocked_on", "the site was blocked again")
    request = _locked(request, RequestStatus.EXPIRED, RequestStatus.REVOKED)
    if request.unblocked_on is None:
        raise RecordError(f"{request.reference} was never unblocked: there is nothing to re-block.")
    if reblocked_on < request.unblocked_on:
        raise ValidationError(
            {"reblocked_on": "The site cannot have been blocked again before it was unblocked."}
        )
    request.status = RequestStatus.REBLOCKED
    request.reblocked_on = reblocked_on
    request.reblocked_by = by
    save_as(request, by, ["status", "reblocked_on", "reblocked_by"])
    _after(request)
    return request
