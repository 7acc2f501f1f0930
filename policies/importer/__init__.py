"""Read a school's policy document (plain text or .docx) into a ``ParsedPolicy``.

The seeds show the two shapes a policy arrives in. Chestnuts numbers everything
("7.4. Requests may be made …") but carries a contents list that numbers its
sections differently from the body. Norris Bank's export lost nearly all of its
numbers: headings are short lines with no closing full stop, clauses are plain
paragraphs, and lists after a "…not limited to:" lead-in are unmarked short
lines. The importer numbers those in document order and keeps every number the
document gives itself, so "2.2" stays 2.2 and the paragraph before it becomes 2.1.

``reading`` and ``word`` turn bytes into lines, ``shapes`` says what a line looks
like, ``builder`` places each line, and ``checks`` numbers and validates the result.
Word documents go through the same rules: paragraph styles only say which lines
are headings, bullets or numbered paragraphs.
"""

from __future__ import annotations

from policies.importer.builder import Builder
from policies.importer.checks import finish
from policies.importer.reading import Line, binary_hint, decode_text, text_lines
from policies.importer.word import docx_lines
from policies.parsing import ParsedPolicy, PolicyImportError

NOT_A_DOCUMENT = "This file is not a plain-text or Word (.docx) document."
EMPTY_FILE = "The file is empty."

__all__ = ["parse_policy_docx", "parse_policy_file", "parse_policy_text"]


def parse_policy_file(name: str, data: bytes) -> ParsedPolicy:
    """Import an uploaded file: .docx or text by its content; the name only sharpens hints."""
    if not data.strip():
        raise PolicyImportError([EMPTY_FILE])
    if data.startswith(b"PK\x03\x04"):
        return parse_policy_docx(data)
    hint = binary_hint(name, data)
    text = None if hint else decode_text(data)
    if text is None:
        raise PolicyImportError([f"{NOT_A_DOCUMENT} {hint}".strip()])
    if not text.strip():
        raise PolicyImportError([EMPTY_FILE])
    return parse_policy_text(text)


def parse_policy_text(text: str) -> ParsedPolicy:
    lines = list(text_lines(text))
    if not lines:
        raise PolicyImportError(["The document is empty."])
    return _import(lines)


def parse_policy_docx(data: bytes) -> ParsedPolicy:
    lines = docx_lines(data, not_a_document=NOT_A_DOCUMENT)
    if not lines:
        raise PolicyImportError(["The Word document has no text."])
    return _import(lines)


def _import(lines: list[Line]) -> ParsedPolicy:
    builder = Builder(lines)
    builder.place()
    return finish(builder)
