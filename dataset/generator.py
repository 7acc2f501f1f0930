"""Synthetic schools for measuring the portal at national scale (issue 11).

``generate(schools=N, seed=S)`` makes N fictional schools, each with its
classes, a roster of about 275 pupils, about 27 staff and governors in every
role, and a year of records in every state: access requests and content
reports with the filtering register, incidents with the people involved,
checklist steps, decisions and notes, home-school agreements with kiosks and
signing links, complaints, training sessions and notifications.

School number ``n`` is drawn from ``random.Random(f"{seed}:{n}")`` alone, so
the same seed gives the same rows, and a school that exists already (by its
slug, ``gen<seed>-<n>``) is skipped: running again with the same seed adds
nothing, and a larger N adds only the missing schools. Times are counted back
from ``today`` (by default the day of the run).

Rows are written in bulk with their history and audit rows (dataset.bulk).
"""

from __future__ import annotations

import datetime
import random
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.contrib.auth.hashers import make_password
from django.db import models, transaction

from accounts.models import User
from agreements.models import (
    DEFAULT_TITLE,
    Agreement,
    AgreementSettings,
    AgreementVersion,
    Child,
    KioskSession,
    Match,
    Method,
    SignatureKind,
    SigningLink,
)
from agreements.text import default_body
from dataset import names
from dataset.bulk import Change, Rows, write
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
from governance.models import (
    ComplainantKind,
    Complaint,
    ComplaintAbout,
    ComplaintOutcome,
    ComplaintStage,
    ComplaintStatus,
)
from incidents.checklists import GENERIC_STEPS, _rows
from incidents.models import (
    ChecklistStep,
    Decision,
    ExternalReport,
    Incident,
    IncidentKind,
    IncidentNote,
    IncidentPerson,
    IncidentStep,
    PersonKind,
    SchoolDay,
)
from notifications.models import Notification
from schools.models import (
    Membership,
    PhoneProvider,
    PhoneProviderDefault,
    ReviewRoute,
    School,
    SchoolClass,
    SocialNetwork,
    SocialNetworkDefault,
    YearGroup,
)
from schools.roles import Module, RecordKind, Role, TrainingKind
from schools.services import reference_defaults_ensure
from training.models import Attendance, SessionStatus, TrainingSession

PASSWORD = "dataset-password"  # noqa: S105 - shared by every generated account, printed
DAY = datetime.timedelta(days=1)

# How many of each a school has (before the seeded variation).
PUPILS = 275
STAFF: tuple[tuple[Role, int, str], ...] = (
    (Role.HEADTEACHER, 1, "Headteacher"),
    (Role.DSL, 1, "Designated safeguarding lead"),
    (Role.ESAFETY, 2, "E-safety lead"),
    (Role.TEACHER, 10, "Class teacher"),
    (Role.SUPPORT, 6, "Teaching assistant"),
    (Role.VOLUNTEER, 1, "Reading volunteer"),
    (Role.NETWORK_MANAGER, 1, "Network manager"),
    (Role.GOVERNOR, 4, "Governor"),
    (Role.CLERK, 1, "Clerk to the governors"),
)
ACCESS_REQUESTS = 40
CONTENT_REPORTS = 15
INCIDENTS = 5
AGREEMENTS = 200
COMPLAINTS = 3
TRAINING_SESSIONS = 6
NOTIFICATIONS = 40


def slug_for(seed: int, number: int) -> str:
    return f"gen{seed}-{number:05d}"


def email_for(prefix: str, slug: str) -> str:
    return f"{prefix}@{slug}.example"


@dataclass
class Progress:
    created: int = 0
    skipped: int = 0
    rows: int = 0


def generate(
    *,
    schools: int,
    seed: int,
    batch_size: int = 2000,
    chunk: int = 20,
    today: datetime.date | None = None,
    report: Callable[[str], None] = lambda line: None,
) -> Progress:
    """Make schools 1..``schools`` for ``seed`` that do not exist yet."""
    today = today or datetime.datetime.now(tz=datetime.UTC).date()
    reference_defaults_ensure()
    context = _Context(
        today=today,
        # Hashed once for every account (a fixed salt: the same seed, the same rows).
        password=make_password(PASSWORD, salt=f"dataset{seed}"),
        networks=list(SocialNetworkDefault.objects.order_by("order", "key")),
        providers=list(PhoneProviderDefault.objects.order_by("order", "key")),
    )
    wanted = {slug_for(seed, n): n for n in range(1, schools + 1)}
    existing = set(School.objects.filter(slug__in=list(wanted)).values_list("slug", flat=True))
    progress = Progress(skipped=len(existing))
    todo = [n for slug, n in wanted.items() if slug not in existing]
    for start in range(0, len(todo), chunk):
        with transaction.atomic():
            rows = Rows(batch_size=batch_size)
            built = [_school(rows, context, seed, n) for n in todo[start : start + chunk]]
            progress.rows += _write_in_order(rows, built)
        for n in todo[start : start + chunk]:
            progress.created += 1
            if progress.created % 100 == 0 or n == todo[-1]:
                report(f"{progress.created} of {len(todo)} schools written ({progress.rows} rows)")
    return progress


@dataclass
class _Context:
    today: datetime.date
    password: str
    networks: list[SocialNetworkDefault]
    providers: list[PhoneProviderDefault]


@dataclass
class _Built:
    school: School
    users: list[User] = field(default_factory=list)


# The order rows are written in: each after the rows its foreign keys point at.
WRITE_ORDER: tuple[type[models.Model], ...] = (
    School, User, Membership, ReviewRoute, SocialNetwork, PhoneProvider, ChecklistStep,
    SchoolClass, Child, AccessRequest, ContentReport, ReportedSite, FilterDecision, Incident,
    IncidentPerson, IncidentStep, Decision, IncidentNote, ExternalReport, AgreementVersion,
    AgreementSettings, KioskSession, SigningLink, Agreement, Complaint, TrainingSession,
    Attendance,
)  # fmt: skip


def _write_in_order(rows: Rows, built: list[_Built]) -> int:
    """Schools and users first (their ids name people in the audit rows), then the rest."""
    assert set(rows.records) <= set(WRITE_ORDER), set(rows.records) - set(WRITE_ORDER)
    rows.records = {m: rows.records[m] for m in WRITE_ORDER if m in rows.records}
    first = Rows(batch_size=rows.batch_size)
    for model in (School, User):
        first.records[model] = rows.records.pop(model)
    written = write(first, {})
    people = {b.school.pk: {u.pk: u.full_name for u in b.users} for b in built}
    return written + write(rows, people)


# --- One school ------------------------------------------------------------------------------


class _School:
    """The seeded choices for one school."""

    def __init__(self, rows: Rows, context: _Context, seed: int, number: int) -> None:
        self.rows = rows
        # Seeded, for repeatable fictional data: nothing here is a secret.
        self.rng = random.Random(f"{seed}:{number}")  # noqa: S311
        self.number = number
        self.today = context.today
        self.now = datetime.datetime.combine(
            context.today, datetime.time(12, 0), tzinfo=datetime.UTC
        )
        self.context = context

    def uid(self) -> uuid.UUID:
        return uuid.UUID(int=self.rng.getrandbits(128), version=4)

    def when(self, days_ago_max: int = 330, days_ago_min: int = 1) -> datetime.datetime:
        days = self.rng.randint(days_ago_min, days_ago_max)
        return self.now - datetime.timedelta(days=days, minutes=self.rng.randint(0, 8 * 60))

    def later(self, at: datetime.datetime, max_days: int = 14) -> datetime.datetime:
        moved = at + datetime.timedelta(days=self.rng.randint(0, max_days), hours=1)
        return min(moved, self.now - datetime.timedelta(minutes=5))

    def pick(self, seq: Any) -> Any:
        return self.rng.choice(seq)

    def state(self, i: int, states: list[Any], weights: list[int]) -> Any:
        """The first records of a school take every state in turn; the rest are weighted."""
        if i < len(states):
            return states[(i + self.number) % len(states)]
        return self.rng.choices(states, weights)[0]

    def person_name(self) -> str:
        return f"{self.pick(names.FIRST_NAMES)} {self.pick(names.LAST_NAMES)}"


def _school(rows: Rows, context: _Context, seed: int, number: int) -> _Built:
    s = _School(rows, context, seed, number)
    slug = slug_for(seed, number)
    founded = s.now - datetime.timedelta(days=400)
    school = School(
        public_id=s.uid(),
        slug=slug,
        name=f"{s.pick(names.PLACES)} {s.pick(names.KINDS)}",
        enabled_modules=[str(m) for m in Module],
        blocks_all_social_media=s.rng.random() < 0.2,
        filtering_provider=s.pick(
            ("London Grid for Learning (LGfL)", "The school's network manager", "Smoothwall")
        ),
        created_at=founded,
    )
    rows.add(school, at=founded, by=None)
    built = _Built(school=school)
    staff = _people(s, school, slug, founded, built)
    head = staff[Role.HEADTEACHER][0]
    _configuration(s, school, head, founded)
    classes = _classes(s, school, head, founded)
    children = _roster(s, school, classes, head, founded)
    requests = _access_requests(s, school, staff, classes)
    reports = _content_reports(s, school, staff)
    _incidents(s, school, staff, classes, reports)
    _agreements(s, school, staff, classes, children)
    _complaints(s, school, staff)
    _training(s, school, staff)
    _notifications(s, school, staff, requests)
    return built


def _by(user: User | None) -> User | None:
    """Who did it: the id is read when the rows are written, after the users'."""
    return user


def _people(
    s: _School, school: School, slug: str, founded: datetime.datetime, built: _Built
) -> dict[Role, list[User]]:
    staff: dict[Role, list[User]] = {}
    for role, count, title in STAFF:
        for i in range(1, count + 1):
            prefix = {Role.HEADTEACHER: "head", Role.NETWORK_MANAGER: "network"}.get(
                role, str(role)
            )
            user = User(
                public_id=s.uid(),
                email=email_for(prefix if count == 1 else f"{prefix}{i}", slug),
                full_name=s.person_name(),
                password=s.context.password,
                date_joined=founded,
            )
            s.rows.add(user, at=founded, by=None)
            built.users.append(user)
            staff.setdefault(role, []).append(user)
            label = f"{title}, {YearGroup(i % 7).label}" if role == Role.TEACHER else title
            membership = Membership(school=school, user=user, role=role, title=label)
            membership.started_at = founded
            s.rows.add(membership, at=founded, by=None)
    return staff


def _configuration(s: _School, school: School, head: User, at: datetime.datetime) -> None:
    reviewer = Role.HEADTEACHER if s.number % 2 else Role.ESAFETY
    routes = {
        RecordKind.ACCESS_REQUEST: (reviewer,),
        RecordKind.CONTENT_REPORT: (reviewer,),
        RecordKind.INCIDENT: (Role.HEADTEACHER, Role.DSL),
        RecordKind.COMPLAINT: (Role.GOVERNOR,),
    }
    for kind, roles in routes.items():
        for role in roles:
            s.rows.add(ReviewRoute(school=school, kind=kind, role=role), at=at, by=_by(head))
    for default in s.context.networks:
        copy = SocialNetwork(
            public_id=s.uid(),
            school=school,
            default=default,
            blocked=school.blocks_all_social_media or s.rng.random() < 0.3,
            **{name: getattr(default, name) for name in SocialNetwork.COPIED_FIELDS},
        )
        s.rows.add(copy, at=at, by=_by(head))
    for provider_default in s.context.providers:
        provider = PhoneProvider(
            public_id=s.uid(),
            school=school,
            default=provider_default,
            **{name: getattr(provider_default, name) for name in PhoneProvider.COPIED_FIELDS},
        )
        s.rows.add(provider, at=at, by=_by(head))
    for step in _rows(school, GENERIC_STEPS):
        step.public_id = s.uid()
        s.rows.add(step, at=at, by=_by(head))


def _classes(s: _School, school: School, head: User, at: datetime.datetime) -> list[SchoolClass]:
    trees = s.rng.sample(names.CLASS_TREES, len(YearGroup))
    classes = []
    for tree, year_group in zip(trees, YearGroup, strict=True):
        school_class = SchoolClass(
            public_id=s.uid(),
            school=school,
            name=f"{tree} ({year_group.label})",
            year_group=year_group.value,
        )
        classes.append(s.rows.add(school_class, at=at, by=_by(head)))
    return classes


def _roster(
    s: _School, school: School, classes: list[SchoolClass], head: User, at: datetime.datetime
) -> list[Child]:
    pupils = PUPILS + s.rng.randint(-20, 20)
    children = []
    for i in range(pupils):
        school_class = classes[i * len(classes) // pupils]
        born = datetime.date(s.today.year - 5 - school_class.year_group, 9, 1) + datetime.timedelta(
            days=s.rng.randint(0, 364)
        )
        child = Child(
            public_id=s.uid(),
            school=school,
            first_name=s.pick(names.FIRST_NAMES),
            last_name=s.pick(names.LAST_NAMES),
            school_class=school_class,
            date_of_birth=born,
            reference=f"P{s.number:05d}{i:04d}",
            on_roll=s.rng.random() > 0.02,
        )
        children.append(s.rows.add(child, at=at, by=_by(head)))
    return children


def _before(obj: models.Model, names_: list[str], **initial: Any) -> dict[str, Any]:
    """The given fields as they were when ``obj`` was created: empty, unless ``initial`` says."""
    out = {}
    for name in names_:
        f: Any = obj._meta.get_field(name)
        out[f.attname] = None if f.null else f.get_default()
    out.update(initial)
    return out


REQUEST_STATES = list(RequestStatus)
REQUEST_WEIGHTS = [4, 1, 3, 2, 10, 8, 1, 2]
DECIDED_FIELDS = [
    "status", "withdrawn_at", "withdrawn_reason", "decided_by", "decided_at", "decision_reason",
    "access_until", "unblocked_on", "unblocked_by", "ended_at", "revoked_by", "revoke_reason",
    "reblocked_on", "reblocked_by",
]  # fmt: skip


def _reviewer(staff: dict[Role, list[User]], s: _School) -> User:
    return staff[Role.HEADTEACHER][0] if s.number % 2 else staff[Role.ESAFETY][0]


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
        host, content = s.pick(names.SITES)
        at = s.when()
        audience = s.pick(list(Audience))
        length = s.pick(list(AccessLength))
        req = AccessRequest(
            public_id=s.uid(),
            school=school,
            number=i + 1,
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
        change = None
        if status != RequestStatus.SUBMITTED:
            moved = s.later(at)
            actor = reviewer
            if status == RequestStatus.WITHDRAWN:
                req.withdrawn_at = moved
                req.withdrawn_reason = "No longer needed: the lesson changed."
                actor = who
            else:
                req.decided_by, req.decided_at = reviewer, moved
                approved = status != RequestStatus.REJECTED
                req.decision_reason = (
                    "Educational value outweighs the risks, with the teacher supervising."
                    if approved
                    else "A safer resource covers this: see the curriculum links page."
                )
                days = ACCESS_LENGTH_DAYS[length]
                if approved and days is not None:
                    req.access_until = moved.date() + datetime.timedelta(days=days)
                _register(s, school, req, reviewer, moved, approved)
            if status in {
                RequestStatus.UNBLOCKED,
                RequestStatus.EXPIRED,
                RequestStatus.REVOKED,
                RequestStatus.REBLOCKED,
            }:
                req.unblocked_on, req.unblocked_by = moved.date(), network
            if status in {RequestStatus.EXPIRED, RequestStatus.REVOKED, RequestStatus.REBLOCKED}:
                req.ended_at = s.later(moved, 30)
                req.access_until = req.access_until or req.ended_at.date()
                if req.access_until >= s.today:
                    req.access_until = s.today - DAY
                if status == RequestStatus.REVOKED or (
                    status == RequestStatus.REBLOCKED and s.rng.random() < 0.5
                ):
                    req.revoked_by = reviewer
                    req.revoke_reason = "The site started showing unsuitable adverts."
                _register_end(s, school, req, reviewer)
            if status == RequestStatus.REBLOCKED:
                req.reblocked_on, req.reblocked_by = req.ended_at.date(), network  # type: ignore[union-attr]
            change = Change(
                at=moved,
                by=_by(actor),
                before=_before(req, DECIDED_FIELDS, status=RequestStatus.SUBMITTED),
            )
        out.append(s.rows.add(req, at=at, by=_by(who), change=change))
    return out


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
        at = s.when()
        host, nature = s.pick(names.BAD_SITES)
        report = ContentReport(
            public_id=s.uid(),
            school=school,
            number=i + 1,
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
        change = None
        if status != "reported":
            moved = s.later(at, 5)
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
            change = Change(
                at=moved, by=_by(actor), before=_before(report, REPORT_FIELDS, status="reported")
            )
        out.append(s.rows.add(report, at=at, by=_by(who), change=change))
    return out


INCIDENT_FIELDS = ["status", "closed_at", "closed_by", "outcome", "outcome_note"]
OUTCOMES = ["resolved", "referred", "no_further_action", "not_upheld"]
SANCTIONS = ["supervised_only", "exclusion", "other", "none"]


def _incidents(
    s: _School,
    school: School,
    staff: dict[Role, list[User]],
    classes: list[SchoolClass],
    reports: list[ContentReport],
) -> None:
    head, dsl = staff[Role.HEADTEACHER][0], staff[Role.DSL][0]
    kinds = list(IncidentKind)
    steps = [
        r.obj
        for r in s.rows.records[ChecklistStep]
        if isinstance(r.obj, ChecklistStep) and r.obj.school is school
    ]
    for i in range(INCIDENTS + s.rng.randint(-1, 2)):
        reporter = s.pick(staff[Role.TEACHER] + [dsl])
        at = s.when(300, 10)
        kind = kinds[(s.number * INCIDENTS + i) % len(kinds)]
        closed = i % 3 != 0
        incident = Incident(
            public_id=s.uid(),
            school=school,
            number=i + 1,
            kind=kind,
            status="closed" if closed else "open",
            occurred_at=at - DAY,
            reported_at=at,
            reported_by=reporter,
            reporter_name=reporter.full_name,
            school_day=s.pick(list(SchoolDay)),
            platform_other="A messaging app",
            description=s.pick(names.INCIDENT_TEXTS),
            severity=["abusive"] if s.rng.random() < 0.3 else [],
            sanction=SANCTIONS[(s.number + i) % len(SANCTIONS)],
            sanction_note="Agreed with the parents.",
            content_report=reports[i] if i == 0 and reports[0].status != "reported" else None,
        )
        if kind == IncidentKind.NUDE_IMAGES:
            incident.imagery_not_viewed = True
        change = None
        if closed:
            moved = s.later(at, 20)
            incident.closed_at, incident.closed_by = moved, dsl
            incident.outcome = OUTCOMES[(s.number + i) % len(OUTCOMES)]
            incident.outcome_note = "Everyone involved has been spoken to."
            change = Change(
                at=moved, by=_by(dsl), before=_before(incident, INCIDENT_FIELDS, status="open")
            )
        s.rows.add(incident, at=at, by=_by(reporter), change=change)
        for part, kind_ in (
            ("target", PersonKind.PUPIL),
            ("perpetrator", s.pick(list(PersonKind))),
        ):
            person = IncidentPerson(
                public_id=s.uid(),
                school=school,
                incident=incident,
                kind=kind_,
                part=part,
                name=s.person_name(),
                school_class=s.pick(classes) if kind_ == PersonKind.PUPIL else None,
                added_by=reporter,
                added_at=at,
            )
            s.rows.add(person, at=at, by=_by(reporter))
        if s.rng.random() < 0.5:
            witness = IncidentPerson(
                public_id=s.uid(), school=school, incident=incident, kind=PersonKind.PUPIL,
                part="witness", name=s.person_name(), school_class=s.pick(classes),
                added_by=reporter, added_at=at,
            )  # fmt: skip
            s.rows.add(witness, at=at, by=_by(reporter))
        mine = [step for step in steps if step.kind == kind][:6]
        for j, template in enumerate(mine):
            status = ["done", "not_needed", "open"][(j + s.number) % 3] if not closed else "done"
            step = IncidentStep(
                public_id=s.uid(),
                school=school,
                incident=incident,
                template=template,
                position=template.position,
                text=template.text,
                requirement=template.requirement,
                due_on=(at + template.due_days * DAY).date(),
                status=status,
            )
            step_change = None
            if status != "open":
                step.done_at, step.done_by = s.later(at, 5), dsl
                step.note = "Done." if status == "done" else "Not needed here: see the notes."
                step_change = Change(
                    at=step.done_at,
                    by=_by(dsl),
                    before=_before(step, ["status", "done_at", "done_by", "note"], status="open"),
                )
            s.rows.add(step, at=at, by=_by(reporter), change=step_change)
        decision = Decision(
            public_id=s.uid(),
            school=school,
            incident=incident,
            kind=s.pick(["refer", "not_refer", "sanction", "support", "other"]),
            summary="Agreed next steps with the DSL.",
            reason="In line with the policy's procedure.",
            decided_by=head,
            decided_at=s.later(at, 3),
        )
        s.rows.add(decision, at=decision.decided_at, by=_by(head))
        for _ in range(s.rng.randint(1, 3)):
            written = s.later(at, 10)
            note = IncidentNote(
                public_id=s.uid(), school=school, incident=incident,
                text=s.pick(names.NOTES), written_by=dsl, written_at=written,
            )  # fmt: skip
            s.rows.add(note, at=written, by=_by(dsl))
        if s.rng.random() < 0.4:
            report = ExternalReport(
                public_id=s.uid(),
                school=school,
                incident=incident,
                to=s.pick(["platform", "ceop", "police", "safeguarding", "parents"]),
                made_on=s.later(at, 2).date(),
                reference=f"REF-{s.rng.randint(1000, 9999)}",
                made_by=dsl,
                recorded_at=s.later(at, 2),
            )
            s.rows.add(report, at=report.recorded_at, by=_by(dsl))


def _agreements(
    s: _School,
    school: School,
    staff: dict[Role, list[User]],
    classes: list[SchoolClass],
    children: list[Child],
) -> None:
    head = staff[Role.HEADTEACHER][0]
    start = s.today.year if s.today.month >= 9 else s.today.year - 1
    round_at = datetime.datetime(start, 9, 3, 9, 0, tzinfo=datetime.UTC)
    body = default_body()
    version = AgreementVersion(
        public_id=s.uid(), school=school, academic_year=start, number=1, title=DEFAULT_TITLE,
        body=body, created_by=head, created_at=round_at,
    )  # fmt: skip
    s.rows.add(version, at=round_at, by=_by(head))
    s.rows.add(AgreementSettings(school=school), at=round_at, by=_by(head))
    kiosks = []
    for k, event in enumerate(("Parents' evening, autumn term", "Open morning")):
        started = round_at + datetime.timedelta(days=30 + 40 * k)
        kiosk = KioskSession(
            public_id=s.uid(), school=school, event=event, started_by=head, started_at=started,
            expires_at=started + datetime.timedelta(hours=4),
            ended_at=started + datetime.timedelta(hours=3), ended_by=head,
        )  # fmt: skip
        kiosks.append(s.rows.add(kiosk, at=started, by=_by(head)))
    signed = s.rng.sample(children, min(AGREEMENTS + s.rng.randint(-15, 15), len(children)))
    for i, child in enumerate(signed):
        method = s.state(i, list(Method), [6, 3, 1])
        match = s.state(i, list(Match), [90, 3, 1]) if method != Method.LINK else Match.MATCHED
        signed_at = min(round_at + datetime.timedelta(days=s.rng.randint(30, 120)), s.now)
        parent = f"{s.pick(names.FIRST_NAMES)} {child.last_name}"
        kind = (
            SignatureKind.PAPER
            if method == Method.PAPER
            else s.state(i, [SignatureKind.DRAWN, SignatureKind.TYPED], [4, 1])
        )
        agreement = Agreement(
            public_id=s.uid(),
            school=school,
            number=i + 1,
            idempotency_key=s.uid(),
            academic_year=start,
            version=version,
            title_signed=DEFAULT_TITLE,
            text_signed=body,
            parent_name=parent,
            child_name=f"{child.first_name} {child.last_name}",
            school_class=child.school_class,
            email=f"parent{i}@families.example" if s.rng.random() < 0.5 else "",
            signature_kind=kind,
            signature="M10 20 C30 5, 50 35, 70 20" if kind == SignatureKind.DRAWN else parent,
            method=method,
            signed_at=signed_at,
            recorded_by=head,
            recorded_at=signed_at,
            child=child if match == Match.MATCHED else None,
            match=match,
        )
        if kind == SignatureKind.PAPER:
            agreement.signature = ""
        if method == Method.KIOSK:
            agreement.kiosk = kiosks[i % 2]
        elif method == Method.LINK:
            link = SigningLink(
                public_id=s.uid(), school=school, child=child, academic_year=start,
                email=f"parent{i}@families.example", created_by=head,
                created_at=signed_at - 3 * DAY, expires_at=signed_at + 11 * DAY, used_at=signed_at,
            )  # fmt: skip
            s.rows.add(link, at=link.created_at, by=_by(head))
            agreement.link = link
        s.rows.add(agreement, at=signed_at, by=_by(head))
    # Links sent and not (yet) used: open, cancelled and expired ones.
    signed_ids = {id(c) for c in signed}
    for j, child in enumerate(c for c in children if id(c) not in signed_ids):
        if j >= 30:
            break
        sent = s.when(60, 1)
        link = SigningLink(
            public_id=s.uid(), school=school, child=child, academic_year=start,
            email=f"carer{j}@families.example", created_by=head, created_at=sent,
            expires_at=sent + 14 * DAY,
            cancelled_at=sent + DAY if j % 5 == 0 else None,
        )  # fmt: skip
        s.rows.add(link, at=sent, by=_by(head))


def _complaints(s: _School, school: School, staff: dict[Role, list[User]]) -> None:
    clerk = staff[Role.CLERK][0]
    stages = list(ComplaintStage)
    outcomes = list(ComplaintOutcome)
    for i in range(COMPLAINTS + s.rng.randint(-1, 1)):
        received = s.when(300, 5).date()
        stage = stages[(s.number + i) % len(stages)]
        closed = i % 2 == 0
        complaint = Complaint(
            public_id=s.uid(),
            school=school,
            number=i + 1,
            received_on=received,
            complainant=s.person_name(),
            complainant_kind=s.pick(list(ComplainantKind)),
            about=s.pick(list(ComplaintAbout)),
            subject=s.pick(names.COMPLAINT_SUBJECTS),
            details="The complainant set out their concerns in a letter to the governors.",
            stage=stage,
            stage_since=received,
            respond_by=received + 15 * DAY,
            status=ComplaintStatus.CLOSED if closed else ComplaintStatus.OPEN,
            recorded_by=clerk,
            recorded_at=datetime.datetime.combine(received, datetime.time(10), datetime.UTC),
        )
        change = None
        if closed:
            complaint.outcome = outcomes[(s.number + i) % len(outcomes)]
            complaint.outcome_note = "The panel's letter explains the reasons."
            complaint.closed_on = min(received + 20 * DAY, s.today)
            at = datetime.datetime.combine(complaint.closed_on, datetime.time(16), datetime.UTC)
            change = Change(
                at=at,
                by=_by(clerk),
                before=_before(
                    complaint, ["status", "outcome", "outcome_note", "closed_on"], status="open"
                ),
            )
        s.rows.add(complaint, at=complaint.recorded_at, by=_by(clerk), change=change)


def _training(s: _School, school: School, staff: dict[Role, list[User]]) -> None:
    dsl = staff[Role.DSL][0]
    trained = [u for role in (Role.HEADTEACHER, Role.DSL, Role.ESAFETY, Role.TEACHER,
                              Role.SUPPORT) for u in staff[role]]  # fmt: skip
    kinds = list(TrainingKind)
    for i in range(TRAINING_SESSIONS):
        held = s.when(330, 2)
        withdrawn = i == TRAINING_SESSIONS - 1 and s.number % 2 == 0
        session = TrainingSession(
            public_id=s.uid(),
            school=school,
            kind=kinds[i % len(kinds)],
            held_on=held.date(),
            title=names.TRAINING_TITLES[i % len(names.TRAINING_TITLES)],
            led_by=dsl.full_name,
            status=SessionStatus.WITHDRAWN if withdrawn else SessionStatus.RECORDED,
            recorded_by=dsl,
            recorded_at=held,
        )
        change = None
        if withdrawn:
            session.withdrawn_by, session.withdrawn_at = dsl, s.later(held, 2)
            session.withdrawn_reason = "Recorded twice by mistake."
            change = Change(
                at=session.withdrawn_at,
                by=_by(dsl),
                before=_before(
                    session,
                    ["status", "withdrawn_by", "withdrawn_at", "withdrawn_reason"],
                    status=SessionStatus.RECORDED,
                ),
            )
        s.rows.add(session, at=held, by=_by(dsl), change=change)
        for user in s.rng.sample(trained, s.rng.randint(len(trained) // 2, len(trained))):
            s.rows.add(Attendance(school=school, session=session, user=user), at=held, by=_by(dsl))


def _notifications(
    s: _School, school: School, staff: dict[Role, list[User]], requests: list[AccessRequest]
) -> None:
    reviewer = _reviewer(staff, s)
    for i in range(NOTIFICATIONS):
        req = requests[i % len(requests)]
        at = req.submitted_at
        s.rows.add_plain(
            Notification(
                public_id=s.uid(),
                school=school,
                user=reviewer if i % 2 else req.requested_by,
                kind="forms",
                title=f"Access request {req.number} needs a decision"
                if i % 2
                else f"Your access request {req.number} was decided",
                url=f"/{school.slug}/access-requests/queue/",
                urgent=i % 10 == 0,
                created_by=req.requested_by,
                created_at=at,
                read_at=None if i % 3 == 0 else s.later(at, 2),
            )
        )
