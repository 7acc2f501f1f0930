"""Clause numbers must be unique and go up through the document."""

from __future__ import annotations

import re
from collections.abc import Iterable

from policies.parsing import ParsedSection

CLAUSE_NUMBER = re.compile(r"^\d+(\.\d+)*$")


def number_key(number: str) -> tuple[int, ...]:
    return tuple(int(part) for part in number.split("."))


def numbering_problems(sections: Iterable[ParsedSection]) -> list[str]:
    """What is wrong with the clause numbers, in words for a person; empty if nothing."""
    problems: list[str] = []
    seen: set[str] = set()
    previous: str | None = None
    for section in sections:
        for clause in section.clauses:
            number = clause.number
            if not number:
                continue
            if not CLAUSE_NUMBER.match(number):
                problems.append(f"“{number}” is not a clause number (write it like 7.4).")
                continue
            if number in seen:
                problems.append(f"Clause {number} appears twice.")
            elif previous is not None and number_key(number) < number_key(previous):
                problems.append(f"Clause {number} comes after {previous}: numbers must go up.")
            seen.add(number)
            previous = number
    return problems
