"""The hardship page around real services: record a case and its support, see the totals and
indicator 3 change; invalid amounts are marked in the dialog."""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QDialog

from kh06_desktop.domain.periods import Period
from kh06_desktop.domain.validation import validate_member
from kh06_desktop.services.activities import hardship
from kh06_desktop.services.members import members as member_service
from kh06_desktop.ui.activities import common
from kh06_desktop.ui.activities.attendee_picker import AttendeePicker
from kh06_desktop.ui.activities.hardship_dialogs import CaseDialog, SupportDialog
from kh06_desktop.ui.activities.hardship_page import HardshipPage
from kh06_desktop.ui.context import AppContext


@pytest.fixture
def context(db, unit):  # type: ignore[no-untyped-def]
    ids = {}
    for name, group in (("Hoàng Thị Nga", "Tổ Đóng gói"), ("Bùi Văn Long", "Tổ Cơ khí")):
        result = validate_member({"full_name": name, "gender": "Nữ", "group_name": group, "join_date": "01/03/2015"})
        ids[name] = member_service.create_member(db, unit.id, result.draft)
    ctx = AppContext(db)
    ctx.set_period(Period.parse("2025"))
    ctx.ids = ids  # type: ignore[attr-defined]
    return ctx


@pytest.fixture
def page(qtbot, context):  # type: ignore[no-untyped-def]
    widget = HardshipPage(context)
    qtbot.addWidget(widget)
    widget.resize(1200, 700)
    widget.show()
    widget.activate()
    return widget


def indicator_3(context):  # type: ignore[no-untyped-def]
    indicators = pytest.importorskip("kh06_desktop.services.indicators.indicators")
    report = indicators.compute_indicators(context.db, context.unit_id, context.period)
    item = next(i for i in report.indicators if i.id == "3")
    return item.numerator, item.denominator


def test_record_case_and_support_changes_indicator_3(qtbot, page, context, monkeypatch):  # type: ignore[no-untyped-def]
    assert indicator_3(context) == (0, 0)

    def pick_nga(picker: AttendeePicker) -> bool:
        qtbot.keyClicks(picker.ui.search_edit, "hoang thi nga")
        picker.take_selected()  # the single match is selected already
        return picker.result() == QDialog.DialogCode.Accepted

    def run(dialog):  # type: ignore[no-untyped-def]
        if isinstance(dialog, CaseDialog):
            monkeypatch.setattr(dialog, "run_picker", pick_nga)
            dialog.ui.member_button.click()
            assert dialog.ui.member_edit.text() == "Hoàng Thị Nga"
            common.set_widget_text(dialog.ui.reason_combo, "Ốm đau dài ngày")
            common.set_widget_text(dialog.ui.opened_on_edit, "03/03/2025")
            common.set_widget_text(dialog.ui.details_edit, "Điều trị dài ngày tại bệnh viện tỉnh")
        else:
            assert isinstance(dialog, SupportDialog)
            common.set_widget_text(dialog.ui.date_edit, "05/03/2025")
            dialog.ui.kind_combo.setCurrentIndex(dialog.ui.kind_combo.findData("gift"))
            common.set_widget_text(dialog.ui.value_vnd_edit, "1500000")
            dialog.ui.value_vnd_edit.editingFinished.emit()
            assert dialog.ui.value_vnd_edit.text() == "1.500.000"
            common.set_widget_text(dialog.ui.fund_source_combo, "Quỹ xã hội công đoàn")
        dialog.try_save()
        return dialog.result() == QDialog.DialogCode.Accepted

    monkeypatch.setattr(page, "run_dialog", run)
    page.add_case()
    assert page.cases.rowCount() == 1
    assert page.cases.index(0, 5).data() == "Chưa thăm hỏi, hỗ trợ"
    assert indicator_3(context) == (0, 1)
    page.add_support()
    assert page.cases.index(0, 5).data() == "Đã hỗ trợ 1 lần"
    assert page.cases.index(0, 6).data() == "1.500.000 đ"
    assert page.support.index(0, 1).data() == "Tặng quà"
    assert page.support.index(0, 3).data() == "Quỹ xã hội công đoàn"
    assert page.ui.support_total_label.text() == "1 lần, tổng 1.500.000 đ"
    assert "đã hỗ trợ 1, chưa hỗ trợ 0 — tổng giá trị 1.500.000 đ" in page.ui.totals_label.text()
    assert indicator_3(context) == (1, 1)
    case = hardship.get_case(context.db, page.cases.row_at(0).id)
    assert case.details == "Điều trị dài ngày tại bệnh viện tỉnh"


def test_unsupported_filter_and_bad_amount(qtbot, page, context):  # type: ignore[no-untyped-def]
    long_id = context.ids["Bùi Văn Long"]
    a = hardship.create_case(context.db, context.unit_id, member_id=long_id, reason="Tai nạn lao động",
                             opened_on="10/04/2025")
    b = hardship.create_case(context.db, context.unit_id, member_id=context.ids["Hoàng Thị Nga"],
                             reason="Thiên tai, bão lũ", opened_on="12/09/2025")
    hardship.add_support(context.db, b, date="13/09/2025", kind="allowance", value_vnd=2_000_000)
    page.reload()
    assert page.cases.rowCount() == 2
    page.ui.unsupported_check.setChecked(True)
    assert [r.id for r in page.cases.rows] == [a]
    assert "chưa hỗ trợ 1" in page.ui.totals_label.text()
    dialog = SupportDialog(context, a, None, page)
    qtbot.addWidget(dialog)
    common.set_widget_text(dialog.ui.date_edit, "09/04/2025")
    common.set_widget_text(dialog.ui.value_vnd_edit, "-200")
    dialog.try_save()
    assert dialog.result() != QDialog.DialogCode.Accepted
    assert dialog.error_text("date") == "Ngày hỗ trợ trước ngày ghi nhận hoàn cảnh (10/04/2025)"
    assert dialog.error_text("value_vnd") == "Số tiền không được âm"
    assert hardship.list_support(context.db, a) == []
