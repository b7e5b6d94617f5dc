"""The activities page (seven solution groups) and the study sessions page around real services."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog

from kh06_desktop.domain.periods import Period
from kh06_desktop.domain.validation import validate_member
from kh06_desktop.services.activities import activities, studies
from kh06_desktop.services.members import members as member_service
from kh06_desktop.ui.activities import common
from kh06_desktop.ui.activities.activities_page import ActivitiesPage, ActivityDialog
from kh06_desktop.ui.activities.studies_page import StudiesPage, StudyDialog
from kh06_desktop.ui.context import AppContext


@pytest.fixture
def context(db, unit):  # type: ignore[no-untyped-def]
    for name, group in (("Đặng Thị Mai", "Tổ Kho vận"), ("Vũ Thị Thu", "Tổ Kho vận"), ("Ngô Văn Yên", None)):
        result = validate_member({"full_name": name, "gender": "Nữ", "group_name": group, "join_date": "01/03/2015"})
        member_service.create_member(db, unit.id, result.draft)
    ctx = AppContext(db)
    ctx.set_period(Period.parse("2025"))
    return ctx


def test_activities_page_create_filter_and_summary(qtbot, context, monkeypatch):  # type: ignore[no-untyped-def]
    page = ActivitiesPage(context)
    qtbot.addWidget(page)
    page.show()
    assert page.ui.group_filter.count() == 8
    assert page.ui.group_filter.itemText(1) == "1. Quán triệt Nghị quyết 02-NQ/TW"

    def run(dialog: ActivityDialog) -> bool:
        common.set_widget_text(dialog.ui.date_edit, "20/03/2025")
        dialog.ui.group_combo.setCurrentIndex(dialog.ui.group_combo.findData(1))
        common.set_widget_text(dialog.ui.text_edit, "Tổ chức hội nghị quán triệt Nghị quyết 02-NQ/TW cho 85 đoàn viên")
        dialog.try_save()
        return dialog.result() == QDialog.DialogCode.Accepted

    monkeypatch.setattr(page, "run_dialog", run)
    page.add_activity()
    activities.create_activity(context.db, context.unit_id, date="10/07/2025", solution_group=6,
                               text="Thu kinh phí công đoàn đầy đủ, đúng hạn")
    page.reload()
    assert [page.model.index(r, 1).data() for r in range(page.model.rowCount())] == [
        "1. Quán triệt Nghị quyết 02-NQ/TW", "6. Xây dựng nguồn lực tài chính"]
    assert "nhóm 1: 1 · nhóm 2: 0" in page.ui.summary_label.text()
    assert page.ui.summary_label.text().endswith("Chưa có hoạt động ở nhóm 2, 3, 4, 5, 7.")
    page.ui.group_filter.setCurrentIndex(6)
    assert page.model.rowCount() == 1 and page.model.row_at(0).solution_group == 6
    monkeypatch.setattr(common, "ask", lambda *_a: True)
    page.ui.activity_table.selectRow(0)
    qtbot.keyClick(page.ui.activity_table, Qt.Key.Key_Delete)
    assert [r.solution_group for r in activities.list_activities(context.db, context.unit_id)] == [1]


def test_activity_dialog_requires_group_and_text(qtbot, context):  # type: ignore[no-untyped-def]
    dialog = ActivityDialog(context)
    qtbot.addWidget(dialog)
    common.set_widget_text(dialog.ui.date_edit, "20/03/2025")
    dialog.try_save()
    assert dialog.error_text("solution_group") == "Chưa chọn nhóm giải pháp"
    assert dialog.error_text("text") == "Chưa nhập nội dung hoạt động"


def test_studies_page_session_with_non_members_and_whole_group(qtbot, context, monkeypatch):  # type: ignore[no-untyped-def]
    page = StudiesPage(context)
    qtbot.addWidget(page)
    page.show()

    def run(dialog):  # type: ignore[no-untyped-def]
        if isinstance(dialog, StudyDialog):
            common.set_widget_text(dialog.ui.topic_combo, "Quán triệt Nghị quyết 02-NQ/TW")
            common.set_widget_text(dialog.ui.date_edit, "15/04/2025")
            common.set_widget_text(dialog.ui.place_edit, "Hội trường công ty")
            dialog.ui.non_member_count_spin.setValue(12)
            dialog.try_save()
        else:
            combo = dialog.ui.group_combo
            combo.setCurrentIndex(combo.findText("Tổ Kho vận (2)"))
            dialog.take_group()
        return dialog.result() == QDialog.DialogCode.Accepted

    monkeypatch.setattr(page, "run_dialog", run)
    page.add_event()
    page.pick_attendees()
    assert [a.full_name for a in page.attendees.rows] == ["Đặng Thị Mai", "Vũ Thị Thu"]
    row = page.model.row_at(0)
    assert (row.member_count, row.non_member_count, row.total) == (2, 12, 14)
    assert page.model.index(0, 5).data() == "14"
    assert studies.get_study(context.db, row.id).member_count == 2
