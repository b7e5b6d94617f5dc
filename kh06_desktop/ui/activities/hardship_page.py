"""Hardship support (Thăm hỏi – hỗ trợ): members in hardship during the period and the support
each received (target 3: every case visited or given a gift). Cases still without support are
marked in red and can be listed alone."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QDialog, QWidget

from kh06_desktop.domain.formats import format_date, format_vnd, group_thousands
from kh06_desktop.services.activities import hardship
from kh06_desktop.services.activities.hardship import CaseRow, SupportRow
from kh06_desktop.services.common.errors import ServiceError
from kh06_desktop.ui.activities import common
from kh06_desktop.ui.activities.common import (
    ALERT,
    GOOD,
    Column,
    RecordTableModel,
    ReloadWhenShown,
    add_shortcut,
    period_caption,
    period_range,
    setup_record_table,
)
from kh06_desktop.ui.activities.hardship_dialogs import CaseDialog, SupportDialog
from kh06_desktop.ui.context import AppContext
from kh06_desktop.ui.forms import load_form


def _state(row: CaseRow) -> str:
    if not row.supported:
        return "Chưa thăm hỏi, hỗ trợ"
    return f"Đã hỗ trợ {row.support_count} lần"


CASE_COLUMNS = (
    Column("Đoàn viên", lambda r: r.member_name),
    Column("Tổ công đoàn", lambda r: r.group_name or ""),
    Column("Lý do khó khăn", lambda r: r.reason, tooltip=lambda r: r.reason),
    Column("Ngày ghi nhận", lambda r: format_date(r.opened_on)),
    Column("Hết khó khăn", lambda r: format_date(r.closed_on)),
    Column("Tình trạng", _state, colour=lambda r: GOOD if r.supported else ALERT),
    Column("Tổng giá trị", lambda r: format_vnd(r.support_total_vnd) if r.supported else "", align_right=True),
)
SUPPORT_COLUMNS = (
    Column("Ngày", lambda r: format_date(r.date)),
    Column("Hình thức", lambda r: r.kind.label),
    Column("Giá trị", lambda r: format_vnd(r.value_vnd) if r.value_vnd else "—", align_right=True),
    Column("Nguồn kinh phí", lambda r: r.fund_source or ""),
)


class HardshipPage(ReloadWhenShown, QWidget):
    AREA = "hardship"

    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.ui = load_form("activities/hardship_page.ui", self)
        self.ui.title_label.setText("Thăm hỏi, hỗ trợ đoàn viên có hoàn cảnh khó khăn")
        self.ui.case_table.setAccessibleName("Danh sách đoàn viên có hoàn cảnh khó khăn")
        self.cases = RecordTableModel(CASE_COLUMNS, self)
        self.support = RecordTableModel(SUPPORT_COLUMNS, self)
        setup_record_table(self.ui.case_table, self.cases, (200, 150, 230, 110, 110, 170), self)
        setup_record_table(self.ui.support_table, self.support, (110, 130, 140), self)
        self.ui.splitter.setSizes([330, 260])
        self.ui.add_case_button.clicked.connect(self.add_case)
        self.ui.edit_case_button.clicked.connect(self.edit_case)
        self.ui.delete_case_button.clicked.connect(self.delete_case)
        self.ui.unsupported_check.toggled.connect(lambda _on: self.reload())
        self.ui.add_support_button.clicked.connect(self.add_support)
        self.ui.edit_support_button.clicked.connect(self.edit_support)
        self.ui.delete_support_button.clicked.connect(self.delete_support)
        self.ui.case_table.doubleClicked.connect(lambda _i: self.edit_case())
        self.ui.support_table.doubleClicked.connect(lambda _i: self.edit_support())
        self.ui.case_table.selectionModel().selectionChanged.connect(lambda *_: self._show_support())
        self.ui.support_table.selectionModel().selectionChanged.connect(lambda *_: self._update_buttons())
        add_shortcut(self, "Ctrl+N", self.add_case)
        add_shortcut(self, "Ctrl+D", self.add_support)
        context.period_changed.connect(lambda _p: self._mark_dirty())
        context.data_changed.connect(lambda area: self._mark_dirty() if area in (self.AREA, "members") else None)
        self._dirty = True
        self.reload()

    # --- loading ------------------------------------------------------------------------

    def reload(self, select_id: int | None = None) -> None:
        if self.context.unit is None:
            return
        self._dirty = False
        keep = select_id if select_id is not None else self.selected_case_id()
        start, end = period_range(self.context)
        self.ui.period_label.setText(period_caption(self.context))
        rows = hardship.list_cases(self.context.db, self.context.unit_id, start, end)
        supported = sum(1 for r in rows if r.supported)
        total = sum(r.support_total_vnd for r in rows)
        self.ui.totals_label.setText(
            f"Trong kỳ: {group_thousands(len(rows))} trường hợp, đã hỗ trợ {group_thousands(supported)}, "
            f"chưa hỗ trợ {group_thousands(len(rows) - supported)} — tổng giá trị {format_vnd(total)}")
        if self.ui.unsupported_check.isChecked():
            rows = [r for r in rows if not r.supported]
        self.cases.set_rows(rows)
        common.select_id(self.ui.case_table, self.cases, keep)
        self._show_support()

    def selected_case(self) -> CaseRow | None:
        return common.selected_row(self.ui.case_table, self.cases)

    def selected_case_id(self) -> int | None:
        row = self.selected_case()
        return row.id if row else None

    def selected_support(self) -> SupportRow | None:
        return common.selected_row(self.ui.support_table, self.support)

    def _show_support(self) -> None:
        case = self.selected_case()
        if case is None:
            self.support.set_rows([])
            self.ui.support_title_label.setText("Chọn một trường hợp ở bảng trên để xem và ghi các lần hỗ trợ.")
            self.ui.support_total_label.setText("")
        else:
            rows = hardship.list_support(self.context.db, case.id)
            self.support.set_rows(rows)
            self.ui.support_title_label.setText(f"Các lần thăm hỏi, hỗ trợ: {case.member_name} — {case.reason}")
            self.ui.support_total_label.setText(
                f"{len(rows)} lần, tổng {format_vnd(sum(r.value_vnd for r in rows))}" if rows else "Chưa có lần nào")
        self._update_buttons()

    def _update_buttons(self) -> None:
        has_case = self.selected_case() is not None
        for button in (self.ui.edit_case_button, self.ui.delete_case_button, self.ui.add_support_button):
            button.setEnabled(has_case)
        has_support = self.selected_support() is not None
        self.ui.edit_support_button.setEnabled(has_support)
        self.ui.delete_support_button.setEnabled(has_support)

    # --- actions ------------------------------------------------------------------------
    def run_dialog(self, dialog: QDialog) -> bool:
        return dialog.exec() == QDialog.DialogCode.Accepted

    def _after_write(self, case_id: int | None) -> None:
        self.reload(case_id)
        self.context.notify(self.AREA)

    def add_case(self) -> None:
        dialog = CaseDialog(self.context, None, self)
        if self.run_dialog(dialog):
            self._after_write(dialog.saved_id)

    def edit_case(self) -> None:
        row = self.selected_case()
        if row is None:
            return
        dialog = CaseDialog(self.context, hardship.get_case(self.context.db, row.id), self)
        if self.run_dialog(dialog):
            self._after_write(row.id)

    def delete_case(self) -> None:
        row = self.selected_case()
        if row is None:
            return
        extra = f" cùng {row.support_count} lần hỗ trợ đã ghi" if row.support_count else ""
        if not common.ask(self, "Xóa", f"Xóa trường hợp «{row.member_name} — {row.reason}»{extra}?"):
            return
        try:
            hardship.delete_case(self.context.db, row.id)
        except ServiceError as exc:
            common.show_error(self, "Không xóa được", str(exc))
            return
        self._after_write(None)

    def add_support(self) -> None:
        case = self.selected_case()
        if case is None:
            return
        dialog = SupportDialog(self.context, case.id, None, self)
        if self.run_dialog(dialog):
            self._after_write(case.id)

    def edit_support(self) -> None:
        case, support = self.selected_case(), self.selected_support()
        if case is None or support is None:
            return
        dialog = SupportDialog(self.context, case.id, support, self)
        if self.run_dialog(dialog):
            self._after_write(case.id)

    def delete_support(self) -> None:
        case, support = self.selected_case(), self.selected_support()
        if case is None or support is None:
            return
        if not common.ask(self, "Xóa", f"Xóa lần {support.kind.label.lower()} ngày {format_date(support.date)}?"):
            return
        try:
            hardship.delete_support(self.context.db, support.id)
        except ServiceError as exc:
            common.show_error(self, "Không xóa được", str(exc))
            return
        self._after_write(case.id)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            enter = event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
            delete = event.key() == Qt.Key.Key_Delete
            if watched is self.ui.case_table and (enter or delete):
                self.edit_case() if enter else self.delete_case()
                return True
            if watched is self.ui.support_table and (enter or delete):
                self.edit_support() if enter else self.delete_support()
                return True
        return super().eventFilter(watched, event)
