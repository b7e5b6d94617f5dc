"""Activities by the plan's seven solution groups: what the unit did in the period, which the
period report tells group by group."""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QDialog, QWidget

from kh06_desktop.domain.formats import format_date
from kh06_desktop.domain.solution_groups import SOLUTION_GROUPS
from kh06_desktop.services.activities import activities
from kh06_desktop.services.activities.activities import ActivityRow
from kh06_desktop.services.common.errors import ServiceError
from kh06_desktop.ui.activities import common
from kh06_desktop.ui.activities.common import (
    Column,
    RecordDialog,
    RecordTableModel,
    ReloadWhenShown,
    add_shortcut,
    period_caption,
    period_range,
    set_widget_text,
    setup_record_table,
    widget_text,
)
from kh06_desktop.ui.context import AppContext
from kh06_desktop.ui.fit import compact_combos
from kh06_desktop.ui.forms import load_form

COLUMNS = (
    Column("Ngày", lambda r: format_date(r.date)),
    Column("Nhóm giải pháp", lambda r: r.group.label, tooltip=lambda r: r.group.text),
    Column("Nội dung hoạt động", lambda r: r.text, tooltip=lambda r: r.text),
)


class ActivityDialog(RecordDialog):
    FORM = "activities/activity_dialog.ui"
    FIELDS = {"date": "date_edit", "solution_group": "group_combo", "text": "text_edit"}

    def __init__(self, context: AppContext, row: ActivityRow | None = None, parent: QWidget | None = None,
                 group: int | None = None, today: dt.date | None = None) -> None:
        super().__init__(parent)
        self.context, self.row, self.today = context, row, today
        self.setWindowTitle("Sửa hoạt động" if row else "Thêm hoạt động")
        for item in SOLUTION_GROUPS:
            self.ui.group_combo.addItem(item.label, item.number)
            self.ui.group_combo.setItemData(self.ui.group_combo.count() - 1, item.text, Qt.ItemDataRole.ToolTipRole)
        chosen = row.solution_group if row else group
        self.ui.group_combo.setCurrentIndex(self.ui.group_combo.findData(chosen) if chosen else -1)
        if row is not None:
            set_widget_text(self.ui.date_edit, format_date(row.date))
            set_widget_text(self.ui.text_edit, row.text)
        self.ui.date_edit.setFocus()

    def values(self) -> dict[str, Any]:
        return {"date": widget_text(self.ui.date_edit), "solution_group": self.ui.group_combo.currentData(),
                "text": widget_text(self.ui.text_edit)}

    def save(self) -> int:
        if self.row is None:
            return activities.create_activity(self.context.db, self.context.unit_id, today=self.today,
                                              **self.values())
        activities.update_activity(self.context.db, self.row.id, today=self.today, **self.values())
        return self.row.id


class ActivitiesPage(ReloadWhenShown, QWidget):
    AREA = "activities"

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.ui = load_form("activities/activities_page.ui", self)
        self.ui.group_filter.addItem("Cả 7 nhóm giải pháp", None)
        for item in SOLUTION_GROUPS:
            self.ui.group_filter.addItem(item.label, item.number)
        self.model = RecordTableModel(COLUMNS, self)
        table = self.ui.activity_table
        setup_record_table(table, self.model, (100, 330), self)  # one line per activity; the text in its tooltip
        self.ui.group_filter.currentIndexChanged.connect(lambda _i: self.reload())
        compact_combos(self.ui.group_filter, chars=22)
        self.ui.add_button.clicked.connect(self.add_activity)
        self.ui.edit_button.clicked.connect(self.edit_selected)
        self.ui.delete_button.clicked.connect(self.delete_selected)
        table.doubleClicked.connect(lambda _i: self.edit_selected())
        table.selectionModel().selectionChanged.connect(lambda *_: self._update_buttons())
        add_shortcut(self, "Ctrl+N", self.add_activity)
        context.period_changed.connect(lambda _p: self._mark_dirty())
        context.data_changed.connect(lambda area: self._mark_dirty() if area in (self.AREA, "settings") else None)
        self._dirty = True
        self.reload()


    def reload(self, select_id: int | None = None) -> None:
        if self.context.unit is None:
            return
        self._dirty = False
        keep = select_id if select_id is not None else self.selected_id()
        start, end = period_range(self.context)
        self.ui.period_label.setText(period_caption(self.context))
        group = self.ui.group_filter.currentData()
        self.model.set_rows(activities.list_activities(self.context.db, self.context.unit_id, start, end, group))
        self.ui.count_label.setText(f"{self.model.rowCount()} hoạt động")
        counts = activities.count_by_group(self.context.db, self.context.unit_id, start, end)
        empty = [str(n) for n, c in counts.items() if c == 0]
        summary = "Số hoạt động theo nhóm: " + " · ".join(f"nhóm {n}: {c}" for n, c in counts.items())
        if empty:
            summary += f". Chưa có hoạt động ở nhóm {', '.join(empty)}."
        self.ui.summary_label.setText(summary)
        common.select_id(self.ui.activity_table, self.model, keep)
        self._update_buttons()

    def selected_id(self) -> int | None:
        row = common.selected_row(self.ui.activity_table, self.model)
        return row.id if row else None

    def _update_buttons(self) -> None:
        chosen = self.selected_id() is not None
        self.ui.edit_button.setEnabled(chosen)
        self.ui.delete_button.setEnabled(chosen)

    def run_dialog(self, dialog: QDialog) -> bool:
        return dialog.exec() == QDialog.DialogCode.Accepted

    def _after_write(self, select_id: int | None) -> None:
        self.reload(select_id)
        self.context.notify(self.AREA)

    def add_activity(self) -> None:
        dialog = ActivityDialog(self.context, None, self, group=self.ui.group_filter.currentData())
        if self.run_dialog(dialog):
            self._after_write(dialog.saved_id)

    def edit_selected(self) -> None:
        row = common.selected_row(self.ui.activity_table, self.model)
        if row is None:
            return
        if self.run_dialog(ActivityDialog(self.context, row, self)):
            self._after_write(row.id)

    def delete_selected(self) -> None:
        row = common.selected_row(self.ui.activity_table, self.model)
        if row is None:
            return
        short = row.text if len(row.text) <= 80 else row.text[:77] + "…"
        if not common.ask(self, "Xóa", f"Xóa hoạt động ngày {format_date(row.date)}: «{short}»?"):
            return
        try:
            activities.delete_activity(self.context.db, row.id)
        except ServiceError as exc:
            common.show_error(self, "Không xóa được", str(exc))
            return
        self._after_write(None)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if watched is self.ui.activity_table and event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                self.edit_selected()
                return True
            if event.key() == Qt.Key.Key_Delete:
                self.delete_selected()
                return True
        return super().eventFilter(watched, event)
