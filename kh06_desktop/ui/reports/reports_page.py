"""The reports page: choose a report and its period, fill number, date, signer and proposals,
preview it inside the app, print it or save it as PDF, and close or reopen the period.

PDFs are built off the UI thread (run_operation). Proposals, number, date and signer of the
period report are kept with the period, so they come back the next time.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from PySide6.QtCore import QDate
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import QDialog, QFileDialog, QMessageBox, QWidget

from kh06_desktop.domain.formats import format_date
from kh06_desktop.domain.periods import Period, periods_around
from kh06_desktop.reports import GeneratedReport, ReportRequest, generate_report
from kh06_desktop.services.common.errors import ServiceError
from kh06_desktop.services.periods.closing import close_period
from kh06_desktop.services.periods.period_close import (
    PeriodState,
    ReportDetails,
    get_period_state,
    reopen_period,
    save_report_details,
)
from kh06_desktop.services.reports.report_data import KIND_LABELS, KINDS, DocumentRequest
from kh06_desktop.ui.context import AppContext
from kh06_desktop.ui.forms import load_form
from kh06_desktop.ui.operation import Operation, run_operation
from kh06_desktop.ui.reports.pdf_output import PdfPreview, print_document

TITLE = "KH06 Desktop"


class ReportsPage(QWidget):
    def __init__(self, context: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.ui = load_form("reports/reports_page.ui", self)
        self.pdf_document = QPdfDocument(self)  # created before the view, owned by the page
        self.preview = PdfPreview(self.pdf_document, self.ui.preview_host)
        self.ui.preview_layout.addWidget(self.preview)
        self.printer: QPrinter | None = None  # kept: a temporary printer under QPrintDialog crashes
        self.operation: Operation | None = None
        self.last: GeneratedReport | None = None
        self.state: PeriodState | None = None
        for kind in KINDS:
            self.ui.kind_combo.addItem(KIND_LABELS[kind], kind)
        for period in periods_around(dt.date.today()):
            self.ui.period_combo.addItem(period.label, period.code)
        self.ui.date_edit.setDate(QDate.currentDate())
        self.ui.kind_combo.currentIndexChanged.connect(self._kind_changed)
        self.ui.period_combo.currentIndexChanged.connect(self._period_changed)
        self.ui.preview_button.clicked.connect(self.show_preview)
        self.ui.print_button.clicked.connect(self.print_report)
        self.ui.save_pdf_button.clicked.connect(self.save_pdf)
        self.ui.close_period_button.clicked.connect(self.close_period)
        self.ui.suggest_assessment_button.clicked.connect(self.suggest_assessment)
        self.ui.reopen_period_button.clicked.connect(self.reopen_period)
        context.period_changed.connect(self._select_period)
        self._select_period(context.period)
        self._kind_changed()

    # -- choices -------------------------------------------------------------------------
    def activate(self) -> None:
        self._select_period(self.context.period)
        if self.state is None:
            self._load_state()

    @property
    def kind(self) -> str:
        return str(self.ui.kind_combo.currentData())

    @property
    def period(self) -> str:
        return str(self.ui.period_combo.currentData())

    def _select_period(self, period: Period) -> None:
        index = self.ui.period_combo.findData(period.code)
        if index < 0:
            self.ui.period_combo.addItem(period.label, period.code)
            index = self.ui.period_combo.count() - 1
        self.ui.period_combo.setCurrentIndex(index)

    def _kind_changed(self) -> None:
        is_event = self.kind in ("training", "study")
        self.ui.event_label.setVisible(is_event)
        self.ui.event_combo.setVisible(is_event)
        self.ui.proposals_label.setEnabled(self.kind == "period")
        self.ui.proposals_edit.setEnabled(self.kind == "period")
        self.ui.assessment_label.setEnabled(self.kind == "period")
        self.ui.assessment_edit.setEnabled(self.kind == "period")
        self.ui.with_gaps_check.setVisible(self.kind == "period")
        self.ui.suggest_assessment_button.setVisible(self.kind == "period")
        self.ui.health_details_check.setVisible(self.kind == "hardship")
        self._load_events()

    def _period_changed(self) -> None:
        self._load_state()
        self._load_events()

    def _load_events(self) -> None:
        combo = self.ui.event_combo
        combo.clear()
        if self.kind not in ("training", "study") or self.context.unit is None:
            return
        state = get_period_state(self.context.db, self.context.unit_id, self.period)
        if self.kind == "training":
            from kh06_desktop.services.activities.trainings import list_trainings

            for t in list_trainings(self.context.db, self.context.unit_id, state.start_date, state.end_date):
                combo.addItem(f"{format_date(t.start_date)} – {t.title}", t.id)
        else:
            from kh06_desktop.services.activities.studies import list_studies

            for s in list_studies(self.context.db, self.context.unit_id, state.start_date, state.end_date):
                combo.addItem(f"{format_date(s.date)} – {s.topic}", s.id)
        if combo.count() == 0:
            combo.addItem("(kỳ này chưa có)", None)

    def _load_state(self) -> None:
        if self.context.unit is None:
            return
        state = get_period_state(self.context.db, self.context.unit_id, self.period)
        self.state = state
        unit = self.context.unit
        self.ui.number_edit.setText(state.report_number or "")
        self.ui.proposals_edit.setPlainText(state.proposals or "")
        self.ui.assessment_edit.setPlainText(state.assessment or "")
        self.ui.signer_name_edit.setText(state.signer_name or unit.chair_name or "")
        self.ui.signer_title_edit.setText(state.signer_title or unit.chair_title or "Chủ tịch")
        if state.report_date:
            self.ui.date_edit.setDate(QDate(state.report_date.year, state.report_date.month, state.report_date.day))
        if state.closed:
            text = (f"Kỳ {state.label.lower()} đã chốt số liệu ngày {format_date(state.closed_at)} "
                    f"(lần {state.revision}). Sửa số liệu của kỳ cần mở lại kỳ.")
        else:
            text = (f"Kỳ {state.label.lower()} đang mở (lần {state.revision}); số liệu tính đến ngày "
                    f"{format_date(state.end_date)}. Chốt số liệu sau khi báo cáo đã ký.")
        self.ui.state_label.setText(text)
        self.ui.close_period_button.setEnabled(not state.closed)
        self.ui.reopen_period_button.setEnabled(state.closed)

    def suggest_assessment(self) -> None:
        """Fill part IV from the period's figures and activities, for the officer to edit."""
        if self.context.unit is None:
            return
        from kh06_desktop.services.reports.report_data import default_assessment, period_figures

        try:
            _state, figures = period_figures(self.context.db, self.context.unit_id, self.period)
        except ServiceError as exc:
            QMessageBox.warning(self, "Báo cáo", str(exc))
            return
        self.ui.assessment_edit.setPlainText(default_assessment(figures))

    # -- the request -------------------------------------------------------------------
    def request(self, record: bool) -> ReportRequest:
        date = self.ui.date_edit.date()
        is_event = self.kind in ("training", "study")
        document = DocumentRequest(
            number=self.ui.number_edit.text().strip() or None,
            # an attendance sheet is dated on its session's day
            date=None if is_event else dt.date(date.year(), date.month(), date.day()),
            place=self.ui.place_edit.text().strip() or None,
            signer_name=self.ui.signer_name_edit.text().strip() or None,
            signer_title=self.ui.signer_title_edit.text().strip() or None)
        proposals = self.ui.proposals_edit.toPlainText() if self.kind == "period" else None
        event_id = self.ui.event_combo.currentData() if self.kind in ("training", "study") else None
        assessment = self.ui.assessment_edit.toPlainText() if self.kind == "period" else None
        return ReportRequest(self.kind, self.period, document, proposals, event_id, record,
                             with_health_details=self.kind == "hardship" and self.ui.health_details_check.isChecked(),
                             with_gaps=self.kind == "period" and self.ui.with_gaps_check.isChecked(),
                             assessment=assessment or None)

    def _details(self, request: ReportRequest) -> ReportDetails:
        doc = request.document
        return ReportDetails(proposals=request.proposals, report_number=doc.number, report_date=doc.date,
                             signer_name=doc.signer_name, signer_title=doc.signer_title,
                             assessment=request.assessment)

    def generate(self, record: bool, then, keep_details: bool = True) -> None:  # type: ignore[no-untyped-def]
        """Build the chosen report off the UI thread, then call `then(report)` on the UI thread."""
        if self.context.unit is None:
            return
        request = self.request(record)
        db, unit_id = self.context.db, self.context.unit_id
        keep_details = keep_details and request.kind == "period"
        details = self._details(request)

        def work(progress):  # type: ignore[no-untyped-def]
            progress.report(0, 0, "Đang lập báo cáo…")
            if keep_details:  # proposals, number, date and signer stay with the period
                save_report_details(db, unit_id, request.period, details)
            return generate_report(db, unit_id, request)

        self._set_busy(True)
        self.operation = run_operation(self, "Đang lập báo cáo…", work,
                                       on_success=lambda report: self._generated(report, then),
                                       on_failure=self._failed)

    def _set_busy(self, busy: bool) -> None:
        for name in ("preview_button", "print_button", "save_pdf_button"):
            getattr(self.ui, name).setEnabled(not busy)

    def _generated(self, report: GeneratedReport, then) -> None:  # type: ignore[no-untyped-def]
        self._set_busy(False)
        self.last = report
        pages = self.preview.show_pdf(report.pdf)
        self.ui.status_label.setText(f"{KIND_LABELS[report.kind]} kỳ {report.period}: {pages} trang, lần "
                                     f"{report.stamp.revision}, mã dữ liệu {report.stamp.short}.")
        if then is not None:
            then(report)

    def _failed(self, message: str) -> None:
        self._set_busy(False)
        self.ui.status_label.setText(message)
        QMessageBox.warning(self, TITLE, message)

    # -- actions ---------------------------------------------------------------------------
    def show_preview(self) -> None:
        self.generate(False, None)

    def save_pdf(self) -> None:
        self.generate(True, self._ask_and_save)

    def _ask_and_save(self, report: GeneratedReport) -> None:
        path, _ = QFileDialog.getSaveFileName(self, "Lưu báo cáo PDF", str(Path.home() / report.file_name),
                                              "Tệp PDF (*.pdf)")
        if not path:
            return
        target = Path(path if path.lower().endswith(".pdf") else path + ".pdf")
        try:
            target.write_bytes(report.pdf)
        except OSError as exc:
            QMessageBox.warning(self, TITLE, f"Không ghi được tệp {target}: {exc.strerror}")
            return
        self.context.status_message.emit(f"Đã lưu {target}")
        self.ui.status_label.setText(f"Đã lưu {target} (lần {report.stamp.revision}, mã {report.stamp.short}).")

    def print_report(self) -> None:
        self.generate(True, self._print)

    def _print(self, report: GeneratedReport) -> None:
        if self.printer is None:
            self.printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        self.printer.setFullPage(True)  # the PDF carries its own margins
        self.printer.setDocName(report.file_name)
        dialog = QPrintDialog(self.printer, self)
        dialog.setWindowTitle("In báo cáo")
        if dialog.exec() != QDialog.DialogCode.Accepted:
            return
        try:
            pages = print_document(self.preview.pdf_document, self.printer)
        except OSError as exc:
            QMessageBox.warning(self, TITLE, str(exc))
            return
        self.ui.status_label.setText(f"Đã gửi {pages} trang tới máy in.")

    def close_period(self) -> None:
        label = Period.parse(self.period).label.lower()
        answer = QMessageBox.question(
            self, TITLE, f"Chốt số liệu kỳ {label}?\n\nSau khi chốt, các thay đổi làm sai số liệu của kỳ sẽ bị từ "
                         "chối cho tới khi mở lại kỳ. Nên chốt khi báo cáo đã được ký.")
        if answer != QMessageBox.StandardButton.Yes:
            return
        self._run_state_change(lambda: close_period(self.context.db, self.context.unit_id, self.period))

    def reopen_period(self) -> None:
        state = self.state
        revision = state.revision if state else 1
        answer = QMessageBox.warning(
            self, TITLE, f"Mở lại kỳ đã chốt (lần {revision})?\n\nSố liệu sửa sau đây thuộc lần {revision + 1}: "
                         "báo cáo và tệp dữ liệu gửi lại sẽ thay thế lần trước.",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, QMessageBox.StandardButton.No)
        if answer != QMessageBox.StandardButton.Yes:
            return
        self._run_state_change(lambda: reopen_period(self.context.db, self.context.unit_id, self.period,
                                                     confirmed=True))

    def _run_state_change(self, change) -> None:  # type: ignore[no-untyped-def]
        try:
            change()
        except ServiceError as exc:
            QMessageBox.warning(self, TITLE, str(exc))
        self._load_state()
        self.context.notify("periods")
        if self.last is not None and self.last.period == self.period:
            # The preview shown carries the period's stamp («chưa chốt», «đã chốt, lần 2»): rebuild it,
            # without saving the signer/number again (nothing changed; no change-log entry for it).
            self.generate(False, None, keep_details=False)
