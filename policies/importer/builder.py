"""Place each line of a policy: title, section heading, clause, bullet or appendix line."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from policies.importer import shapes
from policies.importer.reading import Hint, Line
from policies.parsing import SectionKind


@dataclass
class Clause:
    where: str
    given: tuple[int, ...] | None  # the number the document gives, if any
    text: str
    numbered: bool  # takes the next number when the document gives none
    bullets: list[str] = field(default_factory=list)


@dataclass
class Section:
    kind: SectionKind
    number: str
    heading: str
    clauses: list[Clause] = field(default_factory=list)


class Builder:
    """Offers each line to the handlers in turn; the first that claims it places it."""

    def __init__(self, lines: list[Line]) -> None:
        self.lines = lines
        self.title: list[str] = []
        self.sections: list[Section] = []
        self.unplaced: list[str] = []
        self.errors: list[str] = []
        self.section_number = 0
        self.last: Clause | None = None
        self.in_bullet = False  # the last line added was a list item
        self.list_open = False  # the last clause ended with ":" and no marked bullet followed
        self.appendix_untitled = False  # "Appendix 4" alone: its title is the next line
        # A Word document with heading styles says where its headings are.
        self.shape_headings = not any(line.hint is Hint.HEADING for line in lines)
        self.handlers: tuple[Callable[[Line], bool], ...] = (
            self._appendix,
            self._in_appendix,
            self._styled_heading,
            self._intent,
            self._clause,
            self._fill_clause,
            self._bullet,
            self._numbered_section,
            self._list_item,
            self._continuation,
            self._shape_heading,
        )

    @property
    def current(self) -> Section | None:
        return self.sections[-1] if self.sections else None

    def place(self) -> None:
        index = self._take_title()
        while index < len(self.lines):
            line = self.lines[index]
            if shapes.CONTENTS.match(line.text) and not self.sections:
                index = shapes.skip_contents(self.lines, index + 1)
                continue
            self._feed(line)
            index += 1

    def _take_title(self) -> int:
        """The leading short lines: "Chestnuts Primary School", "Social Media use policy"."""
        end = 0
        while end < len(self.lines) and self._title_line(self.lines[end]):
            end += 1
        followed_by_prose = end < len(self.lines) and not shapes.structural(self.lines[end])
        if followed_by_prose and end and self._gives_back_heading(self.lines[end - 1]):
            end -= 1  # "Key roles and responsibilities" followed by prose is a heading
        self.title = [line.text for line in self.lines[:end]]
        return end

    def _title_line(self, line: Line) -> bool:
        return line.hint is Hint.TITLE or (
            line.hint is Hint.TEXT
            and shapes.heading_like(line.text)
            and not shapes.structural(line)
        )

    def _gives_back_heading(self, line: Line) -> bool:
        # Only where headings go unnumbered; where they are numbered, prose after
        # the title is text before the first heading, reported as unplaced.
        numbered = any(shapes.numbered_heading(other) for other in self.lines)
        return line.hint is Hint.TEXT and self.shape_headings and not numbered

    def _feed(self, line: Line) -> None:
        for handler in self.handlers:
            if handler(line):
                return
        self._paragraph(line)

    # Sections

    def _start(self, kind: SectionKind, number: str, heading: str) -> None:
        self.sections.append(Section(kind, number, heading))
        self.last, self.in_bullet, self.list_open = None, False, False
        self.appendix_untitled = False

    def _start_section(self, heading: str, number: int | None = None) -> None:
        self.section_number = number if number is not None else self.section_number + 1
        self._start(SectionKind.SECTION, str(self.section_number), heading)

    def _appendix(self, line: Line) -> bool:
        found = shapes.appendix(line)
        if found:
            self._start(SectionKind.APPENDIX, *found)
            self.appendix_untitled = not found[1]
            return True
        # "11. Appendices" is a signpost, not a section.
        return bool(shapes.APPENDICES.match(line.text)) and line.hint in (Hint.TEXT, Hint.HEADING)

    def _styled_heading(self, line: Line) -> bool:
        if line.hint not in (Hint.HEADING, Hint.TITLE):
            return False
        if not self._intent(line):
            numbered = shapes.numbered_heading(line)
            if numbered is None:
                self._start_section(line.text)
            elif numbered[0] <= self.section_number:
                self._section_goes_back(line, *numbered)
            else:
                self._start_section(numbered[1], numbered[0])
        return True

    def _intent(self, line: Line) -> bool:
        if shapes.INTENT.match(line.text) and not self.sections:
            self._start(SectionKind.INTENT, "", line.text.rstrip(":"))
            return True
        return False

    def _numbered_section(self, line: Line) -> bool:
        numbered = shapes.numbered_heading(line) if line.hint is Hint.TEXT else None
        if numbered is None:
            return False
        number, heading = numbered
        in_list = self.list_open or self.in_bullet
        if number <= self.section_number:
            if in_list:
                return False  # "1. Blogs" is a list item
            self._section_goes_back(line, number, heading)
        elif in_list and number != self.section_number + 1:
            return False
        else:
            self._start_section(heading, number)
        return True

    def _section_goes_back(self, line: Line, number: int, heading: str) -> None:
        self.errors.append(
            f"Section {number} “{heading}” ({line.where}) comes after section "
            f"{self.section_number}: section numbers must go up through the document."
        )

    def _shape_heading(self, line: Line) -> bool:
        """Norris Bank's headings lost their numbers: short lines, no closing full stop."""
        if self.shape_headings and line.hint is Hint.TEXT and shapes.heading_like(line.text):
            self._start_section(line.text)
            return True
        return False

    # Clauses, paragraphs and lists

    def _add(self, clause: Clause) -> None:
        if self.current is None:
            self.unplaced.append(clause.text)
            self.last = None
            return
        self.current.clauses.append(clause)
        self.last, self.in_bullet = clause, False
        self.list_open = clause.text.endswith(":")

    def _clause(self, line: Line) -> bool:
        match = shapes.CLAUSE.match(line.text)
        if not match:
            return False
        if self.current is None or self.current.kind is SectionKind.INTENT:
            self.errors.append(
                f"Clause {match['num']} ({line.where}) comes before the first section heading."
            )
        number = tuple(int(part) for part in match["num"].split("."))
        self._add(Clause(line.where, number, match["rest"], numbered=True))
        return True

    def _fill_clause(self, line: Line) -> bool:
        """A number alone on its line ("1.5.") takes the next line as its text."""
        if self.last is None or self.last.text or self.in_bullet or line.hint is Hint.BULLET:
            return False
        self.last.text = line.text
        self.list_open = line.text.endswith(":")
        return True

    def _bullet(self, line: Line) -> bool:
        match = shapes.BULLET.match(line.text)
        if line.hint is not Hint.BULLET and not match:
            return False
        text = match["rest"] if match else line.text
        if text:
            self._add_bullet(text)
            self.list_open = False
        return True

    def _add_bullet(self, text: str) -> None:
        if self.last is None:
            # A list with nothing before it stands as a paragraph of its own.
            self._add(Clause("", None, text, numbered=False))
        else:
            self.last.bullets.append(text)
        self.in_bullet = True

    def _list_item(self, line: Line) -> bool:
        """After "…not limited to:", short unmarked lines are that clause's list."""
        if not self.list_open or line.hint is not Hint.TEXT:
            return False
        if line.bookmarked and shapes.heading_like(line.text):
            return False  # Word bookmarks its headings: "Training of staff"
        if not shapes.list_item_like(line.text):
            return False
        self._add_bullet(line.text)
        return True

    def _continuation(self, line: Line) -> bool:
        """A line starting in lower case continues the one before (Chestnuts 1.5)."""
        if self.last is None or line.hint is not Hint.TEXT or not line.text[0].islower():
            return False
        if self.in_bullet and self.last.bullets:
            self.last.bullets[-1] = f"{self.last.bullets[-1]} {line.text}"
        else:
            self.last.text = f"{self.last.text} {line.text}".strip()
        return True

    def _paragraph(self, line: Line) -> None:
        numbered = self.current is not None and self.current.kind is SectionKind.SECTION
        self._add(Clause(line.where, None, line.text, numbered))

    def _in_appendix(self, line: Line) -> bool:
        """Appendices are forms and tables: each line is an unnumbered clause."""
        if self.current is None or self.current.kind is not SectionKind.APPENDIX:
            return False
        if self.appendix_untitled and line.hint is not Hint.BULLET:
            self.appendix_untitled = False
            if shapes.heading_like(line.text) and "\t" not in line.raw:
                self.current.heading = line.text  # "Appendix 4", then "Contact details for …"
                return True
        if not (self._bullet(line) or self._continuation(line)):
            self._add(Clause(line.where, None, shapes.table_text(line.raw), numbered=False))
        return True
