"""The one XLSX writer of the app: every workbook it writes (member lists, the consolidated
table, any other) goes through `SafeWorkbook`.

Text from a database or a unit's file (a unit name `=HYPERLINK(…)`, `=cmd|' /C calc'!A0`, a URL)
must stay text: XlsxWriter's generic `write()` would turn it into a formula or a link. Here each
cell is written by what it is — `text` (write_string), `number` (write_number, finite only),
`date` (write_datetime) or `blank` — and the workbook is opened with formulas, URLs and numbers
never guessed from strings. No formula, hyperlink or write() is reachable through this API.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Iterable
from decimal import Decimal
from fractions import Fraction
from pathlib import Path
from typing import IO, Any

import xlsxwriter
from xlsxwriter.format import Format

from kh06_desktop.store.private_files import make_private

OPTIONS = {"strings_to_formulas": False, "strings_to_urls": False, "strings_to_numbers": False}
# Layout calls passed through to the XlsxWriter worksheet: none of them writes a cell's content.
_LAYOUT = frozenset({
    "set_column", "set_row", "freeze_panes", "autofilter", "set_landscape", "set_portrait", "set_paper",
    "fit_to_pages", "repeat_rows", "hide_gridlines", "set_margins", "center_horizontally", "set_default_row",
    "set_zoom", "activate", "set_first_sheet", "hide", "set_header", "set_footer", "print_area", "set_print_scale",
    "set_column_pixels", "set_row_pixels", "set_tab_color", "protect", "set_selection", "set_page_view",
})
Number = int | float | Decimal | Fraction


class SafeSheet:
    """A worksheet that writes each cell as text, number, date or blank; never a formula or link."""

    __slots__ = ("_sheet",)

    def __init__(self, sheet: Any) -> None:
        self._sheet = sheet

    def text(self, row: int, col: int, value: str | None, fmt: Format | None = None) -> None:
        if value is None or value == "":
            self._sheet.write_blank(row, col, None, fmt)
        else:
            self._sheet.write_string(row, col, str(value), fmt)

    def texts(self, row: int, col: int, values: Iterable[str | None], fmt: Format | None = None) -> None:
        for offset, value in enumerate(values):
            self.text(row, col + offset, value, fmt)

    def number(self, row: int, col: int, value: Number | None, fmt: Format | None = None) -> None:
        if value is None:
            self._sheet.write_blank(row, col, None, fmt)
            return
        if isinstance(value, bool) or not isinstance(value, (int, float, Decimal, Fraction)):
            raise TypeError(f"not a number: {value!r}")
        number = float(value)
        if not math.isfinite(number):
            raise ValueError(f"not a finite number: {value!r}")
        self._sheet.write_number(row, col, number if isinstance(value, (float, Decimal, Fraction)) else value, fmt)

    def date(self, row: int, col: int, value: dt.date | None, fmt: Format | None = None) -> None:
        if value is None:
            self._sheet.write_blank(row, col, None, fmt)
            return
        if not isinstance(value, dt.datetime):
            value = dt.datetime(value.year, value.month, value.day)
        self._sheet.write_datetime(row, col, value, fmt)

    def blank(self, row: int, col: int, fmt: Format | None = None) -> None:
        self._sheet.write_blank(row, col, None, fmt)

    def merge_text(self, first_row: int, first_col: int, last_row: int, last_col: int, value: str,
                   fmt: Format | None = None) -> None:
        """Merged cells holding text (merge_range with an empty string, then the text as a string)."""
        self._sheet.merge_range(first_row, first_col, last_row, last_col, "", fmt)
        self.text(first_row, first_col, value, fmt)

    def __getattr__(self, name: str) -> Any:
        if name in _LAYOUT:
            return getattr(self._sheet, name)
        raise AttributeError(f"SafeSheet has no {name!r}: write cells with text/number/date/blank")


class SafeWorkbook:
    """XlsxWriter's Workbook with the options above; a file written to a path is made private."""

    def __init__(self, target: str | Path | IO[bytes], *, constant_memory: bool = False) -> None:
        options: dict[str, Any] = dict(OPTIONS)
        if constant_memory:
            options["constant_memory"] = True
        if not isinstance(target, (str, Path)):
            options["in_memory"] = True
        self._path = Path(target) if isinstance(target, (str, Path)) else None
        self._book = xlsxwriter.Workbook(str(target) if self._path is not None else target, options)

    def add_format(self, properties: dict[str, Any] | None = None) -> Format:
        return self._book.add_format(properties or {})

    def add_sheet(self, name: str) -> SafeSheet:
        return SafeSheet(self._book.add_worksheet(name))

    def close(self) -> None:
        self._book.close()
        if self._path is not None:
            make_private(self._path)  # member lists carry citizen ids and phone numbers

    def __enter__(self) -> SafeWorkbook:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()
