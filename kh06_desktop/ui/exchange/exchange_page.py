"""The unit's Exchange page: export the data file of a period for the upper level (personal
data only when ticked), and the history of exports. The export runs off the UI thread."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QHeaderView, QMessageBox, QWidget

from kh06_desktop.domain.formats import format_date
from kh06_desktop.domain.periods import Period, periods_around
from kh06_desktop.services.exchange.export import (
    ExportHistoryRow,
    ExportResult,
    default_file_name,
    export_datafile,
    export_history,
)
from kh06_desktop.services.periods.period_close import get_period_state
from kh06_desktop.ui.context import AppContext
from kh06_desktop.ui.exchange.models import Column, RowsModel
from kh06_desktop.ui.exchange.review_panel import show_review, start_correcting, take_review
from kh06_desktop.ui.forms import load_form
from kh06_desktop.ui.operation import Operation, run_operation

HISTORY_COLUMNS = (
    Column("Thời điểm", lambda r: f"{format_date(r.created_at.date())} {r.created_at:%H:%M}"),
    Column("Kỳ", lambda r: Period.parse(r.period).label),
    Column("Lần sửa đổi", lambda r: str(r.revision), right=True),
    Column("Dữ liệu cá nhân", lambda r: "Có" if r.with_personal_data else "Không"),
    Column("Tệp", lambda r: r.file_name),
    Column("Mã kiểm tra (SHA-256)", lambda r: r.sha256[:16] + "…", tip=lambda r: r.sha256),
)


class ExchangePage(QWidget):
    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.ui = load_form("exchange/exchange_page.ui", self)
        self.operation: Operation | None = None
        self.history = RowsModel(HISTORY_COLUMNS, self)
        table = self.ui.history_table
        table.setModel(self.history)
        table.verticalHeader().hide()
        table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        table.horizontalHeader().setStretchLastSection(True)
        for period in periods_around(dt.date.today()):
            self.ui.period_combo.addItem(period.label, period.code)
        self._select_period(context.period)
        self.ui.period_combo.currentIndexChanged.connect(self._show_revision)
        self.ui.export_button.clicked.connect(self.export)
        self.ui.import_review_button.clicked.connect(lambda: take_review(self))
        self.ui.correct_button.clicked.connect(lambda: start_correcting(self))
        context.period_changed.connect(self._select_period)
        self.reload()

    # --- replaced in tests ----------------------------------------------------------------
    def ask_save_path(self, suggested: str) -> str | None:
        path, _ = QFileDialog.getSaveFileName(self, "Lưu tệp dữ liệu", suggested, "Tệp dữ liệu KH06 (*.kh06)")
        return path or None

    def tell(self, text: str) -> None:
        QMessageBox.warning(self, "Trao đổi dữ liệu", text)

    # ----------------------------------------------------------------------------------------
    def activate(self) -> None:
        self.reload()

    def _select_period(self, period: Period) -> None:
        index = self.ui.period_combo.findData(period.code)
        if index >= 0:
            self.ui.period_combo.setCurrentIndex(index)
        self._show_revision()

    @property
    def period(self) -> str:
        return str(self.ui.period_combo.currentData())

    def _show_revision(self) -> None:
        if self.context.unit is None:
            return
        state = get_period_state(self.context.db, self.context.unit_id, self.period)
        closed = "đã chốt số liệu" if state.closed else "chưa chốt số liệu (nên chốt sau khi báo cáo được ký)"
        self.ui.revision_label.setText(f"Lần sửa đổi {state.revision}, {closed}; số liệu tính đến ngày "
                                       f"{format_date(state.end_date)}.")
        show_review(self)

    def reload(self) -> None:
        if self.context.unit is None:
            return
        rows: list[ExportHistoryRow] = export_history(self.context.db, self.context.unit_id)
        self.history.set_rows(rows)
        self._show_revision()

    def export(self) -> None:
        if self.context.unit is None:
            return
        period = self.period
        suggested = str(Path.home() / default_file_name(self.context.db, self.context.unit_id, period))
        path = self.ask_save_path(suggested)
        if not path:
            return
        if not path.lower().endswith(".kh06"):
            path += ".kh06"
        personal = self.ui.personal_check.isChecked()
        db, unit_id = self.context.db, self.context.unit_id
        self.ui.export_button.setEnabled(False)
        self.operation = run_operation(
            self, "Đang xuất tệp dữ liệu…",
            lambda progress: export_datafile(db, unit_id, period, path, with_personal_data=personal),
            on_success=self._exported, on_failure=self._failed)

    def _exported(self, result: ExportResult) -> None:
        self.ui.export_button.setEnabled(True)
        personal = "có kèm dữ liệu cá nhân" if result.with_personal_data else "không kèm dữ liệu cá nhân"
        self.ui.result_label.setText(
            f"Đã ghi tệp {result.path} ({Period.parse(result.period).label}, lần sửa đổi {result.revision}, "
            f"{result.members} đoàn viên, {personal}).\nMã kiểm tra SHA-256: {result.sha256}")
        self.context.notify("exchange")
        self.context.status_message.emit(f"Đã xuất tệp dữ liệu {result.path.name}")
        self.reload()

    def _failed(self, message: str) -> None:
        self.ui.export_button.setEnabled(True)
        self.tell(message)
