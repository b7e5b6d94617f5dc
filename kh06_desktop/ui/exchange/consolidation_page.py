"""The upper level's page: import many unit data files (file dialog or drag and drop, off the
UI thread with progress), the result per file, the consolidated table of units with filters by
sector and met / not met, totals by sector, people listed in two units, and the reports."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QDragEnterEvent, QDropEvent
from PySide6.QtWidgets import QFileDialog, QHeaderView, QInputDialog, QMessageBox, QTableView, QWidget

from kh06_desktop.domain.enums import Sector
from kh06_desktop.domain.formats import format_percent, group_thousands
from kh06_desktop.domain.indicators import IDS, TITLES, Indicator
from kh06_desktop.domain.periods import Period, periods_around
from kh06_desktop.services.common.errors import ServiceError
from kh06_desktop.services.exchange.consolidation import (
    REFUSED,
    ConsolidationResult,
    FileOutcome,
    SectorTotals,
    UnitIndicators,
    consolidate_files,
    consolidated_totals,
    consolidated_units,
    duplicate_people,
    filter_units,
    withdraw_submission,
)
from kh06_desktop.services.exchange.reviews import ReviewState, review_states
from kh06_desktop.ui.context import AppContext
from kh06_desktop.ui.exchange.models import GREEN, GREY, RED, Column, RowsModel
from kh06_desktop.ui.exchange.review_actions import export_selected_reviews, review_column, review_selected
from kh06_desktop.ui.fit import fit_columns, keep_columns_fitted
from kh06_desktop.ui.forms import load_form
from kh06_desktop.ui.operation import Operation, run_operation

SUFFIX = ".kh06"
NAME_WIDTH = 300  # px: a typical "Công đoàn Công ty Cổ phần …" name


def _value(item: Indicator) -> str:
    if item.parts:  # indicator 5 over all sectors: each sector against its own target (rows above, and the tip)
        return "Theo khu vực" if any(p.denominator for p in item.parts) else "—"
    if item.denominator == 0:
        return "—"
    return f"{item.percent_text()} ({group_thousands(item.numerator)}/{group_thousands(item.denominator)})"


def _percent(item: Indicator) -> str:
    """A unit's cell: the percent alone (its numbers are in the tip), so the dozen columns of the table
    fit an office screen even for units of thousands of workers."""
    if item.denominator == 0:
        return "—"
    return item.percent_text()


def _numbers_tip(indicator: str, item: Indicator) -> str:
    if item.denominator == 0:
        return f"{TITLES[indicator]}: không có số liệu"
    return (f"{TITLES[indicator]}: {group_thousands(item.numerator)}/{group_thousands(item.denominator)}, "
            f"{_target_tip(item)}")


def _color(item: Indicator):  # type: ignore[no-untyped-def]
    if item.parts:
        return GREEN if item.met else RED
    return GREY if item.denominator == 0 else (GREEN if item.met else RED)


def _target_tip(item: Indicator) -> str:
    if item.target is None:
        return "; ".join(p.text() for p in item.parts)
    return f"mục tiêu {format_percent(item.target, 0)}"


def _verdict(unit: UnitIndicators) -> str:
    if unit.all_met:
        return "Đạt"
    return "Thiếu số liệu" if unit.missing_data else "Chưa đạt"


RESULT_COLUMNS = (
    Column("Tệp", lambda o: o.name),
    Column("Kết quả", lambda o: o.label, color=lambda o: RED if o.status == REFUSED else GREEN),
    Column("Đơn vị", lambda o: o.unit_code or ""),
    Column("Kỳ", lambda o: o.period or ""),
    Column("Lần", lambda o: str(o.revision or ""), right=True),
    Column("Lý do / ghi chú", lambda o: o.reason, tip=lambda o: o.reason),
)

def _unit_indicator_column(indicator: str) -> Column:
    return Column(f"CT {indicator}", lambda u: _percent(u.get(indicator)), right=True,
                  color=lambda u: _color(u.get(indicator)), tip=lambda u: _numbers_tip(indicator, u.get(indicator)))


def _total_indicator_column(indicator: str) -> Column:
    return Column(f"CT {indicator}", lambda t: _value(t.get(indicator)), right=True,
                  color=lambda t: _color(t.get(indicator)),
                  tip=lambda t: f"{TITLES[indicator]}: {_target_tip(t.get(indicator))}")


UNIT_COLUMNS = (
    Column("Mã", lambda u: u.code),
    Column("Công đoàn cơ sở", lambda u: u.name, tip=lambda u: u.name),
    Column("Khu vực", lambda u: u.sector.label, tip=lambda u: u.sector.label),
    *(_unit_indicator_column(i) for i in IDS),
    Column("Đánh giá", _verdict, color=lambda u: GREEN if u.all_met else RED,
           tip=lambda u: "Thiếu số liệu lao động: chỉ tiêu 1, 2 chưa tính được" if u.missing_data else ""),
    Column("Lần", lambda u: str(u.revision), right=True, tip=lambda u: f"Lần sửa đổi {u.revision} của tệp"),
    # To compare with the QR code and digest line of the paper report the unit's chair signed.
    Column("Khóa ký", lambda u: u.key_fingerprint, tip=lambda u: "Dấu vân tay khóa ký của đơn vị (ghi nhận lần đầu)"),
    Column("Mã tệp", lambda u: u.sha256[:12], tip=lambda u: f"SHA-256 của tệp đã nhận: {u.sha256}"),
)

TOTAL_COLUMNS = (
    Column("Khu vực", lambda t: t.sector.label if t.sector is not None else "Toàn bộ"),
    Column("Số đơn vị", lambda t: group_thousands(t.units), right=True),
    *(_total_indicator_column(i) for i in IDS),
)

DUPLICATE_COLUMNS = (
    Column("Số CCCD", lambda p: p.citizen_id),
    Column("Họ và tên", lambda p: p.full_name),
    Column("Mã đơn vị", lambda p: p.unit_code),
    Column("Đơn vị", lambda p: p.unit_name),
)


def _setup(table: QTableView, model: RowsModel) -> None:
    table.setModel(model)
    table.verticalHeader().hide()
    header = table.horizontalHeader()
    header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
    header.setStretchLastSection(True)


class ConsolidationPage(QWidget):
    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.ui = load_form("exchange/consolidation_page.ui", self)
        self.operation: Operation | None = None
        self.all_units: list[UnitIndicators] = []
        self.results, self.units, self.totals, self.duplicates = (
            RowsModel(RESULT_COLUMNS, self), RowsModel(UNIT_COLUMNS + (review_column(self),), self),
            RowsModel(TOTAL_COLUMNS, self),
            RowsModel(DUPLICATE_COLUMNS, self))
        _setup(self.ui.results_table, self.results)
        _setup(self.ui.units_table, self.units)
        _setup(self.ui.totals_table, self.totals)
        _setup(self.ui.duplicates_table, self.duplicates)
        # The figures, CT 5, «Đánh giá» and «Lần sửa đổi» at their natural width; the unit's name takes the rest
        # (whole in its tooltip when the screen is narrow).
        keep_columns_fitted(self.ui.units_table, stretch=1)
        self.ui.units_table.horizontalHeader().setMinimumSectionSize(60)
        self.ui.totals_table.horizontalHeader().setStretchLastSection(False)
        self.ui.totals_table.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for period in periods_around(dt.date.today()):
            self.ui.period_combo.addItem(period.label, period.code)
        index = self.ui.period_combo.findData(context.period.code)
        self.ui.period_combo.setCurrentIndex(max(index, 0))
        self.ui.sector_combo.addItem("Tất cả khu vực", None)
        for sector in Sector:
            self.ui.sector_combo.addItem(sector.label, sector)
        self.ui.indicator_combo.addItem("Tất cả chỉ tiêu", None)
        for i in IDS:
            self.ui.indicator_combo.addItem(f"{i}. {TITLES[i]}", i)
        for label, value in (("Đạt và chưa đạt", None), ("Đạt", True), ("Chưa đạt", False)):
            self.ui.met_combo.addItem(label, value)
        for combo in (self.ui.sector_combo, self.ui.indicator_combo, self.ui.met_combo):
            combo.currentIndexChanged.connect(self.apply_filters)
        self.ui.period_combo.currentIndexChanged.connect(self._period_chosen)
        context.period_changed.connect(self._follow_period)
        self.ui.import_button.clicked.connect(self.choose_files)
        self.ui.pdf_button.clicked.connect(lambda: self.save_report(".pdf"))
        self.ui.xlsx_button.clicked.connect(lambda: self.save_report(".xlsx"))
        self.review_states: dict[str, ReviewState] = {}
        self.ui.review_button.clicked.connect(lambda: review_selected(self))
        self.ui.feedback_button.clicked.connect(lambda: export_selected_reviews(self))
        self.ui.units_table.doubleClicked.connect(lambda _index: review_selected(self))
        # The key fingerprint and the file digest are for comparing with the signed paper: shown on request.
        self.ui.keys_check.toggled.connect(self._show_keys)
        self._show_keys(False)
        self.ui.withdraw_button.clicked.connect(self.withdraw_selected)
        self.setAcceptDrops(True)
        self.reload()

    def _show_keys(self, shown: bool) -> None:
        titles = [self.units.headerData(c, Qt.Orientation.Horizontal) for c in range(self.units.columnCount())]
        for title in ("Khóa ký", "Mã tệp"):
            self.ui.units_table.setColumnHidden(titles.index(title), not shown)
        fit_columns(self.ui.units_table, stretch=1)

    # --- replaced in tests ----------------------------------------------------------------
    def ask_open_paths(self) -> list[str]:
        paths, _ = QFileDialog.getOpenFileNames(self, "Chọn tệp dữ liệu của các đơn vị", str(Path.home()),
                                                "Tệp dữ liệu KH06 (*.kh06);;Mọi tệp (*)")
        return paths

    def ask_save_path(self, suggested: str, pattern: str) -> str | None:
        path, _ = QFileDialog.getSaveFileName(self, "Lưu báo cáo tổng hợp", suggested, pattern)
        return path or None

    def tell(self, text: str) -> None:
        QMessageBox.warning(self, "Tổng hợp đơn vị", text)

    def confirm(self, text: str) -> bool:
        answer = QMessageBox.question(self, "Tổng hợp đơn vị", text,
                                      QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
                                      QMessageBox.StandardButton.No)
        return answer == QMessageBox.StandardButton.Yes

    def ask_reason(self, text: str) -> str | None:
        reason, ok = QInputDialog.getText(self, "Rút tệp đã nhận", text)
        return reason if ok else None

    # --- loading ------------------------------------------------------------------------
    def activate(self) -> None:
        self.reload()

    def _period_chosen(self, _index: int) -> None:
        # One period for the whole window: the toolbar's selector follows this one, and back.
        code = self.ui.period_combo.currentData()
        if code and code != self.context.period.code:
            self.context.set_period(Period.parse(code))
        self.reload()

    def _follow_period(self, period: Period) -> None:
        index = self.ui.period_combo.findData(period.code)
        if index >= 0 and index != self.ui.period_combo.currentIndex():
            self.ui.period_combo.setCurrentIndex(index)

    @property
    def period(self) -> str:
        return str(self.ui.period_combo.currentData())

    def reload(self) -> None:
        db = self.context.db
        self.all_units = consolidated_units(db, self.period)
        self.review_states = review_states(db, self.period)
        totals = consolidated_totals(db, self.period)
        self.totals.set_rows([s for s in totals.by_sector if s.units] + [totals.overall])
        self.duplicates.set_rows(duplicate_people(db))
        self.ui.tabs.setTabText(2, f"Người trùng giữa các đơn vị ({group_thousands(len(self.duplicates.rows))})")
        self.apply_filters()

    def apply_filters(self) -> None:
        shown = filter_units(self.all_units, sector=self.ui.sector_combo.currentData(),
                             met=self.ui.met_combo.currentData(), indicator_id=self.ui.indicator_combo.currentData())
        self.units.set_rows(shown)
        self.ui.count_label.setText(f"{group_thousands(len(shown))}/{group_thousands(len(self.all_units))} đơn vị")

    def sector_totals(self) -> list[SectorTotals]:
        return list(self.totals.rows)

    # --- importing ----------------------------------------------------------------------
    def choose_files(self) -> None:
        paths = self.ask_open_paths()
        if paths:
            self.import_paths([Path(p) for p in paths])

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:  # noqa: N802 - Qt's name
        if event.mimeData().hasUrls() and any(u.toLocalFile().lower().endswith(SUFFIX)
                                              for u in event.mimeData().urls()):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:  # noqa: N802 - Qt's name
        paths = [Path(u.toLocalFile()) for u in event.mimeData().urls() if u.isLocalFile()]
        paths = [p for p in paths if p.suffix.lower() == SUFFIX]
        if paths:
            event.acceptProposedAction()
            self.import_paths(paths)

    def import_paths(self, paths: list[Path], accept_new_keys: tuple[str, ...] = ()) -> None:
        db = self.context.db
        self.ui.import_button.setEnabled(False)
        self._paths = list(paths)
        self.operation = run_operation(self, f"Đang kiểm tra và nhập {len(paths)} tệp dữ liệu…",
                                       lambda progress: consolidate_files(db, paths, progress, accept_new_keys),
                                       on_success=self._imported, on_failure=self._failed)

    def _offer_new_keys(self, result: ConsolidationResult) -> bool:
        """Files refused only because another key signed them: ask, unit by unit, whether the
        unit's new key is accepted (an audited decision); if any is, import those files again."""
        changed = [o for o in result.outcomes if o.key_changed and o.unit_code]
        accepted = []
        for outcome in changed:
            if self.confirm(f"{outcome.reason}\n\nĐã xác nhận với đơn vị {outcome.unit_code} rằng đơn vị đổi khóa "
                            "ký (máy mới, cài lại phần mềm)? Chấp nhận khóa mới và nhận tệp này?"):
                accepted.append(outcome)
        if not accepted:
            return False
        names = {o.name for o in accepted}
        paths = [p for p in getattr(self, "_paths", []) if p.name in names]
        if not paths:
            return False
        self.import_paths(paths, tuple(sorted({o.unit_code for o in accepted if o.unit_code})))
        return True

    # --- withdrawing ----------------------------------------------------------------------
    def selected_unit(self) -> UnitIndicators | None:
        rows = self.ui.units_table.selectionModel().selectedRows() if self.ui.units_table.selectionModel() else []
        return self.units.rows[rows[0].row()] if rows else None

    def withdraw_selected(self) -> None:
        unit = self.selected_unit()
        if unit is None:
            self.tell("Hãy chọn một đơn vị trong bảng tổng hợp trước.")
            return
        reason = self.ask_reason(f"Rút tệp {unit.code} kỳ {self.period} (lần sửa đổi {unit.revision}). Lý do:")
        if reason is None:
            return
        try:
            result = withdraw_submission(self.context.db, unit.code, self.period, reason)
        except ServiceError as exc:
            self.tell(str(exc))
            return
        back = (f"lần sửa đổi {result.current_revision} được dùng lại" if result.current_revision is not None
                else "kỳ này không còn tệp nào của đơn vị")
        self.context.status_message.emit(f"Đã rút tệp {result.unit_code} lần sửa đổi {result.withdrawn_revision}; "
                                         f"{back}.")
        self.reload()
        self.context.notify("consolidation")

    def _imported(self, result: ConsolidationResult) -> None:
        self.ui.import_button.setEnabled(True)
        outcomes: list[FileOutcome] = list(result.outcomes)
        self.results.set_rows(outcomes)
        refused = result.count(REFUSED)
        self.ui.results_summary.setText(
            f"Đã xử lý {group_thousands(len(outcomes))} tệp: nhận {group_thousands(len(outcomes) - refused)} "
            f"(trong đó thay bản cũ {group_thousands(result.count('replaced'))}), từ chối {group_thousands(refused)}.")
        self.ui.tabs.setCurrentWidget(self.ui.results_tab)
        periods = {o.period for o in outcomes if o.status != REFUSED and o.period}
        if len(periods) == 1:
            index = self.ui.period_combo.findData(periods.pop())
            if index >= 0 and index != self.ui.period_combo.currentIndex():
                self.ui.period_combo.setCurrentIndex(index)  # reloads
        self.reload()
        self.context.notify("consolidation")
        self._offer_new_keys(result)

    def _failed(self, message: str) -> None:
        self.ui.import_button.setEnabled(True)
        self.tell(message)

    # --- reports ------------------------------------------------------------------------
    def save_report(self, suffix: str) -> None:
        if not self.all_units:
            self.tell("Chưa có đơn vị nào gửi tệp dữ liệu của kỳ này.")
            return
        pattern = "Tệp PDF (*.pdf)" if suffix == ".pdf" else "Bảng tính Excel (*.xlsx)"
        path = self.ask_save_path(str(Path.home() / f"tong-hop_{self.period}{suffix}"), pattern)
        if not path:
            return
        target = Path(path if path.lower().endswith(suffix) else path + suffix)
        db, period = self.context.db, self.period

        def work(_progress):  # type: ignore[no-untyped-def]
            from kh06_desktop.reports.consolidated import consolidated_pdf, consolidated_xlsx
            from kh06_desktop.services.exchange.consolidated_report import consolidated_report_data

            data = consolidated_report_data(db, period)
            target.write_bytes(consolidated_pdf(data) if suffix == ".pdf" else consolidated_xlsx(data))
            return target

        self.operation = run_operation(self, "Đang lập báo cáo tổng hợp…", work,
                                       on_success=lambda p: self.context.status_message.emit(f"Đã ghi {p}"),
                                       on_failure=self.tell)
