"""Writes to the roster and to the match between signatures and children.

- ``roster_import``: a checked roster file, in one transaction;
- ``agreements_rematch``: after the roster changed, match what did not match;
- ``child_update``: the headteacher corrects one child's entry;
- ``agreement_match``: staff say which child a signature is for, or that the
  child is not on the roster.

Each records who did it (the history's user and, for a match, ``matched_by``).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction

from accounts.models import User
from agreements.models import Agreement, Child, Match
from agreements.roster import RosterRow
from agreements.services.signing import name_key
from schools.calendar import current_academic_year
from schools.models import School
from schools.records import save_as


@dataclass(frozen=True)
class ImportSummary:
    added: int
    updated: int
    unchanged: int
    off_roll: int
    matched: int  # signatures that now match a child


class _Roster:
    """The school's children, findable by reference and by name and class."""

    def __init__(self, school: School) -> None:
        self.children = list(Child.objects.for_school(school).order_by("pk"))
        self.by_reference = {c.reference.casefold(): c for c in self.children if c.reference}
        self.by_name: dict[tuple[str, int], list[Child]] = {}
        for child in self.children:
            key = (name_key(child.full_name), child.school_class_id)
            self.by_name.setdefault(key, []).append(child)

    def find(self, row: RosterRow, taken: set[int]) -> Child | None:
        """The row's child: by reference; else by name and class (one not yet taken)."""
        if row.reference:
            found = self.by_reference.get(row.reference.casefold())
            if found is not None:
                return found
        for child in self.by_name.get(row.key, []):
            # A child with another reference is another child of the same name.
            if child.pk not in taken and (not row.reference or not child.reference):
                return child
        return None


def _apply(child: Child, row: RosterRow) -> bool:
    """Copy the row onto the child; whether anything changed."""
    values = {
        "first_name": row.first_name,
        "last_name": row.last_name,
        "school_class": row.school_class,
        "on_roll": True,
    }
    if row.reference:
        values["reference"] = row.reference
    if row.date_of_birth is not None:
        values["date_of_birth"] = row.date_of_birth
    changed = False
    for name, value in values.items():
        if getattr(child, name) != value:
            setattr(child, name, value)
            changed = True
    return changed


@transaction.atomic
def roster_import(
    *, school: School, by: User, rows: Iterable[RosterRow], whole_school: bool, year: int
) -> ImportSummary:
    """Add and update the file's children; with ``whole_school``, the others go off roll.

    Then the year's signatures that matched nobody are matched again.
    """
    School.objects.select_for_update().filter(pk=school.pk).first()
    roster = _Roster(school)
    taken: set[int] = set()
    added = updated = unchanged = 0
    for row in rows:
        child = roster.find(row, taken)
        if child is None:
            child = Child(school=school, first_name="", last_name="", school_class=row.school_class)
            _apply(child, row)
            save_as(child, by)
            added += 1
        elif _apply(child, row):
            save_as(child, by)
            updated += 1
        else:
            unchanged += 1
        taken.add(child.pk)
    off_roll = 0
    if whole_school:
        for child in roster.children:
            if child.on_roll and child.pk not in taken:
                child.on_roll = False
                save_as(child, by, fields=["on_roll"])
                off_roll += 1
    matched = agreements_rematch(school=school, by=by, year=year)
    return ImportSummary(added, updated, unchanged, off_roll, matched)


def agreements_rematch(*, school: School, by: User | None, year: int) -> int:
    """Match the year's unmatched signatures that name exactly one child on roll in their
    class; how many now match. A person's "not on the roster" is left as they said."""
    index: dict[tuple[str, int], list[Child]] = {}
    for child in Child.objects.for_school(school).filter(on_roll=True):
        index.setdefault((name_key(child.full_name), child.school_class_id), []).append(child)
    matched = 0
    waiting = Agreement.objects.for_school(school).filter(academic_year=year, match=Match.UNMATCHED)
    for agreement in waiting.order_by("pk"):
        found = index.get((name_key(agreement.child_name), agreement.school_class_id), [])
        if len(found) == 1:
            agreement.child = found[0]
            agreement.match = Match.MATCHED
            save_as(agreement, by, fields=["child", "match"])
            matched += 1
    return matched


@transaction.atomic
def agreement_match(*, agreement: Agreement, by: User, child: Child | None) -> Agreement:
    """``child`` is the one the signature is for; None: the child is not on the roster."""
    if child is not None and (child.school_id != agreement.school_id or not child.on_roll):
        raise ValidationError({"child": "Choose a child on the school's roster."})
    agreement.child = child
    agreement.match = Match.MATCHED if child is not None else Match.NOT_ON_ROSTER
    agreement.matched_by = by
    save_as(agreement, by, fields=["child", "match", "matched_by"])
    return agreement


CHILD_FIELDS = ("first_name", "last_name", "school_class", "date_of_birth", "reference", "on_roll")


@transaction.atomic
def child_update(*, child: Child, by: User, **values: object) -> Child:
    """Correct one child's entry: names, class, date of birth, reference, on roll or not.

    A child coming back on roll may be the one a waiting signature names.
    """
    unknown = set(values) - set(CHILD_FIELDS)
    if unknown:
        raise TypeError(f"Not a roster field: {sorted(unknown)}")
    school_class = values.get("school_class")
    if school_class is not None and getattr(school_class, "school_id", None) != child.school_id:
        raise ValidationError({"school_class": "Choose one of the school's classes."})
    for name, value in values.items():
        setattr(child, name, value.strip() if isinstance(value, str) else value)
    save_as(child, by)
    if child.on_roll:
        year = current_academic_year(child.school).year
        agreements_rematch(school=child.school, by=by, year=year)
    return child
