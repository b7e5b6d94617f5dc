"""The first steps of reading a workbook, kept light to import: which sheets are shown, and a
head start that lets python-calamine parse the first one while the rest of the program loads.

`cli.sheet_sandbox` reads the member list in a forked child while the parent runs the spreadsheet
guard: there the child starts python-calamine on the first visible sheet before it loads the
reading rules (`exchange.sheet_reader`), which the main thread loads meanwhile. Nowhere else: a
file is only opened this way where the guard runs beside it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any


def visible_sheets(workbook: Any) -> list[tuple[str, bool]]:
    """(name, visible) of the worksheets, in the workbook's order."""
    try:
        return [(m.name, str(m.visible).endswith("Visible") and "Hidden" not in str(m.visible))
                for m in workbook.sheets_metadata if "Chart" not in str(m.typ)]
    except Exception:  # noqa: BLE001 - older formats without metadata
        return [(name, True) for name in workbook.sheet_names]


@dataclass(slots=True)
class OpenedWorkbook:
    """A workbook python-calamine has opened, with the sheets it has already parsed by name."""

    workbook: Any
    parsed: dict[str, Any] = field(default_factory=dict)


def head_start(path: Path) -> OpenedWorkbook | None:
    """The workbook opened and its first visible sheet parsed; None when anything is unusual (not
    a plain file, a password, a damaged file…): the normal reading then says what is wrong."""
    try:
        if not path.is_file() or path.stat().st_size == 0:
            return None
        import python_calamine

        workbook = python_calamine.CalamineWorkbook.from_path(str(path))
        opened = OpenedWorkbook(workbook)
        first = next((name for name, visible in visible_sheets(workbook) if visible), None)
        if first is not None:
            opened.parsed[first] = workbook.get_sheet_by_name(first)
        return opened
    except Exception:  # noqa: BLE001 - the normal path opens it again and names the problem
        return None
