"""The spreadsheet import wizard: choose a file → see what was found and every rejected row →
confirm → import all or nothing. Reading, checking and writing run off the UI thread
(`run_operation`) with progress and cancel; services.member_import does the work.
"""

from __future__ import annotations

import html
from pathlib import Path

from PySide6.QtWidgets import QAbstractItemView, QDialog, QFileDialog, QHeaderView, QTableView, QWidget

from kh06_desktop.domain.formats import group_thousands
from kh06_desktop.exchange.member_sheet import SheetError, label_of
from kh06_desktop.services.members.member_import import ImportPlan, ImportResult, commit_import, prepare_import
from kh06_desktop.ui.context import AppContext
from kh06_desktop.ui.forms import load_form, set_host_margins
from kh06_desktop.ui.members.rows_model import RowsModel
from kh06_desktop.ui.operation import Operation, run_operation
from kh06_desktop.ui.window_state import remember_geometry

FILE_FILTER = "Bảng tính (*.xlsx *.xls *.ods);;Tất cả các tệp (*)"
_ISSUE_HEADERS = ("Dòng", "Cột", "Giá trị trong tệp", "Lý do")
_PREVIEW_COLORS = {"error": "#fde2e0", "warning": "#fff4d6", "ok": None}
_STEPS = ("Bước 1/3 — Chọn tệp", "Bước 2/3 — Kiểm tra và xác nhận", "Bước 3/3 — Kết quả")


_WRAP_ROWS = 500  # issue tables up to this size wrap long reasons over several lines


def n(value: int) -> str:
    return group_thousands(value)


class _Unusable:
    """An unusable file, passed back from the worker as a result (not an unexpected error)."""

    def __init__(self, message: str) -> None:
        self.message = message


class ImportWizard(QDialog):
    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.plan: ImportPlan | None = None
        self.result_: ImportResult | None = None
        self.operation: Operation | None = None
        self.ui = load_form("members/import_wizard.ui", self)
        set_host_margins(self, 14, 12, 14, 12)  # load_form leaves the host flush
        remember_geometry(self, "import_wizard", (980, 640))
        for table in (self.ui.errors_table, self.ui.warnings_table, self.ui.preview_table, self.ui.mapping_table):
            table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
            table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
            table.setAlternatingRowColors(True)
            table.verticalHeader().hide()
            table.setWordWrap(False)
        self.ui.browse_button.clicked.connect(self.browse)
        self.ui.back_button.clicked.connect(lambda: self._go(0))
        self.ui.import_button.clicked.connect(self.start_import)
        self.ui.close_button.clicked.connect(self.accept_or_close)
        self.ui.confirm_check.toggled.connect(lambda _on: self._update_buttons())
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
        step = self.step
        self.ui.back_button.setVisible(step == 1)
        self.ui.back_button.setEnabled(not busy)
        self.ui.browse_button.setEnabled(not busy)
        self.ui.import_button.setVisible(step == 1)
        plan = self.plan
        ready = plan is not None and plan.ok and plan.valid_count > 0
        self.ui.confirm_check.setEnabled(ready and not busy)
        self.ui.import_button.setEnabled(ready and self.ui.confirm_check.isChecked() and not busy and step == 1)
        self.ui.close_button.setEnabled(not busy)
        self.ui.close_button.setText("Xong" if step == 2 else "Đóng")

    def accept_or_close(self) -> None:
        if self.step == 2:
            self.accept()
        else:
            self.reject()

    # --- step 1: the file ---------------------------------------------------------------
    def browse(self) -> None:
        path, _filter = QFileDialog.getOpenFileName(self, "Chọn tệp danh sách đoàn viên", "", FILE_FILTER)
        if path:
            self.check_file(path)

    def check_file(self, path: str | Path) -> None:
        """Read and check the file in a worker thread; nothing is written."""
        self.ui.file_edit.setText(str(path))
        self.ui.choose_error_label.setText("")
        db, unit_id = self.context.db, self.context.unit_id

        def work(progress):  # type: ignore[no-untyped-def]
            try:
                return prepare_import(db, unit_id, path, progress)
            except SheetError as exc:
                return _Unusable(str(exc))

        self._start("Đang đọc và kiểm tra tệp…", work, self._checked)

    def _checked(self, outcome: ImportPlan | _Unusable) -> None:
        if isinstance(outcome, _Unusable):
            self.ui.choose_error_label.setText(outcome.message)
            self._go(0)
            return
        self.plan = outcome
        self._show_plan(outcome)
        self._go(1)

    # --- step 2: what was found ---------------------------------------------------------
    def _show_plan(self, plan: ImportPlan) -> None:
        ui = self.ui
        rejected = len(plan.error_rows)
        lines = [
            f"Tệp <b>{plan.file_name}</b>, trang «{plan.sheet_name}», dòng tiêu đề cột: <b>{plan.header_row}</b>.",
            f"Có <b>{n(plan.total_rows)}</b> dòng đoàn viên: <b>{n(plan.valid_count)}</b> dòng hợp lệ"
            + (f", <b style='color:#b3261e'>{n(rejected)} dòng bị từ chối</b> ({n(len(plan.errors))} lỗi)"
               if rejected else "")
            + (f", {n(len(plan.warnings))} điểm cần kiểm tra" if plan.warnings else "") + ".",
        ]
        if plan.new_groups:
            lines.append(f"Sẽ tạo {n(len(plan.new_groups))} tổ công đoàn mới: " + ", ".join(plan.new_groups) + ".")
        if plan.unknown_columns:
            lines.append("Các cột không dùng đến: " + ", ".join(plan.unknown_columns) + ".")
        # Which sheets were read, rows skipped as headings or signatures, groups taken from headings.
        lines += [html.escape(note) for note in plan.notes]
        # The confirmation always names this file's count: a text left from the previous file misleads.
        ui.confirm_check.setText(f"Tôi đã xem kết quả kiểm tra và muốn nhập {n(plan.valid_count)} đoàn viên "
                                 "vào danh sách")
        if not plan.ok:
            lines.append("<b style='color:#b3261e'>Chưa thể nhập: hãy sửa các dòng bị từ chối trong tệp, lưu lại "
                         "rồi chọn lại tệp. Chưa có gì được ghi vào danh sách.</b>")
        elif plan.valid_count == 0:
            lines.append("<b>Tệp không có đoàn viên nào để nhập.</b>")

        ui.summary_label.setText("<br>".join(lines))
        self._set_table(ui.errors_table, _ISSUE_HEADERS,
                        [(str(i.row), i.column, i.value, i.message) for i in plan.errors])
        self._set_table(ui.warnings_table, _ISSUE_HEADERS,
                        [(str(i.row), i.column, i.value, i.message) for i in plan.warnings])
        fields = plan.fields
        self._set_table(ui.preview_table, ["Dòng"] + [plan.columns[f] for f in fields],
                        [[str(number)] + [values.get(f, "") for f in fields]
                         for number, values in zip(plan.preview_rows, plan.preview, strict=False)],
                        [_PREVIEW_COLORS.get(s) for s in plan.preview_status])
        self._set_table(ui.mapping_table, ("Cột trong tệp", "Đọc là"),
                        [(plan.columns[f], label_of(f)) for f in fields]
                        + [(label, "(không dùng)") for label in plan.unknown_columns])
        ui.new_groups_list.clear()
        ui.new_groups_list.addItems(plan.new_groups or ["(Không có tổ mới: mọi tổ trong tệp đã có sẵn)"])
        tabs = ui.review_tabs
        tabs.setTabText(tabs.indexOf(ui.errors_tab), f"Dòng bị từ chối ({n(len(plan.errors))})")
        tabs.setTabText(tabs.indexOf(ui.warnings_tab), f"Cần kiểm tra ({n(len(plan.warnings))})")
        tabs.setTabText(tabs.indexOf(ui.preview_tab), f"Xem trước ({n(len(plan.preview))} dòng đầu)")
        tabs.setTabText(tabs.indexOf(ui.groups_tab), f"Tổ công đoàn mới ({n(len(plan.new_groups))})")
        tabs.setTabEnabled(tabs.indexOf(ui.errors_tab), bool(plan.errors))
        tabs.setTabEnabled(tabs.indexOf(ui.warnings_tab), bool(plan.warnings))
        tabs.setCurrentWidget(ui.errors_tab if plan.errors else ui.warnings_tab if plan.warnings else ui.preview_tab)

    def _set_table(self, table: QTableView, headers, rows, colors=None) -> None:  # type: ignore[no-untyped-def]
        table.setModel(RowsModel(headers, rows, table, colors))
        header = table.horizontalHeader()
        header.setStretchLastSection(True)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        if rows:
            table.resizeColumnsToContents()
            for column in range(len(headers) - 1):
                table.setColumnWidth(column, min(table.columnWidth(column), 260))
        # Filled while its tab is hidden, the last column kept its content width and left a gap on the right.
        header.setSectionResizeMode(len(headers) - 1, QHeaderView.ResizeMode.Stretch)
        # Reasons are sentences: wrap them so they are read without hovering. Measuring every row costs
        # time, so a list of thousands of rejected rows keeps one line per row (the tooltip has the rest).
        wrap = table in (self.ui.errors_table, self.ui.warnings_table) and len(rows) <= _WRAP_ROWS
        table.setWordWrap(wrap)
        table.verticalHeader().setSectionResizeMode(
            QHeaderView.ResizeMode.ResizeToContents if wrap else QHeaderView.ResizeMode.Interactive)

    # --- step 3: import -----------------------------------------------------------------
    def start_import(self) -> None:
        plan = self.plan
        if plan is None or not plan.ok or not self.ui.confirm_check.isChecked():
            return
        db, unit_id = self.context.db, self.context.unit_id
        self._start(f"Đang nhập {n(plan.valid_count)} đoàn viên…",
                    lambda progress: commit_import(db, unit_id, plan, progress), self._imported)

    def _imported(self, result: ImportResult) -> None:
        self.result_ = result
        text = f"<b>Đã nhập {n(result.inserted)} đoàn viên</b> vào danh sách."
        if result.groups_created:
            text += (f"<br>Đã tạo {n(len(result.groups_created))} tổ công đoàn mới: "
                     + ", ".join(result.groups_created) + ".")
        if result.positions_created:
            text += f"<br>Đã ghi {n(result.positions_created)} chức vụ công đoàn theo cột «Chức vụ công đoàn»."
        self.ui.result_label.setText(text)
        self._go(2)
        self.context.notify("groups")
        self.context.notify("members")
        self.context.status_message.emit(f"Đã nhập {n(result.inserted)} đoàn viên")

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
        if self.operation is None:  # never close while work is running; cancel it from its progress box
            super().reject()
