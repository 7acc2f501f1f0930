"""The default policy checklists, written from each demo school's own policy.

Each step cites the clause it comes from (``clause``), as numbered in the
version in force: Chestnuts sections 5-8, Norris Bank sections 5-9. A step
with no clause says where it comes from in its own words: the UKCIS guidance
"Sharing nudes and semi-nudes" (Chestnuts has no clause on it) and KCSIE Part
4 for allegations about staff (the LADO). ``GENERIC_STEPS`` is sound practice
from KCSIE and UKCIS, with no clause numbers, for a school that has written no
checklist of its own: the first incident it logs installs them.

A step applies to an incident of its ``kind`` when its perpetrator is blank or
one of the incident's alleged perpetrators ("not known" while none is named),
and its ``school_day`` is blank or the incident's. ``StepSpec.who`` lists the
perpetrators a step is for: one checklist row is made for each.

- ``spec``: ``StepSpec``, the short names the lists use, due days and ``STRIDE``.
- ``wording``: sentences shared by several lists, and the UKCIS nude-image steps.
- ``chestnuts``, ``norris_bank``: each demo school's steps; ``generic``: the rest.
- ``install``: making a school's rows from a list, once; the demo defaults.
"""

from __future__ import annotations

from incidents.checklists.chestnuts import CHESTNUTS_STEPS
from incidents.checklists.generic import GENERIC_STEPS
from incidents.checklists.install import DEFAULTS_FOR_DEMO, _rows, checklist_install
from incidents.checklists.norris_bank import NORRIS_BANK_STEPS
from incidents.checklists.spec import STRIDE, StepSpec
from incidents.checklists.wording import NOT_VIEWED, PLATFORM_IF_REFUSED

__all__ = [
    "CHESTNUTS_STEPS",
    "DEFAULTS_FOR_DEMO",
    "GENERIC_STEPS",
    "NORRIS_BANK_STEPS",
    "NOT_VIEWED",
    "PLATFORM_IF_REFUSED",
    "STRIDE",
    "StepSpec",
    "_rows",
    "checklist_install",
]
