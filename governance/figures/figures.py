"""One term's figures for the governing body: counts, shares and days, never a person.

Governors see the school's records only as numbers (PRODUCT.md §1: never a
child's identity). Nothing here passes on a name, a description or a web
address: the queries of this module ask for states, kinds and dates alone,
and of what the shared coverage, acknowledgement and training functions
return only the numbers are kept (and the names of classes).

Records count in the term they began: a request when it was submitted, a
report when it was made, an incident when it happened, a training session
when it was held. A complaint counts in every term it was open. Agreement
coverage, policy acknowledgement and training due are figures as they stand
today: the portal knows who is on roll and on the staff now, not who was.

The rows the sections count (the term's requests and reports, only the
columns counted; the agreement texts, classes and target; the staff; the
policy's material versions; the training rules) are read together in one
query (``_read``); the counts and groups are a query each. The page costs the
same however many records there are, and a section whose part of the portal
the school has switched off reads nothing.
"""

from __future__ import annotations

import datetime
import statistics
from collections import Counter
from typing import Any

from django.db.models import Count, Q
from django.utils import timezone

from agreements.coverage import coverage_target, round_of, school_coverage, year_versions
from agreements.models import AgreementSettings
from forms_app.models import AccessRequest, ContentCategory, ContentReport, ReportStatus
from forms_app.models import RequestStatus as Request
from governance.figures.shapes import Figure, Row, Section, TermFigures, days_text, shares
from governance.models import Complaint, ComplaintOutcome, ComplaintStage, ComplaintStatus
from incidents.models import Incident, IncidentKind, Outcome
from incidents.models import Status as IncidentStatus
from policies.services import staff_acknowledgement, version_to_acknowledge
from policies.services.acknowledgement import material_versions
from schools.access import staff_memberships_query
from schools.calendar import Term, current_term, school_today, term_from_key
from schools.models import School, SchoolClass, TrainingRequirement, training_rules
from schools.roles import Module
from schools.tenancy import TenantQuerySet
from schools.together import read_together
from training.models import SessionStatus, TrainingSession
from training.overdue import trained_staff, training_due

# The portal's records begin no earlier (as the register's dates do).
EARLIEST_YEAR = 2000
STILL_OPEN = "Still open"
# The rows the sections count, by kind (``_read``).
Read = dict[str, list[Any]]


def figures_term(school: School, key: str) -> Term | None:
    """The term ``key`` ("2025-autumn") names, if it has begun; None for anything else."""
    term = term_from_key(school, key.strip())
    if term is None or term.academic_year.year < EARLIEST_YEAR:
        return None
    return term if term.start <= current_term(school).start else None


def _spans(label: str, spans: list[int], none: str) -> tuple[tuple[str, str], ...]:
    """Median and longest of ``spans`` (days): the time things took, without the things."""
    if not spans:
        return ((label, none),)
    return (
        (f"{label}: median", days_text(statistics.median(spans))),
        (f"{label}: longest", days_text(max(spans))),
    )


def _bounds(school: School, term: Term) -> tuple[datetime.datetime, datetime.datetime]:
    """The term as a half-open range of moments, in the school's time zone."""
    start = datetime.datetime.combine(term.start, datetime.time.min, tzinfo=school.tz)
    after = term.end + datetime.timedelta(days=1)
    return start, datetime.datetime.combine(after, datetime.time.min, tzinfo=school.tz)


def _day(moment: datetime.datetime, school: School) -> datetime.date:
    return timezone.localtime(moment, school.tz).date()


def _unused(key: str, heading: str, module: Module) -> Section:
    return Section(
        key,
        heading,
        "",
        unused=f"The school does not use this part of the portal ({module.label.lower()}).",
    )


# --- Records counted in the term ---------------------------------------------------------

# A request approved counts as approved, whatever became of the approval since.
APPROVED = frozenset(
    {Request.APPROVED, Request.UNBLOCKED, Request.EXPIRED, Request.REVOKED, Request.REBLOCKED}
)
REQUEST_OUTCOMES: tuple[tuple[str, frozenset[str]], ...] = (
    ("Approved", APPROVED),
    ("Refused", frozenset({Request.REJECTED})),
    ("Withdrawn", frozenset({Request.WITHDRAWN})),
    ("Awaiting decision", frozenset({Request.SUBMITTED})),
)


def requests_section(school: School, read: Read) -> Section:
    heading = "Blocked-content access requests"
    if not school.has_module(Module.ACCESS_REQUESTS):
        return _unused("requests", heading, Module.ACCESS_REQUESTS)
    rows = [(r.status, r.submitted_at, r.decided_at) for r in read["requests"]]
    found = Counter(status for status, _, _ in rows)
    spans = [
        (_day(decided, school) - _day(submitted, school)).days
        for _, submitted, decided in rows
        if decided is not None
    ]
    outcomes = [
        (label, sum(found[status] for status in states)) for label, states in REQUEST_OUTCOMES
    ]
    return Section(
        "requests",
        heading,
        "Requests to open a blocked site, submitted in the term, by what became of them.",
        figures=(
            shares("requests-outcome", "Requests by outcome", "Outcome", "Requests", outcomes),
        ),
        facts=(
            ("Requests submitted", str(len(rows))),
            *_spans("Time to decision", spans, "None decided yet"),
        ),
    )


def reports_section(school: School, read: Read) -> Section:
    heading = "Inappropriate-content reports"
    if not school.has_module(Module.CONTENT_REPORTS):
        return _unused("reports", heading, Module.CONTENT_REPORTS)
    rows = [
        (r.status, r.categories, r.safeguarding, r.reported_at, r.blocked_on)
        for r in read["reports"]
    ]
    natures = Counter(key for _, keys, _, _, _ in rows for key in set(keys or ()))
    statuses = Counter(status for status, _, _, _, _ in rows)
    spans = [
        max(0, (blocked_on - _day(reported_at, school)).days)
        for _, _, _, reported_at, blocked_on in rows
        if blocked_on is not None
    ]
    nature = Figure(
        "reports-nature",
        "Reports by the nature of the content",
        "Nature of the content",
        "Reports",
        tuple(Row(_nature(category), natures[category], len(rows)) for category in ContentCategory),
        note="A report may name more than one kind of content.",
    )
    outcome = shares(
        "reports-outcome",
        "Reports by outcome",
        "Outcome",
        "Reports",
        [(status.label, statuses[status]) for status in ReportStatus],
    )
    return Section(
        "reports",
        heading,
        "Sites reported in the term as inappropriate, by the nature of their content and "
        "what was done.",
        figures=(nature, outcome),
        facts=(
            ("Reports made", str(len(rows))),
            ("Flagged as a safeguarding issue", str(sum(flag for _, _, flag, _, _ in rows))),
            *_spans("Time to block", spans, "None blocked yet"),
        ),
    )


def _nature(category: ContentCategory) -> str:
    # The form's label asks for a description; the figures never show one.
    return "Something else" if category == ContentCategory.OTHER else str(category.label)


def incidents_section(school: School, term: Term) -> Section:
    heading = "Incidents"
    if not school.has_module(Module.INCIDENTS):
        return _unused("incidents", heading, Module.INCIDENTS)
    start, after = _bounds(school, term)
    groups = list(
        Incident.objects.for_school(school)
        .filter(occurred_at__gte=start, occurred_at__lt=after)
        .values("kind", "status", "outcome")
        .annotate(n=Count("pk"))
        .order_by()
    )
    kinds: Counter[str] = Counter()
    outcomes: Counter[str] = Counter()
    for group in groups:
        kinds[group["kind"]] += group["n"]
        if group["status"] == IncidentStatus.OPEN:
            outcomes[STILL_OPEN] += group["n"]
        else:
            outcomes[group["outcome"]] += group["n"]
    by_outcome = [(STILL_OPEN, outcomes[STILL_OPEN])]
    by_outcome += [(outcome.label, outcomes[outcome]) for outcome in Outcome]
    return Section(
        "incidents",
        heading,
        "Incidents that happened in the term, by kind and by outcome.",
        figures=(
            shares(
                "incidents-kind",
                "Incidents by kind",
                "Kind",
                "Incidents",
                [(kind.label, kinds[kind]) for kind in IncidentKind],
            ),
            shares("incidents-outcome", "Incidents by outcome", "Outcome", "Incidents", by_outcome),
        ),
        facts=(("Incidents", str(sum(kinds.values()))),),
    )


def complaints_open_in(school: School, term: Term) -> TenantQuerySet[Complaint]:
    """Complaints open at any time during the term, oldest first."""
    return (
        Complaint.objects.for_school(school)
        .filter(received_on__lte=term.end)
        .filter(Q(closed_on__isnull=True) | Q(closed_on__gte=term.start))
        .order_by("received_on", "number")
    )


def complaints_section(school: School, term: Term) -> Section:
    heading = "Complaints"
    if not school.has_module(Module.COMPLAINTS):
        return _unused("complaints", heading, Module.COMPLAINTS)
    groups = list(
        complaints_open_in(school, term)
        .values("stage", "status", "outcome")
        .annotate(n=Count("pk"))
        .order_by()
    )
    stages: Counter[str] = Counter()
    outcomes: Counter[str] = Counter()
    for group in groups:
        stages[group["stage"]] += group["n"]
        is_open = group["status"] == ComplaintStatus.OPEN
        outcomes[STILL_OPEN if is_open else group["outcome"]] += group["n"]
    by_outcome = [(STILL_OPEN, outcomes[STILL_OPEN])]
    by_outcome += [(outcome.label, outcomes[outcome]) for outcome in ComplaintOutcome]
    return Section(
        "complaints",
        heading,
        "Complaints about the policy or how it was applied that were open at any time in the "
        "term, by the stage they reached and their outcome so far.",
        figures=(
            shares(
                "complaints-stage",
                "Complaints by stage",
                "Stage",
                "Complaints",
                [(stage.label, stages[stage]) for stage in ComplaintStage],
            ),
            shares(
                "complaints-outcome", "Complaints by outcome", "Outcome", "Complaints", by_outcome
            ),
        ),
        facts=(("Complaints open during the term", str(sum(stages.values()))),),
    )


# --- Figures as they stand today ---------------------------------------------------------


def agreements_section(school: School, term: Term, read: Read) -> Section:
    heading = "Home-school agreements"
    if not school.has_module(Module.AGREEMENTS):
        return _unused("agreements", heading, Module.AGREEMENTS)
    round = round_of(school, term.academic_year, read["versions"])
    target = coverage_target(school, read["agreement_settings"])
    coverage = school_coverage(school, round, classes=read["classes"], target=target)
    total = coverage.total
    rows = [
        Row(row.school_class.name, row.counts.signed, row.counts.on_roll, out_of=True)
        for row in coverage.classes
    ]
    rows.append(Row("Whole school", total.signed, total.on_roll, out_of=True))
    return Section(
        "agreements",
        heading,
        f"Children on roll today covered by a signed agreement for {term.academic_year.label}.",
        figures=(
            Figure(
                "agreements-coverage",
                "Agreement coverage by class",
                "Class",
                "Children signed",
                tuple(rows),
            ),
        ),
        facts=(
            ("The school's target", f"{coverage.target}%"),
            ("Target reached", "Yes" if coverage.meets_target else "No"),
            ("Children to sign again (the text changed)", str(total.again)),
            ("Children not yet signed", str(total.not_yet)),
        ),
    )


def acknowledgement_section(school: School, read: Read) -> Section:
    heading = "Policy acknowledgement"
    required = version_to_acknowledge(school, read["material_versions"])
    staff = staff_acknowledgement(school, required, read["staff"])
    done = sum(1 for person in staff if person.up_to_date)
    if required is None:
        return Section(
            "acknowledgement",
            heading,
            "The school has not published its policy in the portal, so staff have nothing to "
            "acknowledge yet.",
        )
    return Section(
        "acknowledgement",
        heading,
        f"Staff who have acknowledged the policy in force (version {required.number} or later) "
        "today.",
        figures=(
            shares(
                "acknowledgement",
                "Staff acknowledgement of the policy in force",
                "Where staff stand",
                "Staff",
                [("Acknowledged", done), ("Not yet", len(staff) - done)],
            ),
        ),
        facts=(("Staff", str(len(staff))),),
    )


def training_section(school: School, term: Term, today: datetime.date, read: Read) -> Section:
    heading = "Staff training"
    if not school.has_module(Module.TRAINING):
        return _unused("training", heading, Module.TRAINING)
    trained = trained_staff(school, read["staff"])
    rules = training_rules(school, read["requirements"])
    staff = len(trained)
    up_to_date = tuple(
        Row(status.kind.label, staff - len(status.due), staff, out_of=True)
        for status in training_due(school, today, trained, rules)
    )
    held = (
        TrainingSession.objects.for_school(school)
        .filter(status=SessionStatus.RECORDED, held_on__range=(term.start, term.end))
        .aggregate(sessions=Count("pk", distinct=True), places=Count("attendances"))
    )
    return Section(
        "training",
        heading,
        "Staff up to date with each kind of training the school requires, today; and the "
        "sessions held in the term.",
        figures=(
            Figure(
                "training-due",
                "Staff up to date with required training",
                "Kind of training",
                "Staff up to date",
                up_to_date,
            ),
        ),
        facts=(
            ("Sessions held in the term", str(held["sessions"])),
            ("Places taken at them", str(held["places"])),
        ),
    )


def _read(school: School, term: Term) -> Read:
    """The rows the sections count, of the parts of the portal the school uses, in one
    query (``read_together``); the sections' counts and groups are queries of their own."""
    start, after = _bounds(school, term)
    wanted: dict[str, Any] = {
        "staff": staff_memberships_query(school),
        "material_versions": material_versions(school),
    }
    if school.has_module(Module.ACCESS_REQUESTS):
        wanted["requests"] = (
            AccessRequest.objects.for_school(school)
            .filter(submitted_at__gte=start, submitted_at__lt=after)
            .only("status", "submitted_at", "decided_at")
        )
    if school.has_module(Module.CONTENT_REPORTS):
        wanted["reports"] = (
            ContentReport.objects.for_school(school)
            .filter(reported_at__gte=start, reported_at__lt=after)
            .only("status", "categories", "safeguarding", "reported_at", "blocked_on")
        )
    if school.has_module(Module.AGREEMENTS):
        wanted["versions"] = year_versions(school, term.academic_year)
        wanted["classes"] = SchoolClass.objects.for_school(school)
        wanted["agreement_settings"] = AgreementSettings.objects.for_school(school).order_by("pk")
    if school.has_module(Module.TRAINING):
        wanted["requirements"] = TrainingRequirement.objects.for_school(school)
    return read_together(**wanted)


def term_figures(school: School, term: Term) -> TermFigures:
    today = school_today(school)
    read = _read(school, term)
    return TermFigures(
        term,
        today,
        (
            requests_section(school, read),
            reports_section(school, read),
            incidents_section(school, term),
            complaints_section(school, term),
            agreements_section(school, term, read),
            acknowledgement_section(school, read),
            training_section(school, term, today, read),
        ),
    )
