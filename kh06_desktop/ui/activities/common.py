"""Pieces shared by the activity pages: the period's date range, a table model over frozen
dataclass rows, the record dialog that shows service validation where it was typed, and
the message boxes (module functions so tests can replace them)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtGui import QBrush, QColor, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QLineEdit,
    QMessageBox,
    QPlainTextEdit,
    QTableView,
    QWidget,
)

from kh06_desktop.domain.formats import format_date
from kh06_desktop.services.common.errors import InvalidInput, ServiceError
from kh06_desktop.ui.context import AppContext
from kh06_desktop.ui.fit import fit_placeholders, keep_columns_fitted
from kh06_desktop.ui.forms import load_form

RowIdRole = Qt.ItemDataRole.UserRole + 1
RowRole = Qt.ItemDataRole.UserRole + 2
ALERT = QBrush(QColor("#b3261e"))
GOOD = QBrush(QColor("#1b6e3a"))
_INVALID_STYLE = "border: 1px solid #b3261e;"


def setup_record_table(table: QTableView, model: QAbstractTableModel, widths: Sequence[int] = (),
                       key_filter: QObject | None = None) -> None:
    """A record list: one-line rows, columns sized to their contents with the widest text column filling
    the view (refitted on each reload; `widths` is no longer used, the contents decide); `key_filter`
    gets the table's key presses (Enter to edit, Delete to delete)."""
    table.setModel(model)
    table.verticalHeader().setDefaultSectionSize(26)
    keep_columns_fitted(table)
    if key_filter is not None:
        table.installEventFilter(key_filter)


def add_shortcut(page: QWidget, keys: str, slot: Callable[[], object]) -> None:
    """A shortcut active while the focus is anywhere on `page` (not on the other pages)."""
    shortcut = QShortcut(QKeySequence(keys), page)
    shortcut.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
    shortcut.activated.connect(slot)


class ReloadWhenShown:
    """For pages that follow the period and other pages' writes: a change marks the page stale,
    and it reloads at once only when on screen, otherwise when it is next shown.

    Mixed in before QWidget; the page provides `reload()` and QWidget `isVisible()`."""

    _dirty = True

    def activate(self) -> None:
        if self._dirty:
            self.reload()  # type: ignore[attr-defined]

    def _mark_dirty(self) -> None:
        self._dirty = True
        if self.isVisible():  # type: ignore[attr-defined]
            self.reload()  # type: ignore[attr-defined]


def period_range(context: AppContext) -> tuple[dt.date, dt.date]:
    """First and last day of the period on screen (settings' cut-off days, saved end dates)."""
    try:
        from kh06_desktop.services.periods.periods import period_bounds
    except ImportError:  # a build without the periods service: the regime's default dates
        return context.period.start_date(), context.period.end_date()
    unit_id = context.unit.id if context.unit else None
    return period_bounds(context.db, context.period, unit_id)


def period_caption(context: AppContext) -> str:
    start, end = period_range(context)
    return f"{context.period.label}: từ {format_date(start)} đến {format_date(end)}"


# --- table model --------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Column:
    header: str
    text: Callable[[Any], str]
    align_right: bool = False
    colour: Callable[[Any], QBrush | None] | None = None
    tooltip: Callable[[Any], str] | None = None


class RecordTableModel(QAbstractTableModel):
    """Rows are frozen dataclasses with an `id` (or `member_id`); columns say how to show them."""

    def __init__(self, columns: Sequence[Column], parent: QWidget | None = None, id_field: str = "id") -> None:
        super().__init__(parent)
        self._columns = tuple(columns)
        self._rows: list[Any] = []
        self._id_field = id_field

    def set_rows(self, rows: Sequence[Any]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    @property
    def rows(self) -> list[Any]:
        return list(self._rows)

    def row_at(self, row: int) -> Any:
        return self._rows[row]

    def row_of_id(self, row_id: int) -> int:
        for index, row in enumerate(self._rows):
            if getattr(row, self._id_field) == row_id:
                return index
        return -1

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = QModelIndex()) -> int:  # noqa: N802, B008
        return 0 if parent.isValid() else len(self._columns)

    def headerData(self, section: int, orientation: Qt.Orientation,  # noqa: N802
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self._columns[section].header
        if orientation == Qt.Orientation.Vertical and role == Qt.ItemDataRole.DisplayRole:
            return str(section + 1)
        return None

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self._rows[index.row()]
        column = self._columns[index.column()]
        if role == Qt.ItemDataRole.DisplayRole:
            return column.text(row)
        if role == Qt.ItemDataRole.TextAlignmentRole and column.align_right:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ForegroundRole and column.colour is not None:
            return column.colour(row)
        if role == Qt.ItemDataRole.ToolTipRole and column.tooltip is not None:
            return column.tooltip(row)
        if role == RowIdRole:
            return getattr(row, self._id_field)
        if role == RowRole:
            return row
        return None


def selected_row(view: Any, model: RecordTableModel) -> Any | None:
    indexes = view.selectionModel().selectedRows() if view.selectionModel() else []
    if not indexes:
        return None
    return model.row_at(indexes[0].row())


def select_id(view: Any, model: RecordTableModel, row_id: int | None) -> None:
    row = model.row_of_id(row_id) if row_id is not None else -1
    if row < 0 and model.rowCount() and row_id is None:
        row = 0
    if row >= 0:
        view.selectRow(row)


# --- dialogs ------------------------------------------------------------------------------


def widget_text(widget: QWidget) -> str:
    if isinstance(widget, QComboBox):
        return widget.currentText() if widget.isEditable() else str(widget.currentData() or "")
    if isinstance(widget, QPlainTextEdit):
        return widget.toPlainText()
    if isinstance(widget, QLineEdit):
        return widget.text()
    raise TypeError(type(widget))


def set_widget_text(widget: QWidget, text: str | None) -> None:
    if isinstance(widget, QComboBox):
        widget.setCurrentText(text or "")
    elif isinstance(widget, QPlainTextEdit):
        widget.setPlainText(text or "")
    elif isinstance(widget, QLineEdit):
        widget.setText(text or "")


class RecordDialog(QDialog):
    """A dialog composed from forms/activities/<name>.ui with `<field>_error` labels, a
    `message_label` and a `button_box`. Subclasses implement `save()`, calling a service;
    an InvalidInput marks each field where it was typed, any other ServiceError shows below."""

    FORM = ""
    # service field name → object name of the widget that edits it
    FIELDS: dict[str, str] = {}

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ui = load_form(self.FORM, self)
        fit_placeholders(self)
        self.saved_id: int | None = None
        box: QDialogButtonBox = self.ui.button_box
        save = box.button(QDialogButtonBox.StandardButton.Save)
        if save is not None:
            save.setText("Lưu")
            save.setDefault(True)
        cancel = box.button(QDialogButtonBox.StandardButton.Cancel)
        if cancel is not None:
            cancel.setText("Hủy")
        box.accepted.connect(self.try_save)
        box.rejected.connect(self.reject)

    def field(self, name: str) -> QWidget:
        widget: QWidget = getattr(self.ui, self.FIELDS[name])
        return widget

    def clear_issues(self) -> None:
        self.ui.message_label.setText("")
        for name, widget_name in self.FIELDS.items():
            getattr(self.ui, widget_name).setStyleSheet("")
            label = getattr(self.ui, f"{name}_error", None)
            if label is not None:
                label.setText("")

    def show_issues(self, error: ServiceError) -> None:
        shown = False
        if isinstance(error, InvalidInput):
            for name, message in error.issues:
                label = getattr(self.ui, f"{name}_error", None) if name in self.FIELDS else None
                if label is None:
                    continue
                label.setText((label.text() + "\n" if label.text() else "") + message)
                getattr(self.ui, self.FIELDS[name]).setStyleSheet(_INVALID_STYLE)
                shown = True
            first = next((n for n, _m in error.issues if n in self.FIELDS), None)
            if first:
                self.field(first).setFocus()
        if not shown:
            self.ui.message_label.setText(str(error))

    def error_text(self, name: str) -> str:
        return str(getattr(self.ui, f"{name}_error").text())

    def try_save(self) -> None:
        self.clear_issues()
        try:
            self.saved_id = self.save()
        except ServiceError as exc:
            self.show_issues(exc)
            return
        self.accept()

    def save(self) -> int | None:  # pragma: no cover - every subclass implements it
        raise NotImplementedError


def fill_combo(combo: QComboBox, items: Sequence[tuple[str, Any]]) -> None:
    combo.clear()
    for text, data in items:
        combo.addItem(text, data)


# --- message boxes (replaced in tests) ----------------------------------------------------


def ask(parent: QWidget, title: str, text: str) -> bool:
    answer = QMessageBox.question(parent, title, text, QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                                  QMessageBox.StandardButton.No)
    return answer == QMessageBox.StandardButton.Yes


def show_error(parent: QWidget, title: str, text: str) -> None:
    QMessageBox.warning(parent, title, text)


def show_info(parent: QWidget, title: str, text: str, details: str = "") -> None:
    box = QMessageBox(QMessageBox.Icon.Information, title, text, QMessageBox.StandardButton.Ok, parent)
    if details:
        box.setDetailedText(details)
    box.exec()
