"""Bugs found by driving the real window (helper H13): each test pins one fix."""

from __future__ import annotations

from pathlib import Path

import pytest

from kh06_desktop.ui.context import AppContext
from kh06_desktop.ui.members.import_wizard import ImportWizard

MESSY = Path(__file__).resolve().parents[1] / "fixtures" / "messy"


@pytest.fixture
def context(db, unit, monkeypatch: pytest.MonkeyPatch) -> AppContext:  # type: ignore[no-untyped-def]
    # The messy sheets are titled for other unions: the wizard's question is answered «Có» here
    # (tests/ui/test_update_wizard.py covers the question itself).
    monkeypatch.setattr(ImportWizard, "ask_other_union", lambda _self, _line: True)
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
def women_context(db, unit):  # type: ignore[no-untyped-def]
    from kh06_desktop.domain.periods import Period
    from kh06_desktop.domain.validation import validate_member
    from kh06_desktop.services.members import members as member_service

    ids = {}
    for given in ("Hoa", "Lan", "Mai", "Cúc", "Đào", "Huệ", "Hồng", "Nga", "Thảo", "Yến", "Vân", "Xuân"):
        result = validate_member({"full_name": f"Nguyễn Thị Thanh {given}", "gender": "Nữ",
                                  "join_date": "01/03/2015", "group_name": "Phân xưởng Sơn tĩnh điện"})
        ids[given] = member_service.create_member(db, unit.id, result.draft)
    for i, name in enumerate(["Trần Văn Dũng", "Lê Văn Minh", "Phạm Văn Hải", "Vũ Văn Tùng", "Đỗ Văn Quang"]):
        result = validate_member({"full_name": name, "gender": "Nam", "join_date": "01/03/2015",
                                  "roles": "Chủ tịch" if i == 0 else "Ủy viên BCH"})
        member_service.create_member(db, unit.id, result.draft)
    context = AppContext(db)
    context.set_period(Period.parse("2025"))
    context.ids = ids  # type: ignore[attr-defined]
    return context


@pytest.fixture
def women_page(qtbot, women_context):  # type: ignore[no-untyped-def]
    from kh06_desktop.ui.activities.women_page import WomenCommitteePage

    widget = WomenCommitteePage(women_context)
    qtbot.addWidget(widget)
    widget.resize(1200, 760)
    widget.show()
    widget.activate()
    return widget


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
    # The rebuilt preview writes nothing: the last change-log entry is the closing itself.
    from kh06_desktop.services.protect.audit_query import query_audit

    assert query_audit(page.context.db)[0].action == "close"


def test_women_page_long_date_error_wraps_instead_of_widening_the_page(qtbot, women_page) -> None:  # type: ignore[no-untyped-def]
    """A long wrong date once pushed the page wider than the window and squeezed the sidebar."""
    ui = women_page.ui
    width_before = women_page.minimumSizeHint().width()
    ui.established_check.setChecked(True)
    ui.decision_date_edit.setText("08/10/2024 15/03/2026 theo công văn số 123/CV-CĐCT của công đoàn cấp trên")
    assert women_page.save() is False
    assert ui.decision_date_error.text() and ui.decision_date_error.wordWrap()
    assert ui.decision_number_error.wordWrap()
    assert women_page.minimumSizeHint().width() <= width_before


def test_women_committee_names_are_shown_in_full(qtbot, women_page, women_context) -> None:  # type: ignore[no-untyped-def]
    ids = women_context.ids
    ui = women_page.ui
    ui.established_check.setChecked(True)
    ui.decision_number_edit.setText("12/QĐ-CĐCS")
    ui.decision_date_edit.setText("15/03/2025")
    assert women_page.save() is True
    women_page.resize(1100, 700)
    ui.role_combo.setCurrentIndex(0)

    def choose(picker):  # type: ignore[no-untyped-def]
        picker.ui.search_edit.setText("thi hoa")
        picker.take_selected()
        return True

    women_page.run_dialog = choose
    women_page.add_member()
    assert ids["Hoa"] in [m.member_id for m in women_page.members.rows]
    table = ui.member_table
    qtbot.waitUntil(lambda: table.columnWidth(0) > 0)
    name = women_page.members.index(0, 0).data()
    assert table.columnWidth(0) >= table.fontMetrics().horizontalAdvance(name)
    group = women_page.members.rows[0].group_name or ""
    assert women_page.members.index(0, 2).data(0x03) == group  # ToolTipRole: the cut group name in full


def test_import_issue_table_fills_its_width_after_a_second_file(qtbot, context: AppContext) -> None:  # type: ignore[no-untyped-def]
    wizard = ImportWizard(context)
    qtbot.addWidget(wizard)
    wizard.resize(980, 640)
    wizard.show()
    for name in ("tieu_de_nhom.xlsx", "nhieu_trang.xlsx"):
        previous = wizard.plan
        wizard.check_file(MESSY / name)
        qtbot.waitUntil(lambda p=previous: not wizard.busy and wizard.plan is not p, timeout=10_000)
        wizard.ui.review_tabs.setCurrentWidget(wizard.ui.warnings_tab)
    table = wizard.ui.warnings_table
    qtbot.waitUntil(lambda: table.isVisible())
    header = table.horizontalHeader()
    used = sum(header.sectionSize(i) for i in range(header.count()))
    assert used >= table.viewport().width() - 2


def test_import_reasons_wrap_so_they_are_read_in_full(qtbot, context: AppContext) -> None:  # type: ignore[no-untyped-def]
    wizard = ImportWizard(context)
    qtbot.addWidget(wizard)
    wizard.resize(980, 640)
    wizard.show()
    wizard.check_file(MESSY / "tieu_de_nhom.xlsx")
    qtbot.waitUntil(lambda: not wizard.busy and wizard.step == 1, timeout=10_000)
    wizard.ui.review_tabs.setCurrentWidget(wizard.ui.warnings_tab)
    table = wizard.ui.warnings_table
    model = table.model()
    longest = max(range(model.rowCount()), key=lambda r: len(model.index(r, 3).data()))
    width = table.columnWidth(3)
    needed = table.fontMetrics().horizontalAdvance(model.index(longest, 3).data())
    assert needed > width  # the sentence does not fit on one line here…
    assert table.wordWrap()
    qtbot.waitUntil(lambda: table.rowHeight(longest) >= 2 * table.fontMetrics().height())  # …so it takes two
