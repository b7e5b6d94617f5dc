"""A fast ruled table for long lists (rosters of 10,000 members), drawn straight on the canvas.

Platypus tables measure every cell; one LongTable over 10,000 rows takes ~7 s here. This
flowable wraps every cell within its column (a row grows to its tallest cell; nothing is ever
cut), splits itself at the page end into the rows that fit and the rest, and draws its column
header again at the top of every part, so every page of a list has its header.

Wrapping is by words: a line breaks only at an ordinary space, so a name breaks between its
words and a value joined with non-breaking spaces ("1.234", "12/05/2025", "Chưa\u00a0đạt") stays
whole. A single word wider than its column (rare: a long code) is set in a smaller size rather
than cut or split.
"""

from __future__ import annotations

import functools
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import accumulate

from reportlab.lib import colors
from reportlab.lib.rl_accel import escapePDF
from reportlab.pdfbase.pdfmetrics import getFont, stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable

from kh06_desktop.reports.fonts import SERIF, SERIF_BOLD

PAD = 2.5  # left/right padding of a cell, points
LEADING = 1.2  # line height as a multiple of the font size


@dataclass(frozen=True, slots=True)
class Column:
    label: str  # may hold "\n" to choose where a header breaks
    fraction: float  # of the frame width
    align: str = "left"  # left | center | right


@dataclass(frozen=True, slots=True)
class Heading:
    """A full-width row that starts a section (a union group)."""

    text: str


Row = Sequence[str] | Heading

Lines = tuple[tuple[str, float], ...]  # (text, width) of each line of a cell


@functools.lru_cache(maxsize=131072)
def wrapped(text: str, font: str, size: float, width: float) -> tuple[Lines, float]:
    """`text` broken at spaces into lines no wider than `width`, and the font size used.

    Cached: lists repeat genders, years, dates, roles and groups. A word that is wider than the
    column on its own gets a smaller size (down to 60 %), never an ellipsis."""
    full = stringWidth(text, font, size)
    if full <= width and "\n" not in text:
        return ((text, full),), size
    words = text.split(" ")
    widest = max(stringWidth(w, font, size) for w in words) if words else 0.0
    if widest > width:
        size = max(size * 0.6, size * width / widest)
    space = stringWidth(" ", font, size)
    lines: list[tuple[str, float]] = []
    current: list[str] = []
    current_width = 0.0
    for word in words:
        if not word:
            continue
        w = stringWidth(word, font, size)
        if current and current_width + space + w > width:
            lines.append((" ".join(current), current_width))
            current, current_width = [word], w
        else:
            current_width = current_width + space + w if current else w
            current.append(word)
    if current:
        lines.append((" ".join(current), current_width))
    return tuple(lines) or (("", 0.0),), size


def fitted(text: str, font: str, size: float, width: float) -> tuple[str, float]:
    """The first line of `text` as wrapped at `width` (kept for callers that want one line)."""
    lines, _ = wrapped(text, font, size, width)
    return lines[0]


class _TextBlock:
    """One PDF text block (BT … ET) of many positioned strings, for Canvas.drawText.

    ReportLab's text object formats every number and re-measures every string it shows;
    over the 74,000 cells of a 10,000-member roster that is most of the time. This writes the
    same operators (absolute text matrix, font subset, escaped string) once per cell, with the
    font's own subset encoding, so the embedded fonts are exactly those ReportLab writes.
    """

    def __init__(self, canvas: Canvas, cache: dict[tuple[str, str], list[tuple[int, str]]]) -> None:
        self._doc = canvas._doc
        self._code: list[str] = ["BT"]
        self._font: tuple[str, float] | None = None
        self._subset = -1
        # (font, text) → [(subset, "(…) Tj")]: a text keeps its subset codes for the whole document,
        # and lists repeat most values (genders, years, dates, groups, roles).
        self._cache = cache

    def show(self, x: float, y: float, text: str, font_name: str, size: float) -> None:
        font = getFont(font_name)
        if (font_name, size) != self._font:
            self._font, self._subset = (font_name, size), -1
        self._code.append(f"1 0 0 1 {x:.2f} {y:.2f} Tm")
        key = (font_name, text)
        chunks = self._cache.get(key)
        if chunks is None:
            chunks = [(subset, f"({escapePDF(chunk)}) Tj") for subset, chunk in font.splitString(text, self._doc)]
            self._cache[key] = chunks
        for subset, operator in chunks:
            if subset != self._subset:
                self._code.append(f"{font.getSubsetInternalName(subset, self._doc)} {size:g} Tf")
                self._subset = subset
            self._code.append(operator)

    def getCode(self) -> str:  # noqa: N802 - the name Canvas.drawText calls
        return " ".join([*self._code, "ET"])


class _Strokes:
    """Line segments as one stroked path (q … S Q), formatted in one pass; drawn through
    Canvas.drawText, which only appends an object's code to the page (as _TextBlock)."""

    def __init__(self, segments: list[tuple[float, float, float, float]], width: float) -> None:
        self.segments, self.width = segments, width

    def getCode(self) -> str:  # noqa: N802 - the name Canvas.drawText calls
        ops = " ".join(f"{x1:.2f} {y1:.2f} m {x2:.2f} {y2:.2f} l" for x1, y1, x2, y2 in self.segments)
        return f"q 0 G {self.width:g} w {ops} S Q"


class _Layout:
    """The wrapped cells and row heights of a whole list at one width, shared by its parts."""

    def __init__(self, columns: Sequence[Column], rows: Sequence[Row], width: float, size: float,
                 min_height: float) -> None:
        self.widths = [width * c.fraction for c in columns]
        self.cells: list[list[tuple[Lines, float]]] = []  # a heading row: one cell across the width
        heights: list[float] = []
        leading = size * LEADING
        inner = [w - 2 * PAD for w in self.widths]
        for row in rows:
            if isinstance(row, Heading):
                cell = wrapped(row.text, SERIF_BOLD, size, width - 2 * PAD)
                self.cells.append([cell])
                lines = len(cell[0])
            else:
                cells = [wrapped(value, SERIF, size, w) for value, w in zip(row, inner, strict=False)]
                self.cells.append(cells)
                lines = max(len(c[0]) for c in cells) if cells else 1
            heights.append(max(min_height, lines * leading + size * 0.65))
        self.heights = heights
        self.tops = [0.0, *accumulate(heights)]  # tops[i]: height of rows before row i


class RowTable(Flowable):  # type: ignore[misc]  # reportlab has no type stubs
    """Rows `rows[start:stop]` of a list, with the column header on top."""

    def __init__(self, columns: Sequence[Column], rows: Sequence[Row], *, font_size: float = 11,
                 row_height: float | None = None, start: int = 0, stop: int | None = None,
                 cache: dict[tuple[str, str], list[tuple[int, str]]] | None = None,
                 layouts: dict[float, _Layout] | None = None) -> None:
        super().__init__()
        self._cache = {} if cache is None else cache  # shared by the parts of one list
        self._layouts: dict[float, _Layout] = {} if layouts is None else layouts
        self.columns = tuple(columns)
        self.rows = rows
        self.start = start
        self.stop = len(rows) if stop is None else stop
        self.font_size = font_size
        self.row_height = row_height or font_size * 1.65  # the least height of a row
        self._width = 0.0

    def _part(self, start: int, stop: int) -> RowTable:
        return RowTable(self.columns, self.rows, font_size=self.font_size, row_height=self.row_height,
                        start=start, stop=stop, cache=self._cache, layouts=self._layouts)

    def _layout(self, width: float) -> _Layout:
        layout = self._layouts.get(width)
        if layout is None:
            layout = _Layout(self.columns, self.rows, width, self.font_size, self.row_height)
            self._layouts[width] = layout
        return layout

    def _header(self, width: float) -> tuple[list[Lines], float]:
        size = self.font_size
        lines: list[Lines] = []
        for column in self.columns:  # the label's own breaks, each part wrapped if still too wide
            parts: list[tuple[str, float]] = []
            for piece in column.label.split("\n"):
                parts += wrapped(piece, SERIF_BOLD, size, width * column.fraction - 2 * PAD)[0]
            lines.append(tuple(parts))
        count = max(len(cell) for cell in lines)
        return lines, count * size * LEADING + size * 0.8

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self._width = avail_width
        layout = self._layout(avail_width)
        _, header = self._header(avail_width)
        return avail_width, header + layout.tops[self.stop] - layout.tops[self.start]

    def split(self, avail_width: float, avail_height: float) -> list[Flowable]:
        layout = self._layout(avail_width)
        _, header = self._header(avail_width)
        room = avail_height - header
        base = layout.tops[self.start]
        cut = bisect_right(layout.tops, base + room, lo=self.start) - 1  # rows [start, cut) fit
        if cut - self.start < 2 and cut < self.stop:  # not even a header and two rows: next page
            return []
        if cut >= self.stop:
            return [self]
        if isinstance(self.rows[cut - 1], Heading):  # a section heading never ends a page
            cut -= 1
        return [self._part(self.start, cut), self._part(cut, self.stop)]

    def draw(self) -> None:
        canvas = self.canv
        layout = self._layout(self._width)
        widths = layout.widths
        xs = [0.0, *accumulate(widths)]
        header_lines, header_height = self._header(self._width)
        body_height = layout.tops[self.stop] - layout.tops[self.start]
        total_height = header_height + body_height
        top = total_height
        size = self.font_size
        leading = size * LEADING

        # Header: grey band, bold centred labels.
        canvas.setFillColor(colors.HexColor("#EEEEEE"))
        canvas.rect(0, top - header_height, xs[-1], header_height, stroke=0, fill=1)
        canvas.setFillColor(colors.black)
        canvas.setFont(SERIF_BOLD, size)
        for lines, x0, w in zip(header_lines, xs, widths, strict=False):
            block = len(lines) * leading
            y = top - (header_height - block) / 2 - size
            for line, _width in lines:
                canvas.drawCentredString(x0 + w / 2, y + size * 0.2, line)
                y -= leading

        # Rows: all text of the part in one text block written by _TextBlock; a cell's lines start
        # at the top of its row.
        y = top - header_height
        heading_rows: list[tuple[float, float]] = []
        row_tops: list[float] = []
        text = _TextBlock(canvas, self._cache)
        for index in range(self.start, self.stop):
            height = layout.heights[index]
            row_tops.append(y)
            cell = layout.cells[index]
            count = max(len(c[0]) for c in cell) if cell else 1
            first = y - (height - count * leading) / 2 - size * 0.92  # the lines centred in the row
            if isinstance(self.rows[index], Heading):
                lines, used = cell[0]
                for k, (line, _w) in enumerate(lines):
                    text.show(PAD, first - k * leading, line, SERIF_BOLD, used)
                heading_rows.append((y, height))
            else:
                for column, (lines, used), x0, w in zip(self.columns, cell, xs, widths, strict=False):
                    for k, (line, line_width) in enumerate(lines):
                        if not line:
                            continue
                        if column.align == "center":
                            x = x0 + (w - line_width) / 2
                        elif column.align == "right":
                            x = x0 + w - PAD - line_width
                        else:
                            x = x0 + PAD
                        text.show(x, first - k * leading, line, SERIF, used)
            y -= height
        canvas.drawText(text)

        # Rules: one stroked path for the whole grid; headings span the full width.
        segments: list[tuple[float, float, float, float]] = [(0, top, xs[-1], top)]
        segments += [(0, yy, xs[-1], yy) for yy in (*row_tops, y)]
        segments.append((0, top - header_height, xs[-1], top - header_height))
        bottom = top - total_height
        spans = [(bottom, top)]
        for heading_top, height in heading_rows:  # vertical rules broken where a heading spans the width
            low, high = spans.pop()
            spans += [(heading_top, high), (low, heading_top - height)]
        for x in xs[1:-1]:
            segments += [(x, low, x, high) for low, high in spans if high > low]
        segments += [(xs[0], bottom, xs[0], top), (xs[-1], bottom, xs[-1], top)]
        canvas.drawText(_Strokes(segments, 0.5))
