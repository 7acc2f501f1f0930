"""What a checklist step is, and the short names the step lists are written in.

``StepSpec`` is one step as data; the aliases (``CYBER``, ``PUPIL``, ``SEVERE`` …)
keep the long lists in the sibling modules readable, one step to a few lines.
"""

from __future__ import annotations

from dataclasses import dataclass

from incidents.models import IncidentKind, PersonKind, Requirement

CYBER = IncidentKind.CYBERBULLYING
NUDE = IncidentKind.NUDE_IMAGES
CONTACT = IncidentKind.UNWANTED_CONTACT
CONTENT = IncidentKind.INAPPROPRIATE_CONTENT
FIREWALL = IncidentKind.FIREWALL
CONDUCT = IncidentKind.STAFF_CONDUCT

PUPIL = PersonKind.PUPIL
STAFF = PersonKind.STAFF
PARENT = PersonKind.PARENT
ADULT = PersonKind.OTHER_ADULT
UNKNOWN = PersonKind.UNKNOWN

ALWAYS = Requirement.ALWAYS
SEVERE = Requirement.WHEN_SEVERE
CONSIDER = Requirement.CONSIDER

# Police and safeguarding steps are due the next day; the rest within a school week.
URGENT = 1
SOON = 5
# Positions go up in tens, so that a headteacher can slot a step in between.
STRIDE = 10


@dataclass(frozen=True)
class StepSpec:
    kind: str
    text: str
    clause: str = ""
    who: tuple[str, ...] = ()  # empty: whoever the perpetrator is
    school_day: str = ""
    requirement: str = ALWAYS
    due_days: int = SOON


S = StepSpec
