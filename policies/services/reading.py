"""Reading a school's policy: the version in force, the open draft, what stops a draft."""

from __future__ import annotations

from django.db.models import Max

from policies.models import PolicyClause, PolicySection, PolicyVersion, VersionStatus
from policies.numbering import CLAUSE_NUMBER, number_key, numbering_problems
from policies.parsing import ParsedClause, ParsedSection, SectionKind
from schools.models import School


class PolicyError(Exception):
    """A change to the policy that cannot be made; the message is for a person."""


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


def policy_published(school: School, number: int) -> PolicyVersion | None:
    return (
        PolicyVersion.objects.for_school(school)
        .filter(status=VersionStatus.PUBLISHED, number=number)
        .first()
    )


def clause_cite(*, school: School, number: str) -> PolicyClause | None:
    """The clause with ``number`` in the version in force, for another record to cite."""
    current = policy_current(school)
    if current is None:
        return None
    return current.clauses.filter(number=number).first()


Sections = list[tuple[PolicySection, list[PolicyClause]]]


def as_parsed(version: PolicyVersion, sections: Sections | None = None) -> list[ParsedSection]:
    """``version`` as the parser's sections; ``sections``: its
    ``sections_with_clauses`` if the caller has read them already."""
    if sections is None:
        sections = sections_with_clauses(version)
    return [
        ParsedSection(
            kind=SectionKind(section.kind),
            number=section.number,
            heading=section.heading,
            clauses=[ParsedClause(c.number, c.text, list(c.bullets)) for c in clauses],
        )
        for section, clauses in sections
    ]


def sections_with_clauses(version: PolicyVersion) -> Sections:
    """Each section of ``version`` in order, with its clauses: two queries.

    Each clause holds its section, so that naming it ("Section 3, paragraph")
    costs nothing more.
    """
    clauses = list(version.clauses.order_by("order"))
    sections = []
    for section in version.sections.order_by("order"):
        own = [clause for clause in clauses if clause.section_id == section.pk]
        for clause in own:
            clause.section = section
        sections.append((section, own))
    return sections


def clauses_of(sections: Sections) -> list[PolicyClause]:
    """The clauses of ``sections_with_clauses``, in the version's clause order."""
    return sorted((c for _, clauses in sections for c in clauses), key=lambda c: c.order)


def editing_refusal(version: PolicyVersion) -> str | None:
    """Why ``version`` cannot be changed, in words for a person; None for a draft."""
    if version.is_draft:
        return None
    if version.is_published:
        return (
            f"Version {version.number} is published and cannot be changed. "
            "Start a new draft to make changes."
        )
    return "This draft was discarded and cannot be changed."


def require_draft(version: PolicyVersion) -> None:
    refusal = editing_refusal(version)
    if refusal:
        raise PolicyError(refusal)


def draft_problems(version: PolicyVersion, sections: Sections | None = None) -> list[str]:
    """What stops ``version`` being published, in words for a person; empty if nothing.

    ``sections``: its ``sections_with_clauses`` if the caller has read them already.
    """
    if sections is None:
        sections = sections_with_clauses(version)
    problems = numbering_problems(as_parsed(version, sections))
    if not any(clauses for _, clauses in sections):
        problems.append("An empty draft cannot be published.")
    return problems


def check_clause_number(version: PolicyVersion, number: str, *, clause_pk: int | None) -> None:
    """A clause number must look like 7.4 and be free in the draft."""
    if not number:
        return
    if not CLAUSE_NUMBER.match(number):
        raise PolicyError(f"“{number}” is not a clause number (write it like 7.4).")
    clauses = version.clauses.filter(number=number)
    if clause_pk is not None:
        clauses = clauses.exclude(pk=clause_pk)
    if clauses.exists():
        raise PolicyError(f"Clause {number} is already in this draft.")


def next_clause_number(section: PolicySection) -> str:
    """The number a clause added at the end of ``section`` would naturally take."""
    numbers = [
        n
        for n in section.clauses.exclude(number="").values_list("number", flat=True)
        if CLAUSE_NUMBER.match(n)
    ]
    if numbers:
        last = max(numbers, key=number_key)
        *head, tail = last.split(".")
        return ".".join([*head, str(int(tail) + 1)])
    if section.kind == SectionKind.SECTION and section.number.isdigit():
        return f"{section.number}.1"
    return ""


def last_clause_order(section: PolicySection) -> int:
    """The order of the last clause in or before ``section`` (0 if none)."""
    version = section.version
    last = version.clauses.filter(section=section).aggregate(m=Max("order"))["m"]
    if last is None:
        before = version.clauses.filter(section__order__lt=section.order).aggregate(m=Max("order"))
        last = before["m"] or 0
    return int(last)
