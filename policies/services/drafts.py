"""Drafts of a school's policy: imported or started from the version in force, then edited.

Every change is saved through the model (never ``.update()``), so the draft's
history holds who changed what and what it said before.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction

from accounts.models import User
from policies.models import PolicyClause, PolicySection, PolicyVersion, VersionStatus
from policies.numbering import numbering_problems
from policies.parsing import ParsedPolicy, ParsedSection, SectionKind
from policies.services.reading import (
    PolicyError,
    as_parsed,
    check_clause_number,
    last_clause_order,
    policy_current,
    policy_draft,
    require_draft,
)
from schools.models import School


def section_anchor(kind: str, number: str, order: int) -> str:
    if kind == SectionKind.INTENT:
        return "intent"
    if kind == SectionKind.APPENDIX:
        return f"appendix-{number or order}"
    return f"section-{number or order}"


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


def _new_draft(
    *, school: School, title: str, by: User | None, unplaced: list[str] | None = None
) -> PolicyVersion:
    if policy_draft(school) is not None:
        raise PolicyError("There is already a draft of the policy: publish or discard it first.")
    version = PolicyVersion(
        school=school,
        title=title,
        created_by=by,
        based_on=policy_current(school),
        unplaced_lines=unplaced or [],
    )
    version._history_user = by  # type: ignore[attr-defined]
    version.save()
    return version


@transaction.atomic
def policy_import_draft(*, school: School, parsed: ParsedPolicy, by: User | None) -> PolicyVersion:
    """Store an imported document as the school's new draft.

    The lines the importer could not place stay with the draft, for the person
    editing it to put where they belong.
    """
    problems = numbering_problems(parsed.sections)
    if problems:
        raise PolicyError(" ".join(problems))
    title = parsed.title or f"{school.name}: social media policy"
    version = _new_draft(school=school, title=title, by=by, unplaced=list(parsed.unplaced))
    _write_sections(version, parsed.sections, by)
    return version


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
    """Set a draft aside for good. It stays, with its history, but cannot be changed."""
    require_draft(version)
    version.status = VersionStatus.DISCARDED
    version._history_user = by  # type: ignore[attr-defined]
    version.save(update_fields=["status"])


def _bullets(bullets: Iterable[str]) -> list[str]:
    return [b.strip() for b in bullets if b.strip()]


@transaction.atomic
def policy_section_edit(*, section: PolicySection, heading: str, by: User) -> PolicySection:
    """Change a section's heading in a draft. Its number and anchor stay."""
    require_draft(section.version)
    heading = heading.strip()
    if not heading:
        raise PolicyError("A section needs a heading.")
    section.heading = heading
    section._history_user = by  # type: ignore[attr-defined]
    section.save(update_fields=["heading"])
    return section


@transaction.atomic
def policy_clause_edit(
    *,
    clause: PolicyClause,
    text: str,
    bullets: list[str],
    by: User,
    number: str | None = None,
) -> PolicyClause:
    """Change a clause of a draft; ``number`` (if given) renumbers it, and its anchor with it.

    A renumbered clause is a new anchor on the public page: links to the old
    number in this version no longer reach it, while citations of earlier
    versions keep pointing at the clause as it was.
    """
    version = clause.version
    require_draft(version)
    text = text.strip()
    if not text:
        raise PolicyError("A clause needs some text. To take it out, remove it instead.")
    fields = ["text", "bullets"]
    if number is not None and number.strip() != clause.number:
        number = number.strip()
        check_clause_number(version, number, clause_pk=clause.pk)
        clause.number = number
        clause.anchor = number or _free_anchor(clause.section, 1)
        fields += ["number", "anchor"]
    clause.text = text
    clause.bullets = _bullets(bullets)
    clause._history_user = by  # type: ignore[attr-defined]
    clause.save(update_fields=fields)
    return clause


@transaction.atomic
def policy_clause_add(
    *, section: PolicySection, number: str, text: str, bullets: list[str], by: User
) -> PolicyClause:
    """Add a clause at the end of ``section`` of a draft."""
    version = section.version
    require_draft(version)
    number, text = number.strip(), text.strip()
    if not text:
        raise PolicyError("A clause needs some text.")
    check_clause_number(version, number, clause_pk=None)
    last = last_clause_order(section)
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
        bullets=_bullets(bullets),
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
    require_draft(clause.version)
    clause._history_user = by  # type: ignore[attr-defined]
    clause.delete()
