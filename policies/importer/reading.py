"""From bytes to lines: which files are text, how they decode, what a line keeps."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from enum import Enum

_OLD_WORD = "It looks like an older Word (.doc) file: save it as .docx."
_IMAGE = "It looks like an image."
_MAGIC_HINTS = (
    (b"%PDF", "It looks like a PDF: open the policy in Word and save it as .docx."),
    (b"\x89PNG", _IMAGE),
    (b"\xff\xd8\xff", _IMAGE),
    (b"GIF8", _IMAGE),
    (b"II*\x00", _IMAGE),
    (b"MM\x00*", _IMAGE),
    (b"\xd0\xcf\x11\xe0", _OLD_WORD),
    (b"{\\rtf", "It is a Rich Text (.rtf) file: save it as .docx or plain text."),
)


class Hint(Enum):
    """What a Word paragraph style says about a line; plain text is all TEXT."""

    TEXT = "text"  # the shape of the line decides
    HEADING = "heading"
    TITLE = "title"
    BULLET = "bullet"
    NUMBERED = "numbered"  # a Word numbered paragraph, whose number the text lacks
    SKIP = "skip"  # Word's own table of contents


@dataclass(frozen=True)
class Line:
    where: str  # "line 12" or "paragraph 12", for messages
    raw: str  # keeps tabs, for the table rows in appendices
    text: str  # whitespace collapsed
    hint: Hint
    bookmarked: bool  # Word put a bookmark on it, as it does on headings


_BOOKMARK = re.compile(r"\[bookmark:[^\]]*\]")
_CLEAN = str.maketrans(
    {"\xa0": " ", "\u2007": " ", "\u202f": " ", "\v": " ", "\f": " ", "\u2028": " "}
    | dict.fromkeys(["\u200b", "\u200c", "\u200d", "\ufeff", "\xad", "\u2029"], None)
)


def binary_hint(name: str, data: bytes) -> str:
    """A sentence saying what a file that is not text seems to be, or ""."""
    for magic, hint in _MAGIC_HINTS:
        if data.startswith(magic):
            return hint
    if name.lower().endswith(".doc") and b"\x00" in data:
        return _OLD_WORD
    return ""


def decode_text(data: bytes) -> str | None:
    """UTF-8 (with or without BOM), UTF-16 with BOM, or Windows-1252; None if binary."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        encodings: tuple[str, ...] = ("utf-16",)
    elif b"\x00" in data:
        return None
    else:
        encodings = ("utf-8-sig", "cp1252")
    for encoding in encodings:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        return None if _has_control_characters(text) else text
    return None


def _has_control_characters(text: str) -> bool:
    return any(unicodedata.category(c) == "Cc" and c not in "\t\n\r\f\v" for c in text)


def text_lines(text: str) -> Iterator[Line]:
    """Non-blank lines, numbered as an editor numbers them."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    for number, raw in enumerate(text.split("\n"), start=1):
        line = make_line(f"line {number}", raw, Hint.TEXT)
        if line:
            yield line


def make_line(where: str, raw: str, hint: Hint, bookmarked: bool = False) -> Line | None:
    """Drop export artefacts: [bookmark: …] markers, markdown bold, odd spaces."""
    bookmarked = bookmarked or "[bookmark:" in raw
    raw = _BOOKMARK.sub("", raw).translate(_CLEAN).replace("**", "").strip(" ")
    text = " ".join(raw.split())
    return Line(where, raw, text, hint, bookmarked) if text else None
