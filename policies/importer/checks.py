"""Check the numbers a document gives, number the paragraphs it left bare, and finish."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator

from policies.importer.builder import Builder, Clause, Section
from policies.parsing import (
    ParsedClause,
    ParsedPolicy,
    ParsedSection,
    PolicyImportError,
    SectionKind,
)

NO_SECTIONS = (
    "No sections were found. A heading such as “1. Key roles and responsibilities”, "
    "or “Key roles and responsibilities” on a line of its own, starts a section."
)


def finish(builder: Builder) -> ParsedPolicy:
    """The parsed policy, or PolicyImportError with every problem found."""
    sections = builder.sections
    errors = [*builder.errors, *_given_number_problems(sections), *_appendix_problems(sections)]
    if not any(section.kind is SectionKind.SECTION for section in sections):
        errors.append(NO_SECTIONS)
    if errors:
        raise PolicyImportError(errors)
    return ParsedPolicy(
        title=" / ".join(builder.title),
        sections=[_parsed(section) for section in sections],
        unplaced=builder.unplaced,
    )


def _given(sections: list[Section]) -> Iterator[tuple[Section, Clause, tuple[int, ...]]]:
    for section in sections:
        for clause in section.clauses:
            if section.kind is SectionKind.SECTION and clause.given is not None:
                yield section, clause, clause.given


def _given_number_problems(sections: list[Section]) -> Iterator[str]:
    """The numbers the document gives must go up and belong to their section."""
    seen: dict[tuple[int, ...], Clause] = {}
    highest: tuple[int, ...] = ()
    for section, clause, number in _given(sections):
        if str(number[0]) != section.number:
            yield (
                f"Clause {_dotted(number)} ({clause.where}) is in section {section.number} "
                f"“{section.heading}”, so its number should start with {section.number}."
            )
        if number <= highest:
            earlier = seen.get(number) or seen[highest]
            relation = "repeats" if number in seen else "comes after"
            yield (
                f"Clause {_dotted(number)} ({clause.where}) {relation} clause "
                f"{_dotted(earlier.given or ())} ({earlier.where}): clause numbers must not "
                "repeat or go backwards."
            )
        seen.setdefault(number, clause)
        highest = max(highest, number)


def _appendix_problems(sections: list[Section]) -> Iterator[str]:
    counts = Counter(s.number for s in sections if s.kind is SectionKind.APPENDIX)
    for number in sorted(n for n, count in counts.items() if count > 1):
        yield f"Appendix {number} appears more than once."


def _inferred_numbers(section: Section) -> list[str]:
    """Bare paragraphs take the next number, unless a number given later needs it.

    Norris Bank section 2: the paragraph before "2.2" becomes 2.1. A paragraph
    squeezed between 5.3 and 5.4 stays unnumbered.
    """
    numbers: list[str] = []
    last: tuple[int, ...] | None = None
    for clause, next_given in zip(section.clauses, _next_given(section.clauses), strict=True):
        number = clause.given
        if number is None and clause.numbered and section.kind is SectionKind.SECTION:
            candidate = (*last[:-1], last[-1] + 1) if last else (int(section.number), 1)
            number = candidate if next_given is None or candidate < next_given else None
        last = number or last
        numbers.append(_dotted(number) if number else "")
    return numbers


def _next_given(clauses: list[Clause]) -> list[tuple[int, ...] | None]:
    """For each clause, the first number given after it in its section."""
    following: list[tuple[int, ...] | None] = []
    upcoming: tuple[int, ...] | None = None
    for clause in reversed(clauses):
        following.append(upcoming)
        upcoming = clause.given or upcoming
    return following[::-1]


def _dotted(number: tuple[int, ...]) -> str:
    return ".".join(str(part) for part in number)


def _parsed(section: Section) -> ParsedSection:
    clauses = [
        ParsedClause(number, clause.text, list(clause.bullets))
        for number, clause in zip(_inferred_numbers(section), section.clauses, strict=True)
    ]
    return ParsedSection(section.kind, section.number, section.heading, clauses)
