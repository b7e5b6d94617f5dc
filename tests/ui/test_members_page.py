"""The members page around real services: search without diacritics, filters, actions, reloads."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from kh06_desktop.domain.enums import MemberStatus, Role
from kh06_desktop.domain.validation import validate_member
from kh06_desktop.services.groups.groups import create_group
from kh06_desktop.services.members import members as member_service
from kh06_desktop.ui.context import AppContext
from kh06_desktop.ui.members import members_page as page_module
from kh06_desktop.ui.members.member_dialog import MemberDialog
from kh06_desktop.ui.members.member_table_model import COL_BIRTH, COL_CITIZEN_ID, COL_NAME
from kh06_desktop.ui.members.members_page import MembersPage
from kh06_desktop.ui.members.status_dialog import StatusDialog

PEOPLE = [
    ("Nguyễn Thị Hương", "Nữ", "12/04/1990", "001190012345", "Tổ Kỹ thuật", "Tổ trưởng"),
    ("Trần Văn Dũng", "Nam", "03/09/1985", None, "Tổ Sản xuất", "Chủ tịch"),
    ("Lê Thị Hường", "Nữ", "21/11/1995", None, "Tổ Sản xuất", None),
    ("Đặng Đức Hưng", "Nam", "01/01/1979", None, None, None),
    ("Phạm Thu Trang", "Nữ", "15/06/1998", None, "Tổ Kỹ thuật", None),
]


def add(db, unit_id: int, name: str, gender: str, birth: str, cid, group, roles) -> int:  # type: ignore[no-untyped-def]
    result = validate_member({"full_name": name, "gender": gender, "birth_date": birth, "citizen_id": cid,
                              "group_name": group, "roles": roles, "join_date": "01/03/2015"})
    assert result.draft is not None, result.errors
    return member_service.create_member(db, unit_id, result.draft)


@pytest.fixture
def context(db, unit) -> AppContext:  # type: ignore[no-untyped-def]
    for person in PEOPLE:
        add(db, unit.id, *person)
    return AppContext(db)


@pytest.fixture
def page(qtbot, context: AppContext) -> MembersPage:  # type: ignore[no-untyped-def]
    widget = MembersPage(context)
    qtbot.addWidget(widget)
    widget.resize(1200, 600)
    widget.show()
    widget.activate()
    return widget


def names(page: MembersPage) -> list[str]:
    return [page.model.index(r, COL_NAME).data() for r in range(page.model.rowCount())]


def test_page_lists_members_in_vietnamese_order_with_count(page: MembersPage) -> None:
    assert names(page) == ["Trần Văn Dũng", "Đặng Đức Hưng", "Nguyễn Thị Hương", "Lê Thị Hường", "Phạm Thu Trang"]
    assert page.ui.count_label.text() == "5 đoàn viên"


def test_search_as_you_type_without_diacritics(qtbot, page: MembersPage) -> None:  # type: ignore[no-untyped-def]
    qtbot.keyClicks(page.ui.search_edit, "nguyen thi huong")
    assert names(page) == ["Nguyễn Thị Hương"]
    assert page.ui.count_label.text() == "Đang hiển thị 1 / 5 đoàn viên"
    page.ui.search_edit.clear()
    qtbot.keyClicks(page.ui.search_edit, "dang duc")
    assert names(page) == ["Đặng Đức Hưng"]


def test_filters_by_group_status_gender_and_position(page: MembersPage) -> None:
    ui = page.ui
    ui.group_filter.setCurrentIndex(ui.group_filter.findText("Tổ Sản xuất"))
    assert names(page) == ["Trần Văn Dũng", "Lê Thị Hường"]
    ui.gender_filter.setCurrentIndex(ui.gender_filter.findText("Nữ"))
    assert names(page) == ["Lê Thị Hường"]
    page.clear_filters()
    ui.group_filter.setCurrentIndex(ui.group_filter.findText("Chưa thuộc tổ nào"))
    assert names(page) == ["Đặng Đức Hưng"]
    page.clear_filters()
    ui.role_filter.setCurrentIndex(ui.role_filter.findData(Role.GROUP_LEADER.value))
    assert names(page) == ["Nguyễn Thị Hương"]
    page.clear_filters()
    assert len(names(page)) == 5


def test_personal_data_masked_until_toggle(page: MembersPage) -> None:
    page.ui.search_edit.setText("huong")
    row = names(page).index("Nguyễn Thị Hương")
    assert page.model.index(row, COL_CITIZEN_ID).data() == "••••••••2345"
    assert page.model.index(row, COL_BIRTH).data() == "••/••/1990"
    page.ui.show_personal_button.click()
    assert page.model.index(row, COL_CITIZEN_ID).data() == "001190012345"
    assert page.ui.show_personal_button.text() == "Che thông tin cá nhân"


def test_add_member_through_the_dialog(qtbot, page: MembersPage, context: AppContext,  # type: ignore[no-untyped-def]
                                       monkeypatch: pytest.MonkeyPatch) -> None:
    def fill_and_save(dialog: MemberDialog) -> bool:
        assert isinstance(dialog, MemberDialog)
        dialog.ui.full_name_edit.setText("Vũ Ngọc Ánh")
        dialog.ui.gender_combo.setCurrentIndex(dialog.ui.gender_combo.findText("Nữ"))
        dialog.ui.birth_date_edit.setText("02/02/1992")
        dialog.ui.group_combo.setCurrentIndex(dialog.ui.group_combo.findText("Tổ Kỹ thuật"))
        return dialog.save()

    monkeypatch.setattr(page, "run_dialog", fill_and_save)
    with qtbot.waitSignal(context.data_changed, check_params_cb=lambda area: area == "members"):
        qtbot.keyClick(page.ui.member_table, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert "Vũ Ngọc Ánh" in names(page)
    assert page.selected_member_id() is not None
    assert page.model.row_at(page.ui.member_table.currentIndex().row()).full_name == "Vũ Ngọc Ánh"
    assert page.ui.count_label.text() == "6 đoàn viên"


def test_keyboard_ctrl_f_enter_and_delete(qtbot, page: MembersPage, monkeypatch: pytest.MonkeyPatch) -> None:  # type: ignore[no-untyped-def]
    opened: list[type] = []
    monkeypatch.setattr(page, "run_dialog", lambda dialog: opened.append(type(dialog)) or False)
    page.ui.member_table.setFocus()
    qtbot.keyClick(page.ui.member_table, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert page.ui.search_edit.hasFocus()
    page.select_member(page.model.row_at(0).id)
    qtbot.keyClick(page.ui.member_table, Qt.Key.Key_Return)
    qtbot.keyClick(page.ui.member_table, Qt.Key.Key_Delete)
    assert opened == [MemberDialog, StatusDialog]
    assert page.model.total_count == 5  # Delete never deletes


def test_status_change_keeps_member_and_reloads(qtbot, page: MembersPage,  # type: ignore[no-untyped-def]
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    member_id = next(r.id for r in (page.model.row_at(i) for i in range(5)) if r.full_name == "Lê Thị Hường")
    page.select_member(member_id)

    def transfer(dialog: StatusDialog) -> bool:
        dialog.ui.status_combo.setCurrentIndex(dialog.ui.status_combo.findData(MemberStatus.TRANSFERRED.value))
        return dialog.save()

    monkeypatch.setattr(page, "run_dialog", transfer)
    page.change_status_of_selected()
    row = page.model.row_of_member(member_id)
    assert page.model.row_at(row).status == "transferred"
    page.ui.status_filter.setCurrentIndex(page.ui.status_filter.findData("active"))
    assert "Lê Thị Hường" not in names(page)


def test_reloads_when_another_page_writes(page: MembersPage, context: AppContext, unit) -> None:  # type: ignore[no-untyped-def]
    create_group(context.db, unit.id, "Tổ Cơ điện")
    add(context.db, unit.id, "Hoàng Minh Tuấn", "Nam", "09/09/1988", None, "Tổ Cơ điện", None)
    context.notify("members")
    assert "Hoàng Minh Tuấn" in names(page)
    assert page.ui.group_filter.findText("Tổ Cơ điện") > 0


def test_large_list_paints_first_window_then_loads_the_rest(qtbot, context: AppContext,  # type: ignore[no-untyped-def]
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(page_module, "SYNC_LIMIT", 2)
    monkeypatch.setattr(page_module, "FIRST_WINDOW", 2)
    widget = MembersPage(context)
    qtbot.addWidget(widget)
    widget.show()
    widget.ui.search_edit.setText("thi")  # typed while loading: applied to the whole list when it comes
    widget.activate()
    assert widget.is_loading
    qtbot.waitUntil(lambda: not widget.is_loading, timeout=5000)
    assert widget.model.total_count == 5
    assert names(widget) == ["Nguyễn Thị Hương", "Lê Thị Hường"]
    assert widget.ui.count_label.text() == "Đang hiển thị 2 / 5 đoàn viên"
