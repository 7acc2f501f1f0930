"""A readable comparison of two policy versions, clause by clause."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass
from enum import StrEnum

from policies.models import PolicyClause, PolicyVersion


class Change(StrEnum):
    ADDED = "added"
    REMOVED = "removed"
    CHANGED = "changed"


@dataclass(frozen=True)
class Segment:
    """A run of words: kept (""), inserted ("ins") or deleted ("del")."""

    op: str
    text: str


@dataclass(frozen=True)
class ClauseChange:
    change: Change
    label: str  # "7.4" or the section heading for an unnumbered paragraph
    anchor: str
    segments: list[Segment]


def _clause_text(clause: PolicyClause) -> str:
    return "\n".join([clause.text, *(f"• {bullet}" for bullet in clause.bullets)])


def _label(clause: PolicyClause) -> str:
    return clause.number or f"{clause.section.label}, paragraph"


WORDS = re.compile(r"\S+|\s+")


def word_diff(old: str, new: str) -> list[Segment]:
    a, b = WORDS.findall(old), WORDS.findall(new)
    segments: list[Segment] = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes():
        if op == "equal":
            segments.append(Segment("", "".join(a[i1:i2])))
            continue
        if op in ("delete", "replace"):
            segments.append(Segment("del", "".join(a[i1:i2])))
        if op in ("insert", "replace"):
            segments.append(Segment("ins", "".join(b[j1:j2])))
    return segments


def _clauses(version: PolicyVersion) -> list[PolicyClause]:
    return list(version.clauses.select_related("section").order_by("order"))


def compare_versions(
    old: PolicyVersion, new: PolicyVersion, new_clauses_read: list[PolicyClause] | None = None
) -> list[ClauseChange]:
    """What changed from ``old`` to ``new``: in ``new``'s order, then what was removed.

    ``new_clauses_read``: ``new``'s clauses in order, with their sections, if the
    caller has read them already.
    """
    old_clauses = {c.anchor: c for c in _clauses(old)}
    if new_clauses_read is None:
        new_clauses_read = _clauses(new)
    new_clauses = {c.anchor: c for c in new_clauses_read}
    changes: list[ClauseChange] = []
    for anchor, old_clause in old_clauses.items():
        if anchor not in new_clauses:
            changes.append(
                ClauseChange(
                    Change.REMOVED,
                    _label(old_clause),
                    anchor,
                    [Segment("del", _clause_text(old_clause))],
                )
            )
    for anchor, clause in new_clauses.items():
        before = old_clauses.get(anchor)
        if before is None:
            changes.append(
                ClauseChange(
                    Change.ADDED, _label(clause), anchor, [Segment("ins", _clause_text(clause))]
                )
            )
        elif _clause_text(before) != _clause_text(clause):
            changes.append(
                ClauseChange(
                    Change.CHANGED,
                    _label(clause),
                    anchor,
                    word_diff(_clause_text(before), _clause_text(clause)),
                )
            )
    order = {anchor: i for i, anchor in enumerate([*new_clauses, *old_clauses])}
    return sorted(changes, key=lambda c: order[c.anchor])
