"""Writes to a school's policy. Each is atomic and records who acted."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from accounts.models import User
from policies.models import (
    PolicyAcknowledgement,
    PolicyClause,
    PolicySection,
    PolicyVersion,
    VersionStatus,
)
from policies.numbering import numbering_problems
from policies.parsing import ParsedClause, ParsedPolicy, ParsedSection, SectionKind
from schools.models import School
from schools.roles import STAFF_ROLES


class PolicyError(Exception):
    """A change to the policy that cannot be made; the message is for a person."""


# --- reading --------------------------------------------------------------


def policy_current(school: School) -> PolicyVersion | None:
    """The version in force: the latest published one."""
    return (
        PolicyVersion.objects.for_school(school)
        .filter(status=VersionStatus.PUBLISHED)
        .order_by("-number")
        .first()
    )


def policy_draft(school: School) -> PolicyVersion | None:
    return PolicyVersion.objects.for_school(school).filter(status=VersionStatus.DRAFT).first()


def clause_cite(*, school: School, number: str) -> PolicyClause | None:
    """The clause with ``number`` in the version in force, for another record to cite."""
    current = policy_current(school)
    if current is None:
        return None
    return current.clauses.filter(number=number).first()


# --- drafts ---------------------------------------------------------------


def section_anchor(kind: str, number: str, order: int) -> str:
    if kind == SectionKind.INTENT:
        return "intent"
    if kind == SectionKind.APPENDIX:
        return f"appendix-{number or order}"
    return f"section-{number or order}"


def _require_draft(version: PolicyVersion) -> None:
    if not version.is_draft:
        raise PolicyError(
            f"Version {version.number} is published and cannot be changed. "
            "Start a new draft to make changes."
            if version.is_published
            else "This draft was discarded and cannot be changed."
        )


def _write_sections(
    version: PolicyVersion, sections: Iterable[ParsedSection], by: User | None
) -> None:
    order = 0
    for s_index, parsed in enumerate(sections, start=1):
        section = PolicySection(
            school=version.school,
            version=version,
            order=s_index,
            kind=parsed.kind,
            number=parsed.number,
            heading=parsed.heading,
            anchor=section_anchor(parsed.kind, parsed.number, s_index),
        )
        section._history_user = by  # type: ignore[attr-defined]
        section.save()
        unnumbered = 0
        for clause in parsed.clauses:
            order += 1
            if not clause.number:
                unnumbered += 1
            row = PolicyClause(
                school=version.school,
                version=version,
                section=section,
                order=order,
                number=clause.number,
                anchor=clause.number or f"{section.anchor}-{unnumbered}",
                text=clause.text,
                bullets=list(clause.bullets),
            )
            row._history_user = by  # type: ignore[attr-defined]
            row.save()


def _new_draft(*, school: School, title: str, by: User | None) -> PolicyVersion:
    if policy_draft(school) is not None:
        raise PolicyError("There is already a draft of the policy: publish or discard it first.")
    version = PolicyVersion(
        school=school, title=title, created_by=by, based_on=policy_current(school)
    )
    version._history_user = by  # type: ignore[attr-defined]
    version.save()
    return version


@transaction.atomic
def policy_import_draft(*, school: School, parsed: ParsedPolicy, by: User | None) -> PolicyVersion:
    """Store an imported document as the school's new draft."""
    problems = numbering_problems(parsed.sections)
    if problems:
        raise PolicyError(" ".join(problems))
    title = parsed.title or f"{school.name}: social media policy"
    version = _new_draft(school=school, title=title, by=by)
    _write_sections(version, parsed.sections, by)
    return version


def as_parsed(version: PolicyVersion) -> list[ParsedSection]:
    clauses = list(version.clauses.order_by("order"))
    sections = []
    for section in version.sections.order_by("order"):
        sections.append(
            ParsedSection(
                kind=SectionKind(section.kind),
                number=section.number,
                heading=section.heading,
                clauses=[
                    ParsedClause(c.number, c.text, list(c.bullets))
                    for c in clauses
                    if c.section_id == section.pk
                ],
            )
        )
    return sections


@transaction.atomic
def policy_draft_start(*, school: School, by: User) -> PolicyVersion:
    """A new draft, starting from the version in force."""
    current = policy_current(school)
    if current is None:
        raise PolicyError("There is no published policy to start from: import one first.")
    version = _new_draft(school=school, title=current.title, by=by)
    _write_sections(version, as_parsed(current), by)
    return version


@transaction.atomic
def policy_draft_discard(*, version: PolicyVersion, by: User) -> None:
    _require_draft(version)
    version.status = VersionStatus.DISCARDED
    version._history_user = by  # type: ignore[attr-defined]
    version.save(update_fields=["status"])


@transaction.atomic
def policy_clause_edit(
    *, clause: PolicyClause, text: str, bullets: list[str], by: User
) -> PolicyClause:
    _require_draft(clause.version)
    text = text.strip()
    if not text:
        raise PolicyError("A clause needs some text. To take it out, remove it instead.")
    clause.text = text
    clause.bullets = [b.strip() for b in bullets if b.strip()]
    clause._history_user = by  # type: ignore[attr-defined]
    clause.save(update_fields=["text", "bullets"])
    return clause


@transaction.atomic
def policy_clause_add(
    *, section: PolicySection, number: str, text: str, bullets: list[str], by: User
) -> PolicyClause:
    """Add a clause at the end of ``section`` of a draft."""
    version = section.version
    _require_draft(version)
    number, text = number.strip(), text.strip()
    if not text:
        raise PolicyError("A clause needs some text.")
    if number and version.clauses.filter(number=number).exists():
        raise PolicyError(f"Clause {number} is already in this draft.")
    last = version.clauses.filter(section=section).aggregate(m=Max("order"))["m"]
    if last is None:
        before = version.clauses.filter(section__order__lt=section.order).aggregate(m=Max("order"))
        last = before["m"] or 0
    # Make room: every later clause moves down one place.
    for later in version.clauses.filter(order__gt=last).order_by("-order"):
        later.order += 1
        later._history_user = by  # type: ignore[attr-defined]
        later.save(update_fields=["order"])
    unnumbered = section.clauses.filter(number="").count() + 1
    clause = PolicyClause(
        school=version.school,
        version=version,
        section=section,
        order=last + 1,
        number=number,
        anchor=number or _free_anchor(section, unnumbered),
        text=text,
        bullets=[b.strip() for b in bullets if b.strip()],
    )
    clause._history_user = by  # type: ignore[attr-defined]
    clause.save()
    return clause


def _free_anchor(section: PolicySection, start: int) -> str:
    taken = set(section.version.clauses.values_list("anchor", flat=True))
    n = start
    while f"{section.anchor}-{n}" in taken:
        n += 1
    return f"{section.anchor}-{n}"


@transaction.atomic
def policy_clause_remove(*, clause: PolicyClause, by: User) -> None:
    """Take a clause out of a draft. The draft's history keeps what it said and who removed it."""
    _require_draft(clause.version)
    clause._history_user = by  # type: ignore[attr-defined]
    clause.delete()


# --- publishing -----------------------------------------------------------


@transaction.atomic
def policy_publish(
    *,
    version: PolicyVersion,
    by: User,
    material_change: bool,
    change_summary: str = "",
    review_due: date | None = None,
) -> PolicyVersion:
    """Freeze a draft as the next numbered version, in force from now."""
    _require_draft(version)
    problems = numbering_problems(as_parsed(version))
    if problems:
        raise PolicyError(" ".join(problems))
    if not version.clauses.exists():
        raise PolicyError("An empty draft cannot be published.")
    previous = policy_current(version.school)
    latest = (
        PolicyVersion.objects.for_school(version.school)
        .filter(number__isnull=False)
        .aggregate(m=Max("number"))["m"]
    )
    version.number = (latest or 0) + 1
    version.status = VersionStatus.PUBLISHED
    version.published_at = timezone.now()
    version.published_by = by
    # The first version is always one staff must acknowledge.
    version.material_change = material_change or previous is None
    version.change_summary = change_summary.strip()
    version.review_due = review_due or _a_year_from_now(version.school)
    version._history_user = by  # type: ignore[attr-defined]
    version.save()
    return version


def _a_year_from_now(school: School) -> date:
    today = timezone.localdate(timezone=school.tz)
    try:
        return today.replace(year=today.year + 1)
    except ValueError:  # 29 February
        return today.replace(year=today.year + 1, day=28)


# --- acknowledgement ------------------------------------------------------


def version_to_acknowledge(school: School) -> PolicyVersion | None:
    """The earliest version staff must have acknowledged: the last material change."""
    return (
        PolicyVersion.objects.for_school(school)
        .filter(status=VersionStatus.PUBLISHED, material_change=True)
        .order_by("-number")
        .first()
    )


@dataclass(frozen=True)
class StaffAcknowledgement:
    user: User
    latest_number: int | None  # the newest version they acknowledged
    up_to_date: bool


def acknowledgement_coverage(school: School) -> list[StaffAcknowledgement]:
    """Every member of staff, and whether they have acknowledged the policy in force.

    Acknowledging any version since the last material change is enough.
    """
    required = version_to_acknowledge(school)
    staff = (
        User.objects.filter(
            memberships__school=school,
            memberships__ended_at__isnull=True,
            memberships__role__in=STAFF_ROLES,
            is_active=True,
        )
        .distinct()
        .order_by("full_name")
    )
    latest: dict[int, int] = {
        row["user"]: row["latest"]
        for row in PolicyAcknowledgement.objects.for_school(school)
        .values("user")
        .annotate(latest=Max("version__number"))
    }
    needed = required.number if required and required.number else None
    return [
        StaffAcknowledgement(
            user=user,
            latest_number=latest.get(user.pk),
            up_to_date=needed is not None and latest.get(user.pk, 0) >= needed,
        )
        for user in staff
    ]


@transaction.atomic
def policy_acknowledge(*, version: PolicyVersion, user: User) -> PolicyAcknowledgement:
    if not version.is_published:
        raise PolicyError("Only a published policy can be acknowledged.")
    existing = (
        PolicyAcknowledgement.objects.for_school(version.school)
        .filter(version=version, user=user)
        .first()
    )
    if existing is not None:
        return existing
    ack = PolicyAcknowledgement(school=version.school, version=version, user=user)
    ack._history_user = user  # type: ignore[attr-defined]
    ack.save()
    return ack
