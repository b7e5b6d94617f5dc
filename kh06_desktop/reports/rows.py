"""A fast ruled table for long lists (rosters of 10,000 members), drawn straight on the canvas.

Platypus tables measure every cell; one LongTable over 10,000 rows takes ~7 s here. This
flowable has fixed-height, one-line rows (text too wide is shortened with "…"), splits itself
at the page end into the rows that fit and the rest, and draws its column header again at the
top of every part, so every page of a list has its header.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import dataclass

from reportlab.lib import colors
from reportlab.lib.rl_accel import escapePDF
from reportlab.pdfbase.pdfmetrics import getFont, stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable

from kh06_desktop.reports.fonts import SERIF, SERIF_BOLD


@dataclass(frozen=True, slots=True)
class Column:
    label: str  # may hold "\n" for a two-line header
    fraction: float  # of the frame width
    align: str = "left"  # left | center | right


@dataclass(frozen=True, slots=True)
class Heading:
    """A full-width row that starts a section (a union group)."""

    text: str


Row = Sequence[str] | Heading


def fit(text: str, font: str, size: float, width: float) -> str:
    """The text, shortened with an ellipsis when it is wider than `width`."""
    return fitted(text, font, size, width)[0]


@functools.lru_cache(maxsize=65536)
def fitted(text: str, font: str, size: float, width: float) -> tuple[str, float]:
    """(text that fits, its width). Cached: lists repeat genders, years, dates, roles, groups."""
    full = stringWidth(text, font, size)
    if full <= width:
        return text, full
    low, high = 0, len(text)
    while low < high:  # longest prefix that fits with the ellipsis
        middle = (low + high + 1) // 2
        if stringWidth(text[:middle].rstrip() + "…", font, size) <= width:
            low = middle
        else:
            high = middle - 1
    short = text[:low].rstrip() + "…"
    return short, stringWidth(short, font, size)


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
        self._font: str | None = None
        self._subset = -1
        # (font, text) → [(subset, "(…) Tj")]: a text keeps its subset codes for the whole document,
        # and lists repeat most values (genders, years, dates, groups, roles).
        self._cache = cache

    def show(self, x: float, y: float, text: str, font_name: str, size: float) -> None:
        font = getFont(font_name)
        if font_name != self._font:
            self._font, self._subset = font_name, -1
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


class RowTable(Flowable):
    """Rows `rows[start:stop]` of a list, with the column header on top."""

    def __init__(self, columns: Sequence[Column], rows: Sequence[Row], *, font_size: float = 11,
                 row_height: float | None = None, start: int = 0, stop: int | None = None,
                 cache: dict | None = None) -> None:
        super().__init__()
        self._cache = {} if cache is None else cache  # shared by the parts of one list
        self.columns = tuple(columns)
        self.rows = rows
        self.start = start
        self.stop = len(rows) if stop is None else stop
        self.font_size = font_size
        self.row_height = row_height or font_size * 1.65
        lines = max(c.label.count("\n") + 1 for c in self.columns)
        self.header_height = lines * font_size * 1.2 + font_size * 0.8
        self._width = 0.0

    def _part(self, start: int, stop: int) -> RowTable:
        return RowTable(self.columns, self.rows, font_size=self.font_size, row_height=self.row_height,
                        start=start, stop=stop, cache=self._cache)

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self._width = avail_width
        return avail_width, self.header_height + (self.stop - self.start) * self.row_height

    def split(self, avail_width: float, avail_height: float) -> list[Flowable]:
        fitting = int((avail_height - self.header_height) // self.row_height)
        if fitting < 2:  # not even a header and two rows: move the whole list to the next page
            return []
        cut = self.start + fitting
        if cut >= self.stop:
            return [self]
        if isinstance(self.rows[cut - 1], Heading):  # a section heading never ends a page
            cut -= 1
        return [self._part(self.start, cut), self._part(cut, self.stop)]

    def draw(self) -> None:
        canvas = self.canv
        widths = [self._width * c.fraction for c in self.columns]
        xs = [0.0]
        for w in widths:
            xs.append(xs[-1] + w)
        total_height = self.header_height + (self.stop - self.start) * self.row_height
        top = total_height
        pad = 2.5
        size = self.font_size

        # Header: grey band, bold centred labels (one or two lines).
        canvas.setFillColor(colors.HexColor("#EEEEEE"))
        canvas.rect(0, top - self.header_height, xs[-1], self.header_height, stroke=0, fill=1)
        canvas.setFillColor(colors.black)
        canvas.setFont(SERIF_BOLD, size)
        for column, x0, w in zip(self.columns, xs, widths, strict=False):
            lines = column.label.split("\n")
            block = len(lines) * size * 1.2
            y = top - (self.header_height - block) / 2 - size
            for line in lines:
                canvas.drawCentredString(x0 + w / 2, y + size * 0.2, fit(line, SERIF_BOLD, size, w - 2 * pad))
                y -= size * 1.2

        # Rows: all text of the part in one text block written by _TextBlock.
        y = top - self.header_height
        heading_lines: list[float] = []
        text = _TextBlock(canvas, self._cache)
        for index in range(self.start, self.stop):
            row = self.rows[index]
            baseline = y - self.row_height + (self.row_height - size) / 2 + size * 0.22
            if isinstance(row, Heading):
                text.show(pad, baseline, fitted(row.text, SERIF_BOLD, size, xs[-1] - 2 * pad)[0], SERIF_BOLD, size)
                heading_lines.append(y)
            else:
                for column, value, x0, w in zip(self.columns, row, xs, widths, strict=False):
                    if not value:
                        continue
                    shown, shown_width = fitted(value, SERIF, size, w - 2 * pad)
                    if column.align == "center":
                        x = x0 + (w - shown_width) / 2
                    elif column.align == "right":
                        x = x0 + w - pad - shown_width
                    else:
                        x = x0 + pad
                    text.show(x, baseline, shown, SERIF, size)
            y -= self.row_height
        canvas.drawText(text)

        # Rules: one stroked path for the whole grid; headings span the full width.
        segments: list[tuple[float, float, float, float]] = []
        for i in range(self.stop - self.start + 1):
            yy = top - self.header_height - i * self.row_height
            segments.append((0, yy, xs[-1], yy))
        segments.append((0, top, xs[-1], top))
        bottom = top - total_height
        # Vertical rules broken where a heading row spans the width.
        spans = [(bottom, top)]
        for heading_top in heading_lines:
            low, high = spans.pop()
            spans += [(heading_top, high), (low, heading_top - self.row_height)]
        for x in xs[1:-1]:
            segments += [(x, low, x, high) for low, high in spans if high > low]
        segments += [(xs[0], bottom, xs[0], top), (xs[-1], bottom, xs[-1], top)]
        canvas.drawText(_Strokes(segments, 0.5))
