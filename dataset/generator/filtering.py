"""Access requests and content reports, with the filtering register lines they write.

The first records of each school take every status in turn; a request or
report that moved on carries a ``Change`` by the person who moved it, and the
register gains a line for each decision, block and ended allowance.
"""

from __future__ import annotations

import datetime

from accounts.models import User
from dataset import names
from dataset.bulk import Change
from dataset.generator.history import _before, _by
from dataset.generator.seeded import ACCESS_REQUESTS, CONTENT_REPORTS, DAY, _School
from dataset.generator.staff import _reviewer
from forms_app.models import (
    ACCESS_LENGTH_DAYS,
    AccessLength,
    AccessRequest,
    Audience,
    ContentCategory,
    ContentReport,
    FilterDecision,
    ReportedSite,
    RequestStatus,
)
from schools.models import School, SchoolClass
from schools.roles import Role

REQUEST_STATES = list(RequestStatus)
REQUEST_WEIGHTS = [4, 1, 3, 2, 10, 8, 1, 2]
DECIDED_FIELDS = [
    "status", "withdrawn_at", "withdrawn_reason", "decided_by", "decided_at", "decision_reason",
    "access_until", "unblocked_on", "unblocked_by", "ended_at", "revoked_by", "revoke_reason",
    "reblocked_on", "reblocked_by",
]  # fmt: skip

# A request's status from unblocked on: it was unblocked, and from expired on it ended.
UNBLOCKED_STATES = {
    RequestStatus.UNBLOCKED,
    RequestStatus.EXPIRED,
    RequestStatus.REVOKED,
    RequestStatus.REBLOCKED,
}
ENDED_STATES = {RequestStatus.EXPIRED, RequestStatus.REVOKED, RequestStatus.REBLOCKED}


def _access_requests(
    s: _School, school: School, staff: dict[Role, list[User]], classes: list[SchoolClass]
) -> list[AccessRequest]:
    reviewer = _reviewer(staff, s)
    network = staff[Role.NETWORK_MANAGER][0]
    requesters = staff[Role.TEACHER] + staff[Role.SUPPORT]
    out = []
    for i in range(ACCESS_REQUESTS):
        status = s.state(i, REQUEST_STATES, REQUEST_WEIGHTS)
        who = s.pick(requesters)
        req = _access_request(s, school, classes, i + 1, status, who)
        change = None
        if status != RequestStatus.SUBMITTED:
            change = _request_moved_on(s, school, req, who, reviewer, network)
        out.append(s.rows.add(req, at=req.submitted_at, by=_by(who), change=change))
    return out


def _access_request(
    s: _School, school: School, classes: list[SchoolClass], number: int, status: str, who: User
) -> AccessRequest:
    """The request as submitted; ``_request_moved_on`` fills in what happened next."""
    host, content = s.pick(names.SITES)
    at = s.when()
    audience = s.pick(list(Audience))
    length = s.pick(list(AccessLength))
    return AccessRequest(
        public_id=s.uid(),
        school=school,
        number=number,
        status=status,
        requested_by=who,
        requester_name=who.full_name,
        submitted_at=at,
        url=f"https://{host}/watch/{s.rng.randint(1000, 99999)}",
        host=host,
        domain=host.removeprefix("www."),
        site_content=content,
        reasons=s.pick(names.REASONS),
        risks=s.pick(names.RISKS),
        audience=audience,
        school_class=s.pick(classes) if audience == Audience.CLASS else None,
        access_length=length,
        needed_by=(at + 7 * DAY).date(),
    )


def _request_moved_on(
    s: _School, school: School, req: AccessRequest, who: User, reviewer: User, network: User
) -> Change:
    """Withdraw or decide ``req`` and take it on to its status: one change for every step."""
    status = req.status
    moved = s.later(req.submitted_at)
    actor = reviewer
    if status == RequestStatus.WITHDRAWN:
        req.withdrawn_at = moved
        req.withdrawn_reason = "No longer needed: the lesson changed."
        actor = who
    else:
        _decide(s, school, req, reviewer, moved)
    if status in UNBLOCKED_STATES:
        req.unblocked_on, req.unblocked_by = moved.date(), network
    if status in ENDED_STATES:
        _end(s, school, req, reviewer, moved)
    if status == RequestStatus.REBLOCKED:
        req.reblocked_on, req.reblocked_by = req.ended_at.date(), network  # type: ignore[union-attr]
    return Change(
        at=moved,
        by=_by(actor),
        before=_before(req, DECIDED_FIELDS, status=RequestStatus.SUBMITTED),
    )


def _decide(
    s: _School, school: School, req: AccessRequest, reviewer: User, moved: datetime.datetime
) -> None:
    req.decided_by, req.decided_at = reviewer, moved
    approved = req.status != RequestStatus.REJECTED
    req.decision_reason = (
        "Educational value outweighs the risks, with the teacher supervising."
        if approved
        else "A safer resource covers this: see the curriculum links page."
    )
    days = ACCESS_LENGTH_DAYS[req.access_length]
    if approved and days is not None:
        req.access_until = moved.date() + datetime.timedelta(days=days)
    _register(s, school, req, reviewer, moved, approved)


def _end(
    s: _School, school: School, req: AccessRequest, reviewer: User, moved: datetime.datetime
) -> None:
    """The allowance ended: expired, revoked, or reblocked (revoked first, half the time)."""
    req.ended_at = s.later(moved, 30)
    req.access_until = req.access_until or req.ended_at.date()
    if req.access_until >= s.today:
        req.access_until = s.today - DAY
    if req.status == RequestStatus.REVOKED or (
        req.status == RequestStatus.REBLOCKED and s.rng.random() < 0.5
    ):
        req.revoked_by = reviewer
        req.revoke_reason = "The site started showing unsuitable adverts."
    _register_end(s, school, req, reviewer)


def _register(
    s: _School,
    school: School,
    req: AccessRequest,
    by: User,
    at: datetime.datetime,
    approved: bool,
) -> None:
    line = FilterDecision(
        public_id=s.uid(),
        school=school,
        site=req.domain,
        url=req.url,
        verdict="allowed" if approved else "kept_blocked",
        reason=req.decision_reason,
        decided_by=by,
        decided_by_name=by.full_name,
        decided_on=at.date(),
        until=req.access_until,
        audience=req.get_audience_display(),
        access_request=req,
        recorded_at=at,
    )
    s.rows.add(line, at=at, by=_by(by))


def _register_end(s: _School, school: School, req: AccessRequest, by: User) -> None:
    at = req.ended_at
    assert at is not None
    line = FilterDecision(
        public_id=s.uid(),
        school=school,
        site=req.domain,
        url=req.url,
        verdict="allowance_ended",
        reason=req.revoke_reason or "The approved period ended.",
        decided_by=by,
        decided_by_name=by.full_name,
        decided_on=at.date(),
        audience=req.get_audience_display(),
        access_request=req,
        recorded_at=at,
    )
    s.rows.add(line, at=at, by=_by(by))


REPORT_STATES = ["reported", "blocked", "closed"]
REPORT_FIELDS = [
    "status", "blocked_on", "blocked_by", "provider_reference", "closed_by", "closed_at",
    "close_reason",
]  # fmt: skip


def _content_reports(
    s: _School, school: School, staff: dict[Role, list[User]]
) -> list[ContentReport]:
    reviewer = _reviewer(staff, s)
    network = staff[Role.NETWORK_MANAGER][0]
    reporters = staff[Role.TEACHER] + staff[Role.SUPPORT]
    out = []
    for i in range(CONTENT_REPORTS):
        status = s.state(i, REPORT_STATES, [2, 6, 3])
        who = s.pick(reporters)
        report, host = _content_report(s, school, i + 1, status, who)
        change = None
        if status != "reported":
            change = _report_moved_on(s, school, report, host, reviewer, network)
        out.append(s.rows.add(report, at=report.reported_at, by=_by(who), change=change))
    return out


def _content_report(
    s: _School, school: School, number: int, status: str, who: User
) -> tuple[ContentReport, str]:
    """The report as made, with its sites, and the host it names."""
    at = s.when()
    host, nature = s.pick(names.BAD_SITES)
    report = ContentReport(
        public_id=s.uid(),
        school=school,
        number=number,
        status=status,
        reported_by=who,
        reporter_name=who.full_name,
        reported_at=at,
        site_content=nature,
        categories=[s.pick(list(ContentCategory)).value],
        nature=nature,
        safeguarding=s.rng.random() < 0.2,
    )
    for position in range(1, s.rng.randint(1, 2) + 1):
        site = ReportedSite(
            school=school,
            report=report,
            position=position,
            url=f"https://{host}/page/{position}",
            host=host,
            domain=host,
        )
        s.rows.add(site, at=at, by=_by(who))
    return report, host


def _report_moved_on(
    s: _School, school: School, report: ContentReport, host: str, reviewer: User, network: User
) -> Change:
    """Block or close ``report``, with its line in the register."""
    status = report.status
    moved = s.later(report.reported_at, 5)
    actor = network if status == "blocked" else reviewer
    if status == "blocked":
        report.blocked_on, report.blocked_by = moved.date(), network
        report.provider_reference = f"LGFL-{s.rng.randint(10000, 99999)}"
    else:
        report.closed_by, report.closed_at = reviewer, moved
        report.close_reason = "Checked: the filter already blocks the site."
    line = FilterDecision(
        public_id=s.uid(),
        school=school,
        site=host,
        url=f"https://{host}/page/1",
        verdict="blocked" if status == "blocked" else "not_blocked",
        reason=report.close_reason or "Reported as inappropriate and blocked.",
        decided_by=actor,
        decided_by_name=actor.full_name,
        decided_on=moved.date(),
        audience="",
        content_report=report,
        recorded_at=moved,
    )
    s.rows.add(line, at=moved, by=_by(actor))
    return Change(at=moved, by=_by(actor), before=_before(report, REPORT_FIELDS, status="reported"))
