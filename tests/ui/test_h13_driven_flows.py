"""Bugs found by driving the real window (helper H13): each test pins one fix."""

from __future__ import annotations

from pathlib import Path

import pytest

from kh06_desktop.ui.context import AppContext
from kh06_desktop.ui.members.import_wizard import ImportWizard

MESSY = Path(__file__).resolve().parents[1] / "fixtures" / "messy"


@pytest.fixture
def context(db, unit) -> AppContext:  # type: ignore[no-untyped-def]
    return AppContext(db)


def test_import_confirmation_names_the_count_of_the_file_chosen_last(qtbot, context: AppContext) -> None:  # type: ignore[no-untyped-def]
    wizard = ImportWizard(context)
    qtbot.addWidget(wizard)
    wizard.show()
    wizard.check_file(MESSY / "tieu_de_nhom.xlsx")
    qtbot.waitUntil(lambda: not wizard.busy and wizard.step == 1, timeout=10_000)
    first = wizard.plan
    assert first is not None and first.ok
    assert f"nhập {first.valid_count} đoàn viên" in wizard.ui.confirm_check.text()
    # A second file that cannot be imported: the checkbox must not keep the first file's count.
    wizard.check_file(MESSY / "dong_loi.xlsx")
    qtbot.waitUntil(lambda: not wizard.busy and wizard.plan is not first, timeout=10_000)
    second = wizard.plan
    assert second is not None and not second.ok and second.valid_count != first.valid_count
    assert f"nhập {second.valid_count} đoàn viên" in wizard.ui.confirm_check.text()
    assert not wizard.ui.import_button.isEnabled()


@pytest.fixture
def reports_page(qtbot, db, unit):  # type: ignore[no-untyped-def]
    from kh06_desktop.domain.periods import Period
    from kh06_desktop.ui.reports.reports_page import ReportsPage
    from tests.reports.conftest import PERIOD, populate

    populate(db, unit.id)
    context = AppContext(db)
    context.set_period(Period.parse(PERIOD))
    widget = ReportsPage(context)
    qtbot.addWidget(widget)
    widget.resize(1200, 800)
    widget.show()
    widget.activate()
    return widget


def test_closing_the_period_refreshes_the_preview_shown(qtbot, reports_page, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """The preview said «chưa chốt» next to a panel saying the period was closed."""
    from PySide6.QtWidgets import QMessageBox

    from tests.reports.conftest import pdf_text

    page = reports_page
    page.ui.preview_button.click()
    qtbot.waitUntil(lambda: page.last is not None, timeout=20000)
    first = page.last
    assert "chưa chốt" in " ".join(pdf_text(first.pdf))
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.Yes)
    warnings: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: warnings.append(a[2]))
    page.ui.close_period_button.click()
    qtbot.waitUntil(lambda: page.last is not first, timeout=20000)
    text = " ".join(pdf_text(page.last.pdf))
    assert "chưa chốt" not in text and "đã chốt" in text
    assert warnings == []  # previewing a closed period is not an edit to refuse
