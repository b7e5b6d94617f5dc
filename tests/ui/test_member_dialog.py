"""The add/edit member dialog: inline Vietnamese messages, duplicates, warnings, editing, positions."""

from __future__ import annotations

import datetime as dt

import pytest

from kh06_desktop.domain.enums import MemberStatus, Role
from kh06_desktop.services.groups.groups import create_group, list_groups
from kh06_desktop.services.members.members import get_member, list_member_rows
from kh06_desktop.ui.members.member_dialog import MemberDialog
from kh06_desktop.ui.members.positions_dialog import PositionsDialog
from kh06_desktop.ui.members.status_dialog import StatusDialog

TODAY = dt.date(2025, 10, 1)


@pytest.fixture
def dialog(qtbot, db, unit) -> MemberDialog:  # type: ignore[no-untyped-def]
    create_group(db, unit.id, "Tổ Kỹ thuật")
    widget = MemberDialog(db, unit.id, today=TODAY)
    qtbot.addWidget(widget)
    return widget


def fill(dialog: MemberDialog, **values: str) -> None:
    for name, value in values.items():
        getattr(dialog.ui, f"{name}_edit").setText(value)


def test_adding_a_member_saves_it_with_group_and_role(qtbot, dialog: MemberDialog, db, unit) -> None:  # type: ignore[no-untyped-def]
    dialog.ui.full_name_edit.setText("Nguyễn Thị Hương")  # QTest types only Latin-1 keys
    assert dialog.ui.given_name_edit.placeholderText() == "Mặc định: Hương"
    fill(dialog, birth_date="12/04/1990", citizen_id="001190012345", join_date="01/03/2015", phone="0912 345 678")
    dialog.ui.gender_combo.setCurrentIndex(dialog.ui.gender_combo.findText("Nữ"))
    dialog.ui.group_combo.setCurrentIndex(dialog.ui.group_combo.findText("Tổ Kỹ thuật"))
    dialog.role_boxes[Role.GROUP_LEADER].setChecked(True)
    assert dialog.save()
    assert dialog.result() == MemberDialog.DialogCode.Accepted
    member = get_member(db, dialog.saved_member_id)
    assert (member.full_name, member.group_name, member.phone) == ("Nguyễn Thị Hương", "Tổ Kỹ thuật", "0912345678")
    assert [p.role for p in member.positions] == [Role.GROUP_LEADER]


def test_invalid_fields_show_messages_beside_them_and_nothing_is_saved(dialog: MemberDialog, db, unit) -> None:  # type: ignore[no-untyped-def]
    fill(dialog, birth_date="31/02/1990", citizen_id="12345", phone="abc")
    assert not dialog.save()
    assert dialog.error_text("full_name") == "Chưa nhập họ và tên"
    assert "Ngày không tồn tại" in dialog.error_text("birth_date")
    assert "12 chữ số" in dialog.error_text("citizen_id")
    assert dialog.error_text("phone") == "Số điện thoại không hợp lệ"
    assert dialog.ui.full_name_edit.hasFocus() or not dialog.isVisible()
    assert list_member_rows(db, unit.id) == []
    # Correcting a field clears its message as the officer types.
    dialog.ui.phone_edit.textEdited.emit("0912345678")
    assert dialog.error_text("phone") == ""


def test_a_field_is_checked_when_the_officer_leaves_it(dialog: MemberDialog) -> None:
    fill(dialog, full_name="Trần Văn Dũng", birth_date="12/12/2030")
    dialog.ui.birth_date_edit.editingFinished.emit()
    assert dialog.error_text("birth_date") == "Ngày sinh ở tương lai: 12/12/2030"
    assert dialog.error_text("full_name") == ""


def test_a_new_group_name_typed_in_creates_the_group(dialog: MemberDialog, db, unit) -> None:  # type: ignore[no-untyped-def]
    fill(dialog, full_name="Lê Văn Tám")
    dialog.ui.group_combo.setEditText("Tổ Bảo vệ")
    assert dialog.save()
    assert [g.name for g in list_groups(db, unit.id)] == ["Tổ Bảo vệ", "Tổ Kỹ thuật"]


def test_duplicate_is_shown_and_can_be_saved_anyway(qtbot, dialog: MemberDialog, db, unit) -> None:  # type: ignore[no-untyped-def]
    fill(dialog, full_name="Phạm Thu Trang", birth_date="15/06/1998")
    assert dialog.save()
    second = MemberDialog(db, unit.id, today=TODAY)
    qtbot.addWidget(second)
    fill(second, full_name="Phạm  Thu   Trang", birth_date="15/06/1998")
    assert not second.save()
    assert not second.ui.duplicate_frame.isHidden()
    assert "Trùng họ tên và ngày sinh với đoàn viên Phạm Thu Trang" in second.ui.duplicate_label.text()
    assert len(list_member_rows(db, unit.id)) == 1
    second.ui.save_anyway_button.click()
    assert len(list_member_rows(db, unit.id)) == 2


def test_citizen_id_warning_needs_a_second_save(dialog: MemberDialog, db, unit) -> None:  # type: ignore[no-untyped-def]
    # Digit 4 = 1 means a woman born in the 1900s: it disagrees with "Nam".
    fill(dialog, full_name="Hoàng Văn Nam", birth_date="01/01/1990", citizen_id="001190012345")
    dialog.ui.gender_combo.setCurrentIndex(dialog.ui.gender_combo.findText("Nam"))
    assert not dialog.save()
    assert "Cần kiểm tra — Số CCCD" in dialog.ui.warnings_label.text()
    assert dialog.save()
    assert len(list_member_rows(db, unit.id)) == 1


def test_editing_loads_and_saves_the_member(qtbot, dialog: MemberDialog, db, unit) -> None:  # type: ignore[no-untyped-def]
    fill(dialog, full_name="Đỗ Minh Anh Thư", given_name="Anh Thư", birth_date="05/05/1996")
    dialog.role_boxes[Role.BCH_MEMBER].setChecked(True)
    assert dialog.save()
    member_id = dialog.saved_member_id
    edit = MemberDialog(db, unit.id, member_id=member_id, today=TODAY)
    qtbot.addWidget(edit)
    assert edit.windowTitle() == "Sửa thông tin đoàn viên"
    assert edit.ui.given_name_edit.text() == "Anh Thư"
    assert edit.ui.birth_date_edit.text() == "05/05/1996"
    assert edit.role_boxes[Role.BCH_MEMBER].isChecked()
    edit.ui.department_edit.setText("Phòng Tổ chức")
    edit.role_boxes[Role.BCH_MEMBER].setChecked(False)
    assert edit.save()
    member = get_member(db, member_id)
    assert member.department == "Phòng Tổ chức"
    assert all(p.end_date == TODAY for p in member.positions)


def test_status_dialog_transfers_with_date(qtbot, dialog: MemberDialog, db, unit) -> None:  # type: ignore[no-untyped-def]
    fill(dialog, full_name="Bùi Thị Lan", join_date="01/01/2010")
    assert dialog.save()
    status = StatusDialog(db, dialog.saved_member_id)
    qtbot.addWidget(status)
    status.ui.status_combo.setCurrentIndex(status.ui.status_combo.findData(MemberStatus.LEFT.value))
    status.ui.date_edit.setDate(status.ui.date_edit.date().addDays(-10))
    assert status.save()
    member = get_member(db, dialog.saved_member_id)
    assert member.status is MemberStatus.LEFT and member.status_date == dt.date.today() - dt.timedelta(days=10)


def test_positions_dialog_assigns_and_ends(qtbot, dialog: MemberDialog, db, unit) -> None:  # type: ignore[no-untyped-def]
    fill(dialog, full_name="Vũ Quang Hải")
    assert dialog.save()
    positions = PositionsDialog(db, dialog.saved_member_id, today=TODAY)
    qtbot.addWidget(positions)
    positions.ui.role_combo.setCurrentIndex(positions.ui.role_combo.findData(Role.VICE_CHAIR.value))
    positions.ui.start_date_edit.setDate(positions.ui.start_date_edit.date().addYears(-1))
    assert positions.add()
    assert positions.ui.positions_table.item(0, 0).text() == "Phó Chủ tịch"
    assert positions.ui.positions_table.item(0, 2).text() == "đang giữ"
    positions.select_row(0)
    assert positions.end_selected()
    assert get_member(db, dialog.saved_member_id).positions[0].end_date == TODAY
    assert positions.changed


def test_an_eleven_digit_citizen_id_is_an_error_not_a_zero_in_front(dialog: MemberDialog, db, unit) -> None:  # type: ignore[no-untyped-def]
    fill(dialog, full_name="Hoàng Văn Nam", birth_date="01/01/1990", citizen_id="01730100456")
    assert not dialog.save()
    assert "Số CCCD có 11 chữ số" in dialog.error_text("citizen_id")
    assert not dialog.save()  # a second «Lưu» does not save it either
    assert list_member_rows(db, unit.id) == []


def test_a_citizen_id_encoding_a_future_birth_year_is_an_error(dialog: MemberDialog, db, unit) -> None:  # type: ignore[no-untyped-def]
    fill(dialog, full_name="Hoàng Văn Nam", birth_date="01/01/1990", citizen_id="001730100456")
    assert not dialog.save()
    assert "năm sinh 2230" in dialog.error_text("citizen_id")
    assert not dialog.save()
    assert list_member_rows(db, unit.id) == []


def test_escape_asks_before_dropping_typed_data(qtbot, dialog: MemberDialog, db, unit) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtCore import Qt

    asked: list[bool] = []
    dialog.ask_discard = lambda: asked.append(True) or False  # type: ignore[method-assign]
    dialog.show()
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)  # nothing typed yet: closes without asking
    assert asked == [] and not dialog.isVisible()
    dialog.show()
    fill(dialog, full_name="Lê Văn Tám", phone="0912345678")
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert asked == [True] and dialog.isVisible()  # the officer chose to go on typing
    dialog.ask_discard = lambda: True  # type: ignore[method-assign]
    dialog.ui.button_box.rejected.emit()
    assert not dialog.isVisible() and list_member_rows(db, unit.id) == []


def test_an_edited_member_unchanged_closes_without_asking(qtbot, dialog: MemberDialog, db, unit) -> None:  # type: ignore[no-untyped-def]
    fill(dialog, full_name="Đỗ Minh Anh Thư", birth_date="05/05/1996")
    assert dialog.save()
    edit = MemberDialog(db, unit.id, member_id=dialog.saved_member_id, today=TODAY)
    qtbot.addWidget(edit)
    edit.ask_discard = lambda: pytest.fail("nothing was changed")  # type: ignore[method-assign]
    edit.show()
    edit.reject()
    assert not edit.isVisible()
