"""Word (.docx) documents as lines, with what each paragraph's style says about it."""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterator
from typing import Any

import docx
from docx.table import Table
from docx.text.paragraph import Paragraph

from policies.importer.reading import Hint, Line, make_line
from policies.parsing import PolicyImportError

DAMAGED = "This Word document could not be read: it may be damaged."
_MAX_UNZIPPED = 64 * 1024 * 1024  # a policy is kilobytes; this stops zip bombs
# Lettered and roman lists are sub-items; decimal lists are the clauses themselves.
_BULLET_FORMATS = {"bullet", "none", "lowerLetter", "upperLetter", "lowerRoman", "upperRoman"}


def docx_lines(data: bytes, *, not_a_document: str) -> list[Line]:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            infos = archive.infolist()
    except zipfile.BadZipFile:
        raise PolicyImportError([not_a_document]) from None
    if "word/document.xml" not in {info.filename for info in infos}:
        raise PolicyImportError([f"{not_a_document} It is a zip archive of something else."])
    if sum(info.file_size for info in infos) > _MAX_UNZIPPED:
        raise PolicyImportError(["This Word document is too large to import."])
    try:
        return list(_read(data))
    # A damaged package makes python-docx raise KeyError, AttributeError,
    # BadZipFile or lxml's XMLSyntaxError, among others.
    except Exception:
        raise PolicyImportError([DAMAGED]) from None


def _read(data: bytes) -> Iterator[Line]:
    document = docx.Document(io.BytesIO(data))
    numbering = document.part.numbering_part.element
    for index, block in enumerate(document.iter_inner_content(), start=1):
        where = f"paragraph {index}"
        if isinstance(block, Table):
            yield from _table_rows(where, block)
            continue
        hint = _hint(block, numbering)
        # Word bookmarks headings (the text export shows them as "[bookmark: …]").
        bookmarked = bool(block._p.xpath("./w:bookmarkStart[not(@w:name='_GoBack')]"))
        line = make_line(where, block.text.replace("\n", " "), hint, bookmarked)
        if line and hint is not Hint.SKIP:
            yield line


def _table_rows(where: str, table: Table) -> Iterator[Line]:
    """A row as tab-separated cells, as a text export writes it."""
    for row in table.rows:
        line = make_line(where, "\t".join(c.text.replace("\n", " ") for c in row.cells), Hint.TEXT)
        if line:
            yield line


def _hint(paragraph: Paragraph, numbering: Any) -> Hint:
    """Heading N → heading; bullet lists → bullets; decimal lists → numbered paragraphs."""
    style = paragraph.style
    name = (style.name or "").lower() if style is not None else ""
    if name.startswith("toc"):
        return Hint.SKIP
    if name in ("title", "subtitle"):
        return Hint.TITLE
    if re.fullmatch(r"heading \d", name):
        return Hint.HEADING
    list_format = _list_format(paragraph, numbering)
    if list_format is not None:
        return Hint.BULLET if list_format in _BULLET_FORMATS else Hint.NUMBERED
    if name.startswith("list number"):
        return Hint.NUMBERED
    return Hint.BULLET if name.startswith("list") else Hint.TEXT


def _list_format(paragraph: Paragraph, numbering: Any) -> str | None:
    """The numFmt of the list a paragraph is in, set on it or through its style."""
    for numPr in _numbering_properties(paragraph):
        num_id = numPr.numId.val
        level = numPr.ilvl.val if numPr.ilvl is not None else 0
        if num_id == 0:
            return None  # numbering switched off
        abstract = numbering.xpath(f'./w:num[@w:numId="{num_id}"]/w:abstractNumId/@w:val')
        formats = numbering.xpath(
            f'./w:abstractNum[@w:abstractNumId="{abstract[0] if abstract else ""}"]'
            f'/w:lvl[@w:ilvl="{level}"]/w:numFmt/@w:val'
        )
        return str(formats[0]) if formats else "decimal"
    return None


def _numbering_properties(paragraph: Paragraph) -> Iterator[Any]:
    # python-docx has no public API for list membership: read the XML it wraps.
    properties: list[Any] = [paragraph._p.pPr]
    style = paragraph.style
    while style is not None:
        properties.append(style.element.pPr)
        style = style.base_style
    for pPr in properties:
        if pPr is not None and pPr.numPr is not None and pPr.numPr.numId is not None:
            yield pPr.numPr
