"""The agreement's words: the default text, and laying a body out as blocks.

A body is plain text: paragraphs separated by a blank line, and lines that
start with ``- `` make a list. The kiosk, the link page and the PDF all lay it
out with ``blocks``, so the family signs exactly what the PDF shows.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache

from policies.demo import SEEDS

_HEADING = "Acceptable use of the internet: agreement for parents and carers"
_FIELDS_END = "Child's class:"
_SIGNED = "Signed:"


@cache
def default_body() -> str:
    """Chestnuts' Appendix 3 (6.9), between its name fields and “Signed:”."""
    text = (SEEDS / "chestnuts.txt").read_text(encoding="utf-8")
    start = text.index(_FIELDS_END, text.index(_HEADING)) + len(_FIELDS_END)
    end = text.index(_SIGNED, start)
    return normalise(text[start:end])


def normalise(body: str) -> str:
    """Line endings unified, trailing spaces and runs of blank lines removed."""
    lines = [line.rstrip() for line in body.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    out: list[str] = []
    for line in lines:
        if line or (out and out[-1]):
            out.append(line)
    return "\n".join(out).strip("\n")


@dataclass
class Block:
    kind: str  # "p" or "ul"
    text: str = ""
    items: list[str] = field(default_factory=list)


def blocks(body: str) -> list[Block]:
    result: list[Block] = []
    for chunk in normalise(body).split("\n\n"):
        paragraph: list[str] = []
        for line in chunk.split("\n"):
            if line.startswith("- "):
                if paragraph:
                    result.append(Block("p", " ".join(paragraph)))
                    paragraph = []
                if not result or result[-1].kind != "ul":
                    result.append(Block("ul"))
                result[-1].items.append(line[2:].strip())
            elif line.strip():
                paragraph.append(line.strip())
        if paragraph:
            result.append(Block("p", " ".join(paragraph)))
        # A new chunk after a list starts a new list.
        if result and result[-1].kind == "ul":
            result.append(Block("end"))
    return [block for block in result if block.kind != "end"]
