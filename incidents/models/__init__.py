"""The incident log (PRODUCT.md §3, "Incident"): the portal's most sensitive records.

- ``Incident``: what happened, when, where, how serious, and how it ended.
- ``IncidentPerson``: who was involved and their part (never deleted: a
  mistake is marked removed, with who and when).
- ``ChecklistStep``: one step of a school's checklist for a kind of incident
  and a kind of perpetrator, citing the policy's clause; ``IncidentStep`` is
  that step copied into one incident and ticked there.
- ``Decision`` (with its reason, "decided not to refer, because …" included),
  ``ExternalReport`` (platform, ISP, CEOP, police … with reference numbers and
  follow-up dates), ``EvidenceFile`` (the private evidence vault),
  ``IncidentNote`` (annotations, the only change a closed incident takes).
- ``AccessLogEntry``: every look at an incident or its evidence, and at the other
  sensitive records (safeguarding content reports, signed agreements).
- ``ContactAttempt``: the quick log of a pupil or parent trying to "friend" or
  message a member of staff (Chestnuts 5.7, 6.3; Norris Bank 5.4, 6.3).
"""

from __future__ import annotations

from incidents.models.checklist import (
    ChecklistStep,
    IncidentStep,
    Requirement,
    StepStatus,
)
from incidents.models.incident import (
    Incident,
    IncidentKind,
    IncidentPerson,
    Outcome,
    Part,
    PersonKind,
    Sanction,
    SchoolDay,
    Severity,
    Status,
)
from incidents.models.work import (
    AccessAction,
    AccessLogEntry,
    AccessRecordType,
    ContactAttempt,
    Contacter,
    Decision,
    DecisionKind,
    EvidenceFile,
    ExternalReport,
    IncidentNote,
    ReportedTo,
)

__all__ = [
    "AccessAction",
    "AccessLogEntry",
    "AccessRecordType",
    "ChecklistStep",
    "ContactAttempt",
    "Contacter",
    "Decision",
    "DecisionKind",
    "EvidenceFile",
    "ExternalReport",
    "Incident",
    "IncidentKind",
    "IncidentNote",
    "IncidentPerson",
    "IncidentStep",
    "Outcome",
    "Part",
    "PersonKind",
    "ReportedTo",
    "Requirement",
    "Sanction",
    "SchoolDay",
    "Severity",
    "Status",
    "StepStatus",
]
