"""What a line looks like: a heading, a clause, a bullet, an appendix, a contents entry."""

from __future__ import annotations

import re

from policies.importer.reading import Hint, Line

_MARKER = r"(?:[•·◦▪■➢\uf0b7]\s*|[-–—*]\s+)"
BULLET = re.compile(rf"^{_MARKER}(?P<rest>.*)$")
# "1.1. The Headteacher …", "- 7.3. Inappropriate …", "9.1    Norris Bank …"
CLAUSE = re.compile(rf"^{_MARKER}?(?P<num>\d{{1,3}}(?:\.\d{{1,3}})+)\.?(?:\s+|$)(?P<rest>.*)$")
_SECTION = re.compile(r"^(?P<num>\d{1,2})[.)]?\s+(?P<rest>\S.*)$")
_APPENDIX = re.compile(r"^appendix\s+(?P<num>\d{1,2}|[a-z])(?!\w)[\s.:–—-]*(?P<rest>.*)$", re.I)
APPENDICES = re.compile(r"^(?:\d{1,2}[.)]?\s+)?appendices:?$", re.I)
INTENT = re.compile(r"^statement of intent:?$", re.I)
CONTENTS = re.compile(r"^(?:table of )?contents:?$", re.I)
# "Safe – Do not give out personal information…": a SMART item, however long.
_TERM_ITEM = re.compile(r"^\S+(?: \S+){0,3} [–—-] \S")
_CONTENTS_PREFIX = re.compile(r"^(?:appendix\s+\w+\s*[.:–—-]?|\d{1,2}[.)]?)\s+", re.I)
_PAGE_NUMBER = re.compile(r"(?:\s*\.{2,}\s*|\s+)\d{1,3}$")


def heading_like(text: str) -> bool:
    """Short, no closing punctuation, starts with a capital: "Blocked content"."""
    words = text.split()
    first = next((c for c in text if c.isalnum()), "")
    return (
        0 < len(words) <= 10
        and len(text) <= 80
        and text[-1] not in ".:;,!?"
        and (first.isupper() or first.isdigit())
    )


def list_item_like(text: str) -> bool:
    """A list item with no marker: "Blogs", "DOJO", "Tell – We encourage pupils …"."""
    return not text.endswith(":") and (len(text.split()) <= 8 or bool(_TERM_ITEM.match(text)))


def numbered_heading(line: Line) -> tuple[int, str] | None:
    """(7, "Blocked content") for "7. Blocked content"."""
    match = _SECTION.match(line.text)
    if match and heading_like(match["rest"]) and "\t" not in line.raw.strip():
        return int(match["num"]), match["rest"]
    return None


def appendix(line: Line) -> tuple[str, str] | None:
    """("1", "Blocked content access form") for "Appendix 1 – Blocked content access form"."""
    match = _APPENDIX.match(line.text)
    if not match or line.hint in (Hint.BULLET, Hint.NUMBERED):
        return None
    rest = match["rest"]
    if rest and not (heading_like(rest) or line.hint is Hint.HEADING):
        return None  # "Appendix 3 sets out …" is a sentence
    return match["num"].upper(), rest


def structural(line: Line) -> bool:
    """A line that starts or organises the body: never part of the title."""
    return (
        line.hint is Hint.HEADING
        or any(p.match(line.text) for p in (CONTENTS, INTENT, APPENDICES, CLAUSE))
        or appendix(line) is not None
        or numbered_heading(line) is not None
    )


def skip_contents(lines: list[Line], start: int) -> int:
    """Where the body starts after a contents list: at the first heading it repeats.

    The entries are never read as sections: Chestnuts' list numbers them
    differently from the body, and the body is authoritative.
    """
    seen: set[str] = set()
    for index in range(start, len(lines)):
        entry = _CONTENTS_PREFIX.sub("", _PAGE_NUMBER.sub("", lines[index].text))
        key = " ".join(entry.lower().split())
        if key in seen:
            return index
        if not heading_like(entry):
            # Prose: the entry just before it was the body's first heading.
            return index - 1 if seen else index
        seen.add(key)
    return len(lines)


def table_text(raw: str) -> str:
    """A table row keeps its tab-separated cells, each with tidy spaces."""
    cells = [" ".join(cell.split()) for cell in raw.split("\t")]
    while cells and not cells[-1]:
        cells.pop()
    return "\t".join(cells)
