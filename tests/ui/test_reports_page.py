"""The reports page around real services: preview, save, print to a PDF file, close and reopen."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import QDialog, QFileDialog, QMessageBox

from kh06_desktop.domain.periods import Period
from kh06_desktop.services.periods.period_close import get_period_state
from kh06_desktop.services.reports.report_data import list_printed
from kh06_desktop.ui.context import AppContext
from kh06_desktop.ui.reports.reports_page import ReportsPage
from tests.reports.conftest import PERIOD, pdf_text, populate


@pytest.fixture
def page(qtbot, db, unit):  # type: ignore[no-untyped-def]
    populate(db, unit.id)
    context = AppContext(db)
    context.set_period(Period.parse(PERIOD))
    widget = ReportsPage(context)
    qtbot.addWidget(widget)
    widget.resize(1200, 800)
    widget.show()
    widget.activate()
    return widget


def choose(page: ReportsPage, kind: str) -> None:
    page.ui.kind_combo.setCurrentIndex(page.ui.kind_combo.findData(kind))


def test_preview_shows_the_period_report_and_keeps_details(qtbot, page, db, unit) -> None:  # type: ignore[no-untyped-def]
    assert page.period == PERIOD and page.kind == "period"
    assert page.ui.signer_name_edit.text() == "Trần Văn Dũng"
    page.ui.number_edit.setText("15/BC-CĐCS")
    page.ui.proposals_edit.setPlainText("Đề nghị mở lớp tập huấn cho tổ trưởng mới.")
    page.ui.preview_button.click()
    qtbot.waitUntil(lambda: page.last is not None, timeout=20000)
    assert page.preview.pdf_document.pageCount() >= 2
    assert "Đề nghị mở lớp tập huấn cho tổ trưởng mới." in " ".join(pdf_text(page.last.pdf))
    assert page.last.record_id is None  # a preview is not a print
    state = get_period_state(db, unit.id, PERIOD)
    assert state.report_number == "15/BC-CĐCS" and state.proposals == "Đề nghị mở lớp tập huấn cho tổ trưởng mới."
    assert "mã dữ liệu" in page.ui.status_label.text()


def test_event_choice_appears_for_attendance_sheets(page) -> None:  # type: ignore[no-untyped-def]
    choose(page, "training")
    assert not page.ui.event_combo.isHidden()
    assert "Tập huấn nghiệp vụ công tác công đoàn năm 2025" in page.ui.event_combo.currentText()
    assert not page.ui.proposals_edit.isEnabled()
    choose(page, "roster")
    assert page.ui.event_combo.isHidden()


def test_save_pdf_writes_the_file_and_records_it(qtbot, page, db, unit, tmp_path: Path,  # type: ignore[no-untyped-def]
                                                 monkeypatch) -> None:
    target = tmp_path / "danh-sach.pdf"
    monkeypatch.setattr(QFileDialog, "getSaveFileName", lambda *a, **k: (str(target), "Tệp PDF (*.pdf)"))
    choose(page, "roster")
    page.ui.save_pdf_button.click()
    qtbot.waitUntil(target.exists, timeout=20000)
    assert "DANH SÁCH ĐOÀN VIÊN" in pdf_text(target.read_bytes())[0]
    assert [r.kind for r in list_printed(db, unit.id, PERIOD)] == ["roster"]


def test_print_paints_every_page(qtbot, page, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "printed.pdf"

    def accept(dialog: QPrintDialog) -> int:
        printer = dialog.printer()
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(out))
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(QPrintDialog, "exec", accept)
    choose(page, "hardship")
    page.ui.print_button.click()
    qtbot.waitUntil(lambda: "máy in" in page.ui.status_label.text(), timeout=20000)
    assert page.printer is not None  # the page keeps its printer
    assert out.exists() and out.stat().st_size > 1000


def test_close_and_reopen_with_confirmation(page, db, unit, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.No)
    page.ui.close_period_button.click()
    assert not get_period_state(db, unit.id, PERIOD).closed  # declined: nothing changes
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    page.ui.close_period_button.click()
    assert get_period_state(db, unit.id, PERIOD).closed
    assert "đã chốt số liệu" in page.ui.state_label.text()
    assert page.ui.reopen_period_button.isEnabled() and not page.ui.close_period_button.isEnabled()
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: QMessageBox.StandardButton.Yes)
    page.ui.reopen_period_button.click()
    state = get_period_state(db, unit.id, PERIOD)
    assert not state.closed and state.revision == 2
    assert "lần 2" in page.ui.state_label.text()


def test_a_failure_is_shown_in_vietnamese(qtbot, page, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _parent, _title, text, *a: shown.append(text))
    choose(page, "study")
    page.ui.period_combo.setCurrentIndex(page.ui.period_combo.findData("2024H1"))
    page.ui.preview_button.click()
    qtbot.waitUntil(lambda: bool(shown), timeout=20000)
    assert "chưa có buổi học tập" in shown[0]


def test_assessment_suggestion_and_report_options(page) -> None:  # type: ignore[no-untyped-def]
    """Part IV is suggested from the figures and editable; the gap annex and health details are options."""
    choose(page, "period")
    page.ui.suggest_assessment_button.click()
    assert "Phương hướng kỳ tới" in page.ui.assessment_edit.toPlainText()
    page.ui.with_gaps_check.setChecked(True)
    request = page.request(record=False)
    assert request.with_gaps and request.assessment and not request.with_health_details
    choose(page, "hardship")
    page.ui.health_details_check.setChecked(True)
    assert page.request(record=False).with_health_details
