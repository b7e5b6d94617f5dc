"""The trainings page around real services: create a training, add attendees by search and by
whole group, import a list, and see indicator 4a (BCH members trained) change."""

from __future__ import annotations

import openpyxl
import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog
from sqlalchemy import select

from kh06_desktop.domain.periods import Period
from kh06_desktop.domain.validation import validate_member
from kh06_desktop.services.activities import trainings
from kh06_desktop.services.members import members as member_service
from kh06_desktop.store.models import TrainingAttendee
from kh06_desktop.ui.activities import common, event_page
from kh06_desktop.ui.activities.attendee_picker import AttendeePicker
from kh06_desktop.ui.activities.trainings_page import TrainingDialog, TrainingsPage
from kh06_desktop.ui.context import AppContext

PEOPLE = [
    ("Trần Văn Dũng", "Nam", "03/09/1980", "Tổ Văn phòng", "Chủ tịch"),
    ("Nguyễn Thị Hoa", "Nữ", "12/04/1988", "Tổ Văn phòng", "Ủy viên BCH"),
    ("Lê Văn Minh", "Nam", "21/11/1985", "Tổ Cơ khí", "Ủy viên BCH"),
    ("Phạm Thị Thu", "Nữ", "15/06/1992", "Tổ Cơ khí", "Tổ trưởng"),
    ("Đỗ Văn Hùng", "Nam", "01/01/1990", "Tổ Cơ khí", None),
]


def add(db, unit_id, name, gender, birth, group, roles):  # type: ignore[no-untyped-def]
    result = validate_member({"full_name": name, "gender": gender, "birth_date": birth, "group_name": group,
                              "roles": roles, "join_date": "01/03/2015"})
    assert result.draft is not None, result.errors
    return member_service.create_member(db, unit_id, result.draft)


@pytest.fixture
def context(db, unit):  # type: ignore[no-untyped-def]
    ids = {p[0]: add(db, unit.id, *p) for p in PEOPLE}
    ctx = AppContext(db)
    ctx.set_period(Period.parse("2025"))
    ctx.ids = ids  # type: ignore[attr-defined]
    return ctx


@pytest.fixture
def page(qtbot, context):  # type: ignore[no-untyped-def]
    widget = TrainingsPage(context)
    qtbot.addWidget(widget)
    widget.resize(1200, 700)
    widget.show()
    widget.activate()
    return widget


def indicator_4a(context):  # type: ignore[no-untyped-def]
    indicators = pytest.importorskip("kh06_desktop.services.indicators.indicators")
    report = indicators.compute_indicators(context.db, context.unit_id, context.period)
    item = next(i for i in report.indicators if i.id == "4a")
    return item.numerator, item.denominator


def fill_and_save(dialog: TrainingDialog, **values: str) -> None:
    for name, text in values.items():
        common.set_widget_text(dialog.field(name), text)
    dialog.try_save()


def test_create_training_add_by_search_and_by_group(qtbot, page, context, monkeypatch):  # type: ignore[no-untyped-def]
    assert indicator_4a(context) == (0, 3)
    notified = []
    context.data_changed.connect(notified.append)

    def run_training_dialog(dialog):  # type: ignore[no-untyped-def]
        if isinstance(dialog, TrainingDialog):
            fill_and_save(dialog, title="Tập huấn nghiệp vụ công tác công đoàn năm 2025", level="Công đoàn cấp trên "
                          "trực tiếp", start_date="12/03/2025", end_date="13/03/2025", place="Hội trường tầng 3")
            return dialog.result() == QDialog.DialogCode.Accepted
        # The attendee picker: search without diacritics and pick the one match.
        assert isinstance(dialog, AttendeePicker)
        qtbot.keyClicks(dialog.ui.search_edit, "nguyen thi hoa")
        assert dialog.model.rowCount() == 1
        qtbot.keyClick(dialog.ui.search_edit, Qt.Key.Key_Return)  # Enter in the search picks the one match
        assert dialog.chosen_ids == [context.ids["Nguyễn Thị Hoa"]]
        return dialog.result() == QDialog.DialogCode.Accepted

    monkeypatch.setattr(page, "run_dialog", run_training_dialog)
    page.add_event()
    assert page.model.rowCount() == 1
    row = page.model.row_at(0)
    assert row.title == "Tập huấn nghiệp vụ công tác công đoàn năm 2025"
    assert page.ui.count_label.text() == "1 lớp tập huấn trong kỳ"
    assert "trainings" in notified
    page.ui.event_table.selectRow(0)
    page.pick_attendees()
    hoa = context.ids["Nguyễn Thị Hoa"]
    assert [a.member_id for a in page.attendees.rows] == [hoa]
    assert indicator_4a(context) == (1, 3)

    # Whole group: "Tổ Cơ khí" brings Minh (BCH), Thu and Hùng.
    def run_group_picker(dialog):  # type: ignore[no-untyped-def]
        combo = dialog.ui.group_combo
        combo.setCurrentIndex(next(i for i in range(combo.count()) if combo.itemText(i).startswith("Tổ Cơ khí")))
        assert dialog.model.rowCount() == 3
        dialog.ui.add_group_button.click()
        return dialog.result() == QDialog.DialogCode.Accepted

    monkeypatch.setattr(page, "run_dialog", run_group_picker)
    page.pick_attendees()
    with context.db.reading() as s:
        attended = set(s.scalars(select(TrainingAttendee.member_id).where(TrainingAttendee.training_id == row.id)))
    assert attended == {hoa, context.ids["Lê Văn Minh"], context.ids["Phạm Thị Thu"], context.ids["Đỗ Văn Hùng"]}
    assert page.ui.attendee_count_label.text() == "4 đoàn viên"
    assert page.model.row_at(0).attendee_count == 4
    assert indicator_4a(context) == (2, 3)


def test_dialog_marks_invalid_fields_in_vietnamese(qtbot, context):  # type: ignore[no-untyped-def]
    dialog = TrainingDialog(context)
    qtbot.addWidget(dialog)
    fill_and_save(dialog, title="", start_date="12/13/2025", end_date="")
    assert dialog.result() != QDialog.DialogCode.Accepted
    assert dialog.error_text("title") == "Chưa nhập tên lớp tập huấn"
    assert dialog.error_text("start_date") == "Ngày bắt đầu không tồn tại: 12/13/2025"
    assert "border" in dialog.ui.start_date_edit.styleSheet()
    fill_and_save(dialog, title="Tập huấn kỹ năng thương lượng", start_date="14/03/2025", end_date="13/03/2025")
    assert dialog.error_text("end_date") == "Ngày kết thúc trước ngày bắt đầu"
    assert dialog.error_text("title") == ""
    assert trainings.list_trainings(context.db, context.unit_id) == []


def test_import_attendance_and_remove(qtbot, page, context, monkeypatch, tmp_path):  # type: ignore[no-untyped-def]
    tid = trainings.create_training(context.db, context.unit_id, title="Tập huấn công tác nữ công",
                                    start_date="05/06/2025")
    page.reload(tid)
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["STT", "Họ và tên", "Ngày sinh", "Ký tên"])
    sheet.append([1, "Lê Văn Minh", "21/11/1985", ""])
    sheet.append([2, "Người Lạ", "01/01/2000", ""])
    path = tmp_path / "ky_ten.xlsx"
    book.save(path)
    shown = []
    monkeypatch.setattr(event_page, "choose_sheet", lambda _parent: str(path))
    monkeypatch.setattr(event_page, "confirm_import", lambda _p, preview: shown.append(preview) or True)
    page.import_attendance()
    assert [str(p) for p in shown[0].problems] == [
        "Dòng 3: Người Lạ — không tìm thấy đoàn viên cùng họ tên, sinh ngày 01/01/2000"]
    assert [a.full_name for a in page.attendees.rows] == ["Lê Văn Minh"]
    monkeypatch.setattr(common, "ask", lambda *_a: True)
    page.ui.attendee_table.selectRow(0)
    qtbot.keyClick(page.ui.attendee_table, Qt.Key.Key_Delete)
    assert page.attendees.rows == []
    assert trainings.get_training(context.db, tid).attendee_count == 0


def test_period_selector_filters_and_delete(qtbot, page, context, monkeypatch):  # type: ignore[no-untyped-def]
    trainings.create_training(context.db, context.unit_id, title="Lớp năm 2025", start_date="05/06/2025")
    trainings.create_training(context.db, context.unit_id, title="Lớp năm 2024", start_date="05/06/2024")
    page.reload()
    assert [r.title for r in page.model.rows] == ["Lớp năm 2025"]
    context.set_period(Period.parse("2024"))
    assert [r.title for r in page.model.rows] == ["Lớp năm 2024"]
    assert "Năm 2024: từ 01/12/2023 đến 30/11/2024" in page.ui.period_label.text()
    monkeypatch.setattr(common, "ask", lambda *_a: True)
    page.ui.event_table.selectRow(0)
    qtbot.keyClick(page.ui.event_table, Qt.Key.Key_Delete)
    assert page.model.rowCount() == 0
    assert [t.title for t in trainings.list_trainings(context.db, context.unit_id)] == ["Lớp năm 2025"]


def test_an_empty_period_says_what_to_do_first(page) -> None:  # type: ignore[no-untyped-def]
    assert page.model.rowCount() == 0
    assert page.ui.count_label.text() == "Chưa có lớp tập huấn nào: bấm «Thêm lớp tập huấn…»"
    assert page.ui.add_button.text() == "Thêm lớp tập huấn…" and page.ui.add_button.isEnabled()
