"""Sizing to what is shown. Table columns: every column as wide as its header and its contents, and the
widest text column taking the rest of the view (it elides, with its text in a tooltip, when the view is
narrow). Refitted whenever the model is reset, so a page fits 1280×720 and 1366×768 with its real data."""

from __future__ import annotations

from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import QHeaderView, QLineEdit, QTableView, QWidget

# No single column may take more than this before the stretching one gets its share.
MAX_COLUMN = 300
_FITTER = "_kh06_column_fitter"
LAST_WHEN_ROOM = -1  # `stretch` for a table wider than the screen: columns keep their widths, the last fills


def _right_aligned(table: QTableView, column: int) -> bool:
    model = table.model()
    if model is None or model.rowCount() == 0:
        return False
    value = model.data(model.index(0, column), Qt.ItemDataRole.TextAlignmentRole)
    return value is not None and bool(int(value) & int(Qt.AlignmentFlag.AlignRight))


def fit_columns(table: QTableView, stretch: int | None = None, max_width: int = MAX_COLUMN,
                wide: dict[int, int] | None = None) -> None:
    """Size the columns now: to contents (at most `max_width`, or the column's own limit in `wide`), `stretch`
    (default: the widest text column) filling the rest."""
    model = table.model()
    if model is None:
        return
    header = table.horizontalHeader()
    columns = [c for c in range(model.columnCount()) if not table.isColumnHidden(c)]
    if not columns:
        return
    widths = {c: max(table.sizeHintForColumn(c), header.sectionSizeHint(c)) for c in columns}
    header.setStretchLastSection(stretch == LAST_WHEN_ROOM)
    if stretch == LAST_WHEN_ROOM:  # a table that scrolls sideways: no column is squeezed, the last one fills
        for column in columns:
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
            limit = (wide or {}).get(column, max_width)
            table.setColumnWidth(column, min(widths[column], max(limit, header.sectionSizeHint(column))))
        return
    if stretch is None or stretch not in widths:
        text = [c for c in columns if not _right_aligned(table, c)] or columns
        stretch = max(text, key=lambda c: widths[c])
    for column in columns:
        if column == stretch:
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)
        else:
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
            limit = (wide or {}).get(column, max_width)
            table.setColumnWidth(column, min(widths[column], max(limit, header.sectionSizeHint(column))))


class _Fitter(QObject):
    def __init__(self, table: QTableView) -> None:
        super().__init__(table)
        self.table = table
        self.stretch: int | None = None
        self.max_width = MAX_COLUMN
        self.wide: dict[int, int] | None = None

    def fit(self) -> None:
        fit_columns(self.table, self.stretch, self.max_width, self.wide)


def keep_columns_fitted(table: QTableView, stretch: int | None = None, max_width: int = MAX_COLUMN,
                        wide: dict[int, int] | None = None) -> None:
    """Fit the columns now and again each time the table's model is reset (new rows loaded)."""
    model = table.model()
    fitter = getattr(table, _FITTER, None)
    if fitter is None:
        fitter = _Fitter(table)
        setattr(table, _FITTER, fitter)
    fitter.stretch, fitter.max_width, fitter.wide = stretch, max_width, wide
    if model is not None:
        model.modelReset.connect(fitter.fit)
        model.layoutChanged.connect(fitter.fit)
    fitter.fit()


def fit_placeholders(root: QWidget, max_width: int = 460) -> None:
    """Line edits at least as wide as their example text (up to `max_width`), so a dialog opens wide enough
    to show «Ví dụ: …» whole instead of cutting it."""
    for edit in root.findChildren(QLineEdit):
        hint = edit.placeholderText()
        if hint:
            need = edit.fontMetrics().horizontalAdvance(hint) + 16
            edit.setMinimumWidth(max(edit.minimumWidth(), min(need, max_width)))
