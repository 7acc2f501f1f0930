"""Horizontal bar charts drawn on the server as SVG, for the page and the PDF alike.

A chart is laid out here as numbers (``BarChart``) and drawn by the template
``governance/figures/_chart.html``, which escapes every label. No script and
no colour carries meaning: each bar has its label above it and its value
printed after it, and the table beside the chart holds the same numbers.
WeasyPrint draws the same inline SVG in the governors' pack.
"""

from __future__ import annotations

from dataclasses import dataclass

from governance.figures.shapes import Figure, Section, TermFigures

WIDTH = 640
TOP = 40  # below the title
PITCH = 50  # one row: its label, then its bar
LABEL_BASELINE = 15
BAR_OFFSET = 22
BAR_HEIGHT = 18
# Room after the longest bar for the longest value ("999 of 999 (100%)").
VALUE_ROOM = 150
BAR_SPACE = WIDTH - VALUE_ROOM
GAP = 8


@dataclass(frozen=True)
class Bar:
    label: str
    text: str  # the value, printed after the bar
    label_y: int
    bar_y: int
    width: int  # 0 draws no bar, only the value
    text_x: int
    text_y: int


@dataclass(frozen=True)
class BarChart:
    title: str
    title_id: str
    table_id: str  # the table with the same numbers, which describes the chart
    height: int
    bars: tuple[Bar, ...]
    width: int = WIDTH
    bar_height: int = BAR_HEIGHT


def chart_ids(figure: Figure) -> tuple[str, str]:
    """The ids of the chart's title and of the table beside it."""
    return f"chart-{figure.key}-title", f"table-{figure.key}"


def _length(value: int, scale: int) -> int:
    return round(BAR_SPACE * value / scale) if scale else 0


def bar_chart(figure: Figure) -> BarChart:
    """``figure`` as bars: percentages out of 100, or counts against the largest."""
    if figure.out_of:
        lengths = [_length(row.percent or 0, 100) for row in figure.rows]
    else:
        largest = max((row.value for row in figure.rows), default=0)
        lengths = [_length(row.value, largest) for row in figure.rows]
    bars = []
    for index, (row, length) in enumerate(zip(figure.rows, lengths, strict=True)):
        top = TOP + index * PITCH
        bars.append(
            Bar(
                label=row.label,
                text=row.text,
                label_y=top + LABEL_BASELINE,
                bar_y=top + BAR_OFFSET,
                width=length,
                text_x=length + GAP,
                text_y=top + BAR_OFFSET + BAR_HEIGHT - 4,
            )
        )
    title_id, table_id = chart_ids(figure)
    return BarChart(
        title=figure.title,
        title_id=title_id,
        table_id=table_id,
        height=TOP + len(bars) * PITCH + 6,
        bars=tuple(bars),
    )


@dataclass(frozen=True)
class Charted:
    """A section with each of its figures beside its chart, as the templates show them."""

    section: Section
    figures: tuple[tuple[Figure, BarChart], ...]


def charted(figures: TermFigures) -> list[Charted]:
    return [
        Charted(section, tuple((figure, bar_chart(figure)) for figure in section.figures))
        for section in figures.sections
    ]
