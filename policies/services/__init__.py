"""Reads and writes of a school's policy. Each write is atomic and records who acted.

- ``reading``: the version in force, the open draft, citing a clause, what stops a draft
- ``drafts``: importing, starting, editing and discarding a draft
- ``publishing``: a draft becomes the next version, and its PDF is asked for
- ``acknowledgement``: who has read the version in force

Import from ``policies.services``; the modules are how the code is arranged.
"""

from __future__ import annotations

from policies.services.acknowledgement import (
    AcknowledgementStatus,
    StaffAcknowledgement,
    acknowledgement_coverage,
    acknowledgement_status,
    policy_acknowledge,
    staff_acknowledgement,
    version_to_acknowledge,
)
from policies.services.drafts import (
    policy_clause_add,
    policy_clause_edit,
    policy_clause_remove,
    policy_draft_discard,
    policy_draft_start,
    policy_import_draft,
    policy_section_edit,
    section_anchor,
)
from policies.services.publishing import a_year_from_now, policy_publish
from policies.services.reading import (
    PolicyError,
    as_parsed,
    clause_cite,
    clauses_of,
    draft_problems,
    editing_refusal,
    next_clause_number,
    policy_current,
    policy_draft,
    policy_published,
    sections_with_clauses,
)
from schools.calendar import school_today

__all__ = [
    "AcknowledgementStatus",
    "PolicyError",
    "StaffAcknowledgement",
    "a_year_from_now",
    "acknowledgement_coverage",
    "acknowledgement_status",
    "as_parsed",
    "clause_cite",
    "clauses_of",
    "draft_problems",
    "editing_refusal",
    "next_clause_number",
    "policy_acknowledge",
    "policy_clause_add",
    "policy_clause_edit",
    "policy_clause_remove",
    "policy_current",
    "policy_draft",
    "policy_draft_discard",
    "policy_draft_start",
    "policy_import_draft",
    "policy_publish",
    "policy_published",
    "policy_section_edit",
    "school_today",
    "section_anchor",
    "sections_with_clauses",
    "staff_acknowledgement",
    "version_to_acknowledge",
]
