"""Updating the member list from HR's updated list: choose the file and what follows it → see the
new, changed (field by field), unchanged, absent members and the errors → confirm → write all or
nothing. Reading, matching and writing run off the UI thread; services.member_update does the work.
"""

from __future__ import annotations

import datetime as dt
import html
from pathlib import Path

from PySide6.QtCore import QDate
from PySide6.QtWidgets import QAbstractItemView, QDialog, QHeaderView, QMessageBox, QTableView, QWidget

from kh06_desktop.domain.formats import format_date, group_thousands
from kh06_desktop.exchange.member_sheet import SheetError
from kh06_desktop.services.members.member_update import UpdatePlan, UpdateResult, commit_update, prepare_update
from kh06_desktop.ui.context import AppContext
from kh06_desktop.ui.file_dialogs import open_file
from kh06_desktop.ui.forms import load_form, set_host_margins
from kh06_desktop.ui.members.import_wizard import FILE_FILTER
from kh06_desktop.ui.members.rows_model import RowsModel
from kh06_desktop.ui.operation import Operation, run_operation
from kh06_desktop.ui.window_state import remember_geometry

_STEPS = ("Bước 1/3 — Chọn danh sách mới", "Bước 2/3 — Xem các thay đổi và xác nhận", "Bước 3/3 — Kết quả")
_ISSUE_HEADERS = ("Dòng", "Cột", "Giá trị trong tệp", "Lý do")
FILE_KIND = "member_list"


def n(value: int) -> str:
    return group_thousands(value)


class _Unusable:
    def __init__(self, message: str) -> None:
        self.message = message


class UpdateWizard(QDialog):
    def __init__(self, context: AppContext, parent: QWidget | None = None, today: dt.date | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.today = today or dt.date.today()
        self.plan: UpdatePlan | None = None
        self.result_: UpdateResult | None = None
        self.operation: Operation | None = None
        self.path: str = ""
        self.ui = load_form("members/update_wizard.ui", self)
        set_host_margins(self, 14, 12, 14, 12)
        remember_geometry(self, "update_wizard", (1000, 640))
        ui = self.ui
        for table in (ui.new_table, ui.changed_table, ui.unchanged_table, ui.absent_table, ui.errors_table,
                      ui.warnings_table):
            table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
            table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
            table.setAlternatingRowColors(True)
            table.verticalHeader().hide()
        ui.left_date_edit.setDate(QDate(self.today.year, self.today.month, self.today.day))
        ui.left_date_edit.setMaximumDate(QDate(self.today.year, self.today.month, self.today.day))
        ui.left_date_edit.setEnabled(False)
        ui.left_radio.toggled.connect(ui.left_date_edit.setEnabled)
        ui.left_radio.toggled.connect(lambda _on: self._show_summary())
        ui.browse_button.clicked.connect(self.browse)
        ui.check_button.clicked.connect(lambda: self.check_file(self.path))
        ui.back_button.clicked.connect(lambda: self._go(0))
        ui.update_button.clicked.connect(self.start_update)
        ui.close_button.clicked.connect(self.accept_or_close)
        ui.confirm_check.toggled.connect(lambda _on: self._update_buttons())
        self._go(0)

    # --- navigation ---------------------------------------------------------------------
    @property
    def step(self) -> int:
        return int(self.ui.step_stack.currentIndex())

    def _go(self, step: int) -> None:
        self.ui.step_stack.setCurrentIndex(step)
        self.ui.step_label.setText(_STEPS[step])
        if step == 0:
            self.plan = None
            self.ui.confirm_check.setChecked(False)
        self._update_buttons()

    def _update_buttons(self) -> None:
        busy = self.operation is not None
        step, plan, ui = self.step, self.plan, self.ui
        ui.back_button.setVisible(step == 1)
        ui.back_button.setEnabled(not busy)
        ui.browse_button.setEnabled(not busy)
        ui.check_button.setVisible(step == 0)
        ui.check_button.setEnabled(bool(self.path) and not busy)
        ui.update_button.setVisible(step == 1)
        ready = plan is not None and plan.ok and (bool(plan.new or plan.changed) or
                                                  (bool(plan.absent) and ui.left_radio.isChecked()))
        ui.confirm_check.setEnabled(ready and not busy)
        ui.update_button.setEnabled(ready and ui.confirm_check.isChecked() and not busy and step == 1)
        ui.close_button.setEnabled(not busy)
        ui.close_button.setText("Xong" if step == 2 else "Đóng")

    def accept_or_close(self) -> None:
        if self.step == 2:
            self.accept()
        else:
            self.reject()

    # --- step 1 -------------------------------------------------------------------------
    def browse(self) -> None:
        path = open_file(self, FILE_KIND, "Chọn danh sách đoàn viên mới", FILE_FILTER)
        if path:
            self.path = path
            self.ui.file_edit.setText(path)
            self._update_buttons()

    def ask_other_union(self, line: str) -> bool:
        """The sheet's title names another union: go on only if the clerk says so (replaced in tests)."""
        unit = self.context.unit
        answer = QMessageBox.question(
            self, "Danh sách của công đoàn khác?",
            f"Tiêu đề của tệp ghi «{line}», có vẻ là danh sách của công đoàn khác, không phải "
            f"«{unit.name if unit else ''}».\n\nVẫn dùng tệp này để cập nhật?",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, QMessageBox.StandardButton.No)
        return answer == QMessageBox.StandardButton.Yes

    def check_file(self, path: str | Path) -> None:
        if not path:
            return
        self.path = str(path)
        self.ui.file_edit.setText(str(path))
        self.ui.choose_error_label.setText("")
        db, unit_id = self.context.db, self.context.unit_id
        groups, positions = self.ui.follow_groups_check.isChecked(), self.ui.follow_positions_check.isChecked()
        today = self.today

        def work(progress):  # type: ignore[no-untyped-def]
            try:
                return prepare_update(db, unit_id, path, progress, follow_groups=groups, follow_positions=positions,
                                      today=today)
            except SheetError as exc:
                return _Unusable(str(exc))

        self._start("Đang đọc và đối chiếu danh sách…", work, self._checked)

    def _checked(self, outcome: UpdatePlan | _Unusable) -> None:
        if isinstance(outcome, _Unusable):
            self.ui.choose_error_label.setText(outcome.message)
            self._go(0)
            return
        if outcome.sheet.other_union and not self.ask_other_union(outcome.sheet.other_union):
            self.ui.choose_error_label.setText("Đã dừng: tệp có vẻ là danh sách của công đoàn khác. Hãy chọn đúng tệp.")
            self._go(0)
            return
        self.plan = outcome
        self._show_plan(outcome)
        self._go(1)

    # --- step 2 -------------------------------------------------------------------------
    def _show_summary(self) -> None:
        plan = self.plan
        if plan is None:
            return
        sheet = plan.sheet
        absent_word = (f"sẽ ghi là đã thôi từ {self.ui.left_date_edit.date().toString('dd/MM/yyyy')}"
                       if self.ui.left_radio.isChecked() else "giữ nguyên")
        lines = [f"Tệp <b>{html.escape(sheet.file_name)}</b>, trang «{html.escape(sheet.sheet_name)}», "
                 f"<b>{n(sheet.total_rows)}</b> dòng đoàn viên.",
                 f"Mới: <b>{n(len(plan.new))}</b>; thay đổi: <b>{n(len(plan.changed))}</b>; không đổi: "
                 f"{n(len(plan.unchanged))}; không có trong tệp: <b>{n(len(plan.absent))}</b> ({absent_word})"
                 + (f"; <b style='color:#b3261e'>{n(len(plan.error_rows))} dòng lỗi</b>" if plan.errors else "")
                 + "."]
        if plan.new_groups:
            lines.append(f"Sẽ tạo {n(len(plan.new_groups))} tổ công đoàn mới: "
                         + html.escape(", ".join(plan.new_groups)) + ".")
        lines += [html.escape(note) for note in sheet.notes]
        if not plan.ok:
            lines.append("<b style='color:#b3261e'>Chưa thể cập nhật: hãy sửa các dòng lỗi trong tệp, lưu lại rồi "
                         "chọn lại tệp. Chưa có gì được ghi.</b>")
        elif not (plan.new or plan.changed or plan.absent):
            lines.append("<b>Danh sách đã khớp với tệp: không có gì cần cập nhật.</b>")
        self.ui.summary_label.setText("<br>".join(lines))
        self._update_buttons()

    def _show_plan(self, plan: UpdatePlan) -> None:
        ui = self.ui
        self._show_summary()
        self._set_table(ui.new_table, ("Dòng", "Họ và tên", "Ngày sinh", "Tổ công đoàn"),
                        [(str(r.row), r.name, format_date(r.birth_date) if r.birth_date else "", r.group_name or "")
                         for r in plan.new])
        self._set_table(ui.changed_table, ("Dòng", "Đoàn viên", "Khớp theo", "Thông tin", "Cũ", "Mới"),
                        [(str(c.row), c.name, c.matched_by, f.label, f.old, f.new)
                         for c in plan.changed for f in c.changes])
        self._set_table(ui.unchanged_table, ("Dòng", "Đoàn viên"), [(str(s.row), s.name) for s in plan.unchanged])
        self._set_table(ui.absent_table, ("Đoàn viên", "Ngày sinh", "Tổ công đoàn"),
                        [(a.name, format_date(a.birth_date) if a.birth_date else "", a.group_name or "")
                         for a in plan.absent])
        self._set_table(ui.errors_table, _ISSUE_HEADERS, [(str(i.row), i.column, i.value, i.message)
                                                          for i in plan.errors])
        self._set_table(ui.warnings_table, _ISSUE_HEADERS, [(str(i.row), i.column, i.value, i.message)
                                                            for i in plan.warnings])
        tabs = ui.review_tabs
        for tab, title, count in ((ui.new_tab, "Mới", len(plan.new)), (ui.changed_tab, "Thay đổi", len(plan.changed)),
                                  (ui.unchanged_tab, "Không đổi", len(plan.unchanged)),
                                  (ui.absent_tab, "Không có trong tệp", len(plan.absent)),
                                  (ui.errors_tab, "Lỗi", len(plan.errors)),
                                  (ui.warnings_tab, "Cần kiểm tra", len(plan.warnings))):
            tabs.setTabText(tabs.indexOf(tab), f"{title} ({n(count)})")
        tabs.setCurrentWidget(ui.errors_tab if plan.errors else ui.changed_tab if plan.changed
                              else ui.new_tab if plan.new else ui.absent_tab)

    def _set_table(self, table: QTableView, headers, rows) -> None:  # type: ignore[no-untyped-def]
        table.setModel(RowsModel(headers, rows, table))
        header = table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        if rows and len(rows) <= 2000:
            table.resizeColumnsToContents()
            for column in range(len(headers) - 1):
                table.setColumnWidth(column, min(table.columnWidth(column), 280))
        header.setSectionResizeMode(len(headers) - 1, QHeaderView.ResizeMode.Stretch)

    # --- step 3 -------------------------------------------------------------------------
    @property
    def missing(self) -> str:
        return "left" if self.ui.left_radio.isChecked() else "keep"

    def start_update(self) -> None:
        plan = self.plan
        if plan is None or not plan.ok or not self.ui.confirm_check.isChecked():
            return
        db, unit_id, missing = self.context.db, self.context.unit_id, self.missing
        day = self.ui.left_date_edit.date().toPython()
        today = self.today
        self._start("Đang cập nhật danh sách…",
                    lambda progress: commit_update(db, unit_id, plan, missing=missing, as_of=day, progress=progress,
                                                   today=today), self._updated)

    def _updated(self, result: UpdateResult) -> None:
        self.result_ = result
        text = (f"<b>Đã cập nhật danh sách:</b> thêm {n(result.added)} đoàn viên mới, sửa thông tin "
                f"{n(result.changed)} người, ghi {n(result.marked_left)} người đã thôi.")
        if result.groups_created:
            text += (f"<br>Đã tạo {n(len(result.groups_created))} tổ công đoàn mới: "
                     + html.escape(", ".join(result.groups_created)) + ".")
        text += ("<br><br>Nếu cập nhật nhầm tệp, dùng «Hoàn tác lần nhập gần nhất» (trang Đoàn viên hoặc menu "
                 "Dữ liệu) trước khi sửa gì khác.")
        self.ui.result_label.setText(text)
        self._go(2)
        self.context.notify("groups")
        self.context.notify("members")
        self.context.status_message.emit("Đã cập nhật danh sách đoàn viên theo tệp mới")

    # --- running work -------------------------------------------------------------------
    def _start(self, title: str, work, on_success) -> None:  # type: ignore[no-untyped-def]
        self.ui.status_label.setText(title)

        def done(value) -> None:  # type: ignore[no-untyped-def]
            self.operation = None
            self.ui.status_label.setText("")
            on_success(value)
            self._update_buttons()

        def failed(message: str) -> None:
            self.operation = None
            self.ui.status_label.setText(message)
            self._update_buttons()

        self.operation = run_operation(self, title, work, on_success=done, on_failure=failed)
        self._update_buttons()

    @property
    def busy(self) -> bool:
        return self.operation is not None

    def reject(self) -> None:
        if self.operation is None:
            super().reject()
