"""Sizing to what is shown. Table columns: every column as wide as its header and its contents, and the
widest text column taking the rest of the view (it elides, with its text in a tooltip, when the view is
narrow). Refitted whenever the model is reset, so a page fits 1280×720 and 1366×768 with its real data."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import (
    QAbstractScrollArea,
    QBoxLayout,
    QComboBox,
    QGridLayout,
    QHeaderView,
    QLineEdit,
    QSizePolicy,
    QTableView,
    QWidget,
)

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


class ReflowGrid(QObject):
    """Widgets in a grid of at most `max_columns` columns, as many as the width of `watched` holds (the
    dashboard's cards: three on a wide screen, two at 1280×720 or 125 %, never a sideways scroll bar)."""

    def __init__(self, grid: QGridLayout, widgets: list[QWidget], watched: QWidget, max_columns: int,
                 margin: int = 0) -> None:
        super().__init__(watched)
        self.grid, self.widgets, self.max_columns, self.margin = grid, widgets, max_columns, margin
        self.columns = 0
        watched.installEventFilter(self)
        self.reflow(watched.width())

    def columns_for(self, width: int) -> int:
        widest = max((max(w.minimumSizeHint().width(), w.minimumWidth()) for w in self.widgets), default=1)
        spacing = max(self.grid.horizontalSpacing(), 0)
        fit = (width - self.margin + spacing) // (widest + spacing)
        return max(1, min(self.max_columns, fit))

    def reflow(self, width: int) -> None:
        columns = self.columns_for(width)
        if columns == self.columns:
            return
        self.columns = columns
        for widget in self.widgets:
            self.grid.removeWidget(widget)
        for index, widget in enumerate(self.widgets):
            self.grid.addWidget(widget, index // columns, index % columns)
        for column in range(self.max_columns):
            self.grid.setColumnStretch(column, 1 if column < columns else 0)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if event.type() == QEvent.Type.Resize and isinstance(watched, QWidget):
            self.reflow(watched.width())
        return False


def compact_combos(*combos: QComboBox, chars: int = 12) -> None:
    """Filter boxes that may shrink to `chars` characters instead of always taking their longest choice's width
    (they grow back to it where the row has room; the open list shows every choice whole), so a row of filters
    fits a 1024-pixel-wide window."""
    for combo in combos:
        full = combo.sizeHint().width()  # wide enough for the longest choice: where the row has room
        combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        combo.setMinimumContentsLength(chars)
        combo.setMaximumWidth(max(full, combo.minimumSizeHint().width()))
        policy = QSizePolicy(QSizePolicy.Policy.Expanding, combo.sizePolicy().verticalPolicy())
        policy.setHorizontalStretch(1)  # the filters, not a search box beside them, get the room first
        combo.setSizePolicy(policy)
        view = combo.view()
        view.setMinimumWidth(max(view.sizeHintForColumn(0) + 24, view.minimumWidth()))
        combo.setToolTip(combo.toolTip() or combo.accessibleName())


class ReflowBox(QObject):
    """A side-by-side box layout that stacks its parts when the page is given less width than they need side
    by side (the women committee's two panels on a 1280×720 or 125 % screen). The page sits in a scroll area
    (ui/main_window.py), so the width that counts is that of the scroll area's viewport."""

    def __init__(self, box: QBoxLayout, page: QWidget, margin: int = 24, side_by_side_from: int = 0) -> None:
        super().__init__(page)
        self.box, self.page, self.margin, self.side_by_side_from = box, page, margin, side_by_side_from
        self.side_by_side = box.direction()
        self.watched: QWidget | None = None
        page.installEventFilter(self)

    def needed(self) -> int:
        parts = [self.box.itemAt(i) for i in range(self.box.count())]
        widths = [item.minimumSize().width() for item in parts if item is not None]
        need = sum(widths) + max(self.box.spacing(), 0) * max(len(widths) - 1, 0) + self.margin
        return max(need, self.side_by_side_from)

    def _room(self) -> QWidget:
        widget = self.page.parentWidget()
        while widget is not None:
            if isinstance(widget, QAbstractScrollArea):
                return widget.viewport()
            widget = widget.parentWidget()
        return self.page

    def reflow(self) -> None:
        if self.watched is None:
            self.watched = self._room()
            if self.watched is not self.page:
                self.watched.installEventFilter(self)
        wanted = self.side_by_side if self.watched.width() >= self.needed() else QBoxLayout.Direction.TopToBottom
        if self.box.direction() != wanted:
            self.box.setDirection(wanted)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if event.type() in (QEvent.Type.Resize, QEvent.Type.Show):
            self.reflow()
        return False
