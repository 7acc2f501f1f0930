"""Coverage: which children on roll are covered by a signed agreement this year.

A child on roll is *signed* when an agreement of the year is matched to them
on the year's last material version or a later one; *to sign again* when the
only agreements matched to them were signed on an earlier version (the text
changed materially since); *not yet* otherwise. Children off roll are ignored.

Everything here reads; the queries cost the same however many classes,
children and agreements there are (counts are aggregated in the database).
"""

from __future__ import annotations

import datetime
import enum
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, IntegerField, OuterRef, Q, QuerySet, Subquery

from agreements.models import Agreement, AgreementSettings, AgreementVersion, Child, Match
from agreements.services.signing import name_key
from schools.calendar import AcademicYear, current_academic_year
from schools.models import School, SchoolClass

DEFAULT_TARGET = 90


class Status(enum.StrEnum):
    SIGNED = "signed"
    AGAIN = "again"
    NOT_YET = "not_yet"

    @property
    def label(self) -> str:
        return {"signed": "Signed", "again": "To sign again", "not_yet": "Not yet"}[self.value]


@dataclass(frozen=True)
class Round:
    """One academic year's round of signatures."""

    year: AcademicYear
    current: AgreementVersion | None  # the text families sign now
    needed: AgreementVersion | None  # the last material version: signatures count from it
    started_at: datetime.datetime | None  # when the year's first version was made

    @property
    def needed_number(self) -> int | None:
        return self.needed.number if self.needed is not None else None


def year_versions(school: School, year: AcademicYear) -> Any:
    """The texts of ``year``, newest first: what ``round_of`` reads."""
    return AgreementVersion.objects.for_school(school).filter(academic_year=year.year)


def round_of(
    school: School,
    year: AcademicYear | None = None,
    versions: list[AgreementVersion] | None = None,
) -> Round:
    """The round of ``year`` (the current academic year unless told), in one query
    (none given ``year_versions``' rows)."""
    year = year or current_academic_year(school)
    if versions is None:
        versions = list(year_versions(school, year))
    # Newest first (the model's ordering).
    needed = next((version for version in versions if version.material), None)
    return Round(
        year=year,
        current=versions[0] if versions else None,
        needed=needed,
        started_at=versions[-1].created_at if versions else None,
    )


def coverage_target(school: School, found: list[AgreementSettings] | None = None) -> int:
    """The school's target; ``found``: its settings row, if read already (none or one)."""
    if found is None:
        found = list(AgreementSettings.objects.for_school(school).order_by("pk")[:1])
    return found[0].coverage_target if found else DEFAULT_TARGET


def _signed_number(school: School, year: int) -> Subquery:
    """The highest version number signed for the child of the outer query, this year."""
    signed = (
        Agreement.objects.filter(
            school=school, academic_year=year, match=Match.MATCHED, child=OuterRef("pk")
        )
        .order_by("-version__number")
        .values("version__number")[:1]
    )
    return Subquery(signed, output_field=IntegerField())


@dataclass(frozen=True)
class Counts:
    on_roll: int = 0
    signed: int = 0
    again: int = 0

    @property
    def not_yet(self) -> int:
        return self.on_roll - self.signed - self.again

    @property
    def percent(self) -> int:
        """Rounded down, so that 89.9% never shows as reaching a target of 90%."""
        return self.signed * 100 // self.on_roll if self.on_roll else 0

    def meets(self, target: int) -> bool:
        return self.on_roll > 0 and self.signed * 100 >= target * self.on_roll

    def __add__(self, other: Counts) -> Counts:
        return Counts(
            self.on_roll + other.on_roll, self.signed + other.signed, self.again + other.again
        )


@dataclass(frozen=True)
class ClassCoverage:
    school_class: SchoolClass
    counts: Counts


@dataclass(frozen=True)
class Coverage:
    round: Round
    classes: list[ClassCoverage]
    total: Counts
    target: int

    @property
    def meets_target(self) -> bool:
        return self.total.meets(self.target)


def _count_by_class(school: School, round: Round) -> dict[int, Counts]:
    children = Child.objects.for_school(school).filter(on_roll=True)
    needed = round.needed_number
    if needed is None:
        rows = children.values("school_class").annotate(on_roll=Count("pk"))
        return {row["school_class"]: Counts(on_roll=row["on_roll"]) for row in rows}
    rows = (
        children.annotate(best=_signed_number(school, round.year.year))
        .values("school_class")
        .annotate(
            on_roll=Count("pk"),
            signed=Count("pk", filter=Q(best__gte=needed)),
            again=Count("pk", filter=Q(best__lt=needed)),
        )
        .order_by()
    )
    return {
        row["school_class"]: Counts(row["on_roll"], row["signed"], row["again"]) for row in rows
    }


def school_coverage(
    school: School,
    round: Round | None = None,
    *,
    classes: list[SchoolClass] | None = None,
    target: int | None = None,
) -> Coverage:
    """Per class and in total; classes in use or with children on roll, youngest first.

    ``classes``: all the school's classes, and ``target``, if read already.
    """
    round = round or round_of(school)
    counts = _count_by_class(school, round)
    if classes is None:
        classes = list(
            SchoolClass.objects.for_school(school).filter(
                Q(is_active=True) | Q(pk__in=list(counts))
            )
        )
    shown = sorted(
        (c for c in classes if c.is_active or c.pk in counts), key=lambda c: (c.year_group, c.name)
    )
    rows = [ClassCoverage(c, counts.get(c.pk, Counts())) for c in shown]
    total = sum((row.counts for row in rows), Counts())
    if target is None:
        target = coverage_target(school)
    return Coverage(round=round, classes=rows, total=total, target=target)


def total_counts(school: School, round: Round) -> Counts:
    """The school's totals alone (the digest's line)."""
    return sum(_count_by_class(school, round).values(), Counts())


# --- Child by child -------------------------------------------------------------------


@dataclass(frozen=True)
class ChildStatus:
    child: Child
    status: Status
    agreement: Agreement | None  # the signature that counts (or the newest earlier one)


def _status(agreement: Agreement | None, needed: int | None) -> Status:
    if agreement is None or needed is None:
        return Status.NOT_YET
    return Status.SIGNED if agreement.version.number >= needed else Status.AGAIN


def _best_agreements(
    school: School, year: int, children: QuerySet[Child], **columns: Any
) -> dict[int | None, Agreement]:
    """The signature that counts for each of ``children`` who has one: one query."""
    agreements = (
        Agreement.objects.for_school(school)
        .filter(academic_year=year, match=Match.MATCHED, child__in=children)
        .select_related("version", "recorded_by")
        .annotate(**columns)
        .order_by("version__number", "signed_at", "pk")
    )
    best: dict[int | None, Agreement] = {}
    for agreement in agreements:
        best[agreement.child_id] = agreement  # the highest version, then the latest, wins
    return best


def child_statuses(school: School, round: Round, children: QuerySet[Child]) -> list[ChildStatus]:
    """Each child of ``children`` with their status: two queries, whatever the numbers."""
    listed = list(children.select_related("school_class"))
    best = _best_agreements(school, round.year.year, children)
    needed = round.needed_number
    return [
        ChildStatus(child, _status(best.get(child.pk), needed), best.get(child.pk))
        for child in listed
    ]


def year_statuses(
    school: School, year: AcademicYear, children: QuerySet[Child]
) -> list[ChildStatus]:
    """``child_statuses`` for a caller that needs nothing else of the round: the version
    families must have signed comes with each signature, so two queries in all."""
    listed = list(children.select_related("school_class"))
    needed = (
        AgreementVersion.objects.for_school(school)
        .filter(academic_year=year.year, material=True)
        .order_by("-number")
        .values("number")[:1]
    )
    best = _best_agreements(
        school, year.year, children, needed_number=Subquery(needed, output_field=IntegerField())
    )
    statuses = []
    for child in listed:
        agreement = best.get(child.pk)
        needed_number = agreement.needed_number if agreement is not None else None  # type: ignore[attr-defined]
        statuses.append(ChildStatus(child, _status(agreement, needed_number), agreement))
    return statuses


def children_on_roll(school: School, school_class: SchoolClass | None = None) -> QuerySet[Child]:
    # The class is joined to order by it: naming its school too (always the child's)
    # lets PostgreSQL read the school's few classes by index instead of hashing every
    # school's classes.
    children = Child.objects.for_school(school).filter(on_roll=True, school_class__school=school)
    if school_class is not None:
        children = children.filter(school_class=school_class)
    return children.order_by(
        "school_class__year_group", "school_class__name", "last_name", "first_name", "pk"
    )


# --- Agreements that match no child ---------------------------------------------------


def unmatched(school: School, year: int) -> QuerySet[Agreement]:
    return (
        Agreement.objects.for_school(school)
        .filter(academic_year=year, match=Match.UNMATCHED)
        .select_related("school_class")
        .order_by("signed_at", "pk")
    )


@dataclass(frozen=True)
class Candidate:
    child: Child
    why: str


MAX_CANDIDATES = 5


def candidates_for(agreement: Agreement, children: Iterable[Child]) -> list[Candidate]:
    """Children who may be the one ``agreement`` names, likeliest first.

    The same name in another class; then, in the agreement's class, the same
    last name, or the same first name (a nickname, a double-barrelled name).
    """
    wanted = name_key(agreement.child_name)
    words = set(wanted.split())
    found: list[tuple[int, Candidate]] = []
    for child in children:
        first, last = name_key(child.first_name), name_key(child.last_name)
        same_class = child.school_class_id == agreement.school_class_id
        if wanted == f"{first} {last}":
            found.append((0 if same_class else 1, Candidate(child, "Same name")))
        elif same_class and last and set(last.split()) <= words:
            found.append((2, Candidate(child, "Same last name, same class")))
        elif same_class and first and set(first.split()) <= words:
            found.append((3, Candidate(child, "Same first name, same class")))
    found.sort(key=lambda item: (item[0], item[1].child.last_name, item[1].child.first_name))
    return [candidate for _, candidate in found[:MAX_CANDIDATES]]
