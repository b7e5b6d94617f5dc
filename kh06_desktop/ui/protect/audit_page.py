"""Nhật ký thay đổi: the audit trail with filters (time, what, action, text) and the old and new
values of the selected change, in Vietnamese. Personal values stay masked until revealed."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate, QItemSelection, QTimer
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QWidget

from kh06_desktop.domain.formats import group_thousands
from kh06_desktop.services.protect.audit_query import (
    ACTION_LABELS,
    ENTITY_LABELS,
    AuditFilter,
    audit_vocabulary,
    count_audit,
    describe_changes,
    query_audit,
)
from kh06_desktop.ui.context import AppContext
from kh06_desktop.ui.fit import compact_combos, keep_columns_fitted
from kh06_desktop.ui.forms import load_form
from kh06_desktop.ui.protect.audit_table_model import COL_CONTENT, AuditTableModel, when_text

ANY_TIME, TODAY, LAST_7, LAST_30, THIS_YEAR, RANGE = "all", "today", "7", "30", "year", "range"
_PERIODS = ((ANY_TIME, "Mọi lúc"), (TODAY, "Hôm nay"), (LAST_7, "7 ngày qua"), (LAST_30, "30 ngày qua"),
            (THIS_YEAR, "Năm nay"), (RANGE, "Từ ngày … đến ngày …"))


def _qdate(day: dt.date) -> QDate:
    return QDate(day.year, day.month, day.day)


def _pydate(day: QDate) -> dt.date:
    return dt.date(day.year(), day.month(), day.day())


def period_bounds(choice: str, today: dt.date, start: dt.date, end: dt.date) -> tuple[dt.date | None, dt.date | None]:
    if choice == TODAY:
        return today, today
    if choice == LAST_7:
        return today - dt.timedelta(days=6), today
    if choice == LAST_30:
        return today - dt.timedelta(days=29), today
    if choice == THIS_YEAR:
        return dt.date(today.year, 1, 1), today
    if choice == RANGE:
        return min(start, end), max(start, end)
    return None, None


class AuditPage(QWidget):
    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.ui = load_form("protect/audit_page.ui", self)
        db = context.db
        self.model = AuditTableModel(lambda f, offset, limit: query_audit(db, f, offset, limit),
                                     lambda f: count_audit(db, f))
        table = self.ui.audit_table
        table.setModel(self.model)
        keep_columns_fitted(table, stretch=COL_CONTENT, max_width=220)  # the change itself takes the rest
        table.verticalHeader().hide()
        self.ui.splitter.setSizes([420, 140])
        for value, label in _PERIODS:
            self.ui.period_filter.addItem(label, value)
        today = dt.date.today()
        self.ui.from_date.setDate(_qdate(today - dt.timedelta(days=30)))
        self.ui.to_date.setDate(_qdate(today))
        self._stale = True
        self._debounce = QTimer(self)
        self._debounce.setSingleShot(True)
        self._debounce.setInterval(250)
        self._debounce.timeout.connect(self.apply_filter)
        self.ui.search_edit.textChanged.connect(lambda _t: self._debounce.start())
        for combo in (self.ui.period_filter, self.ui.entity_filter, self.ui.action_filter):
            combo.currentIndexChanged.connect(lambda _i: self.apply_filter())
        self.ui.from_date.dateChanged.connect(lambda _d: self.apply_filter())
        self.ui.to_date.dateChanged.connect(lambda _d: self.apply_filter())
        self.ui.reset_button.clicked.connect(self.reset_filters)
        self.ui.reveal_check.toggled.connect(self._reveal_toggled)
        table.selectionModel().selectionChanged.connect(self._selection_changed)
        QShortcut(QKeySequence.StandardKey.Find, self).activated.connect(self.ui.search_edit.setFocus)
        context.data_changed.connect(self._data_changed)
        self._fill_vocabulary()
        self._update_date_edits()
        compact_combos(self.ui.period_filter, self.ui.entity_filter, self.ui.action_filter, chars=5)
        self.apply_filter()

    # --- filters ------------------------------------------------------------------------
    def _fill_vocabulary(self) -> None:
        entities, actions = audit_vocabulary(self.context.db)
        for combo, everything, values, labels in (
            (self.ui.entity_filter, "Mọi đối tượng", entities, ENTITY_LABELS),
            (self.ui.action_filter, "Mọi thao tác", actions, ACTION_LABELS),
        ):
            current = combo.currentData()
            combo.blockSignals(True)
            combo.clear()
            combo.addItem(everything, None)
            for value in values:
                combo.addItem(labels.get(value, value), value)
            found = combo.findData(current)
            combo.setCurrentIndex(found if found >= 0 else 0)
            combo.blockSignals(False)

    def _update_date_edits(self) -> None:
        custom = self.ui.period_filter.currentData() == RANGE
        self.ui.from_date.setVisible(custom)
        self.ui.to_date.setVisible(custom)

    def current_filter(self, today: dt.date | None = None) -> AuditFilter:
        start, end = period_bounds(self.ui.period_filter.currentData() or ANY_TIME, today or dt.date.today(),
                                   _pydate(self.ui.from_date.date()), _pydate(self.ui.to_date.date()))
        return AuditFilter(date_from=start, date_to=end, entity=self.ui.entity_filter.currentData(),
                           action=self.ui.action_filter.currentData(),
                           text=self.ui.search_edit.text().strip() or None)

    def apply_filter(self) -> None:
        self._debounce.stop()
        self._update_date_edits()
        self.model.set_filter(self.current_filter())
        self._stale = False
        self.ui.details_view.clear()
        total = self.model.total
        self.ui.count_label.setText(f"{group_thousands(total)} thay đổi" if total else
                                    "Không có thay đổi nào khớp với bộ lọc")

    def reset_filters(self) -> None:
        for widget in (self.ui.search_edit, self.ui.period_filter, self.ui.entity_filter, self.ui.action_filter):
            widget.blockSignals(True)
        self.ui.search_edit.clear()
        for combo in (self.ui.period_filter, self.ui.entity_filter, self.ui.action_filter):
            combo.setCurrentIndex(0)
        for widget in (self.ui.search_edit, self.ui.period_filter, self.ui.entity_filter, self.ui.action_filter):
            widget.blockSignals(False)
        self.apply_filter()

    # --- showing ------------------------------------------------------------------------
    def activate(self) -> None:
        if self._stale:
            self._fill_vocabulary()
            self.apply_filter()

    def _data_changed(self, _area: str) -> None:
        self._stale = True  # every write adds to the trail
        if self.isVisible():
            self.activate()

    def _reveal_toggled(self, reveal: bool) -> None:
        self.model.set_reveal(reveal)
        self._show_details()

    def _selection_changed(self, _selected: QItemSelection, _deselected: QItemSelection) -> None:
        self._show_details()

    def _show_details(self) -> None:
        rows = self.ui.audit_table.selectionModel().selectedRows()
        if not rows:
            self.ui.details_view.clear()
            return
        entry = self.model.row_at(rows[0].row())
        lines = [f"Lúc: {when_text(entry)}    Người thực hiện: {entry.actor or '—'}",
                 f"{entry.action_label} {entry.entity_label.lower()}"
                 + (f" «{entry.entity_name}»" if entry.entity_name else "")
                 + (f" (mã số {entry.entity_id})" if entry.entity_id is not None else "")]
        if entry.summary:
            lines.append(entry.summary)
        changes = describe_changes(entry, self.ui.reveal_check.isChecked())
        if changes:
            lines.append("")
            lines.append("Giá trị cũ → giá trị mới:" if entry.old and entry.new else "Giá trị:")
            lines.extend(f"  • {line}" for line in changes)
        self.ui.details_view.setPlainText("\n".join(lines))
