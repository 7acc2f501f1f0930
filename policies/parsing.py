"""What an imported policy document is made of, before it becomes a version.

``policies.importer`` turns plain text or .docx into a ``ParsedPolicy``;
``policies.services`` stores it as a draft.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum


class SectionKind(StrEnum):
    INTENT = "intent"  # the statement of intent, before section 1
    SECTION = "section"  # a numbered section: 1, 2, …
    APPENDIX = "appendix"  # Appendix 1, 2, …


@dataclass
class ParsedClause:
    """A clause ("7.4") or, where the document has no number, a paragraph.

    ``bullets`` are the list items that belong to it (e.g. 7.1's blocked sites).
    """

    number: str  # "7.4", or "" for an unnumbered paragraph
    text: str
    bullets: list[str] = field(default_factory=list)


@dataclass
class ParsedSection:
    kind: SectionKind
    number: str  # "7" for section 7, "1" for Appendix 1, "" for the statement of intent
    heading: str
    clauses: list[ParsedClause] = field(default_factory=list)


@dataclass
class ParsedPolicy:
    title: str
    sections: list[ParsedSection]
    # Lines the importer could not place anywhere, for the person importing.
    unplaced: list[str] = field(default_factory=list)

    @property
    def clause_count(self) -> int:
        return sum(1 for s in self.sections for c in s.clauses if c.number)


class PolicyImportError(ValueError):
    """The document cannot be imported; ``messages`` say why, for a person."""

    def __init__(self, messages: list[str]) -> None:
        super().__init__("; ".join(messages))
        self.messages = messages
