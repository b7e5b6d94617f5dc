"""The update wizard, the undo of the last import and the members page's empty state, around real
services and files built like HR's lists."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from fixtures.member_sheets import simple_roster
from PySide6.QtWidgets import QMainWindow

from kh06_desktop.domain.enums import MemberStatus
from kh06_desktop.services.members.member_import import commit_import, prepare_import
from kh06_desktop.services.members.members import get_member, list_member_rows
from kh06_desktop.ui.context import AppContext
from kh06_desktop.ui.members import menu
from kh06_desktop.ui.members.members_page import MembersPage
from kh06_desktop.ui.members.update_wizard import UpdateWizard
from tests.services.test_member_update import BASE, UPDATED

TODAY = dt.date(2025, 6, 15)


@pytest.fixture
def context(db, unit, tmp_path: Path) -> AppContext:  # type: ignore[no-untyped-def]
    commit_import(db, unit.id, prepare_import(db, unit.id, simple_roster(tmp_path / "goc.xlsx", BASE), today=TODAY))
    return AppContext(db, today=TODAY)


@pytest.fixture
def wizard(qtbot, context: AppContext) -> UpdateWizard:  # type: ignore[no-untyped-def]
    widget = UpdateWizard(context, today=TODAY)
    qtbot.addWidget(widget)
    widget.show()
    return widget


def check(qtbot, wizard: UpdateWizard, path: Path) -> None:  # type: ignore[no-untyped-def]
    wizard.check_file(path)
    qtbot.waitUntil(lambda: not wizard.busy, timeout=10_000)


def cells(table) -> list[list[str]]:  # type: ignore[no-untyped-def]
    model = table.model()
    return [[model.index(r, c).data() for c in range(model.columnCount())] for r in range(model.rowCount())]


def test_the_preview_shows_each_kind_of_row_and_the_update_writes_it(qtbot, wizard: UpdateWizard, db, unit,  # type: ignore[no-untyped-def]
                                                                     tmp_path: Path) -> None:
    ui = wizard.ui
    ui.follow_groups_check.setChecked(True)
    check(qtbot, wizard, simple_roster(tmp_path / "moi.xlsx", UPDATED))
    assert wizard.step == 1
    tabs = ui.review_tabs
    assert [tabs.tabText(i) for i in range(tabs.count())] == [
        "Mới (1)", "Thay đổi (2)", "Không đổi (2)", "Không có trong tệp (1)", "Lỗi (0)", "Cần kiểm tra (0)"]
    assert ["4", "Nguyễn Thị Hương", "số CCCD", "Điện thoại", "0912345678", "0911111111"] in cells(ui.changed_table)
    assert ["4", "Nguyễn Thị Hương", "số CCCD", "Tổ công đoàn", "Tổ Kỹ thuật", "Tổ Chất lượng"] in cells(
        ui.changed_table)
    assert cells(ui.new_table) == [["8", "Vũ Thị Mai", "02/02/1996", "Tổ Chất lượng"]]
    assert cells(ui.absent_table) == [["Lê Thị Hường", "21/11/1995", "Tổ Sản xuất"]]
    assert "không có trong tệp: <b>1</b> (giữ nguyên)" in ui.summary_label.text()
    ui.left_radio.setChecked(True)
    assert "sẽ ghi là đã thôi từ 15/06/2025" in ui.summary_label.text()
    assert not ui.update_button.isEnabled()  # nothing is written before the clerk confirms
    ui.confirm_check.setChecked(True)
    ui.update_button.click()
    qtbot.waitUntil(lambda: wizard.step == 2, timeout=10_000)
    assert "thêm 1 đoàn viên mới, sửa thông tin 2 người, ghi 1 người đã thôi" in ui.result_label.text()
    rows = {r.full_name: r for r in list_member_rows(db, unit.id, today=TODAY)}
    assert rows["Nguyễn Thị Hương"].group_name == "Tổ Chất lượng"
    assert get_member(db, rows["Lê Thị Hường"].id).status is MemberStatus.LEFT


def test_a_sheet_of_another_union_is_asked_about(qtbot, wizard: UpdateWizard, db, unit,  # type: ignore[no-untyped-def]
                                                 tmp_path: Path) -> None:
    asked: list[str] = []
    wizard.ask_other_union = lambda line: asked.append(line) or False  # type: ignore[method-assign]
    path = simple_roster(tmp_path / "khac.xlsx", UPDATED, title="CĐCS CÔNG TY CỔ PHẦN CƠ KHÍ ĐIỆN LỰC MIỀN BẮC")
    check(qtbot, wizard, path)
    assert asked == ["CĐCS CÔNG TY CỔ PHẦN CƠ KHÍ ĐIỆN LỰC MIỀN BẮC"]
    assert wizard.step == 0 and "công đoàn khác" in wizard.ui.choose_error_label.text()
    wizard.ask_other_union = lambda line: True  # type: ignore[method-assign]
    check(qtbot, wizard, path)
    assert wizard.step == 1


def test_errors_block_the_update(qtbot, wizard: UpdateWizard, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    rows = [*UPDATED, ["Trần Thị Bình", "01/01/2090", "Nữ", None, "Tổ 1", None, None]]
    check(qtbot, wizard, simple_roster(tmp_path / "loi.xlsx", rows))
    assert wizard.ui.review_tabs.currentWidget() is wizard.ui.errors_tab
    assert not wizard.ui.confirm_check.isEnabled() and not wizard.ui.update_button.isEnabled()


def test_undo_from_the_members_page(qtbot, context: AppContext, db, unit) -> None:  # type: ignore[no-untyped-def]
    page = MembersPage(context)
    qtbot.addWidget(page)
    page.show()
    page.reload()
    assert page.ui.empty_frame.isHidden()
    told: list[str] = []
    menu.undo_last_import_dialog(page, confirm=lambda *_a: True, inform=lambda _w, _t, text: told.append(text))
    qtbot.waitUntil(lambda: bool(told), timeout=10_000)
    assert told[-1].startswith("Đã hoàn tác: Nhập 5 đoàn viên")
    assert list_member_rows(db, unit.id) == []
    qtbot.waitUntil(lambda: not page.ui.empty_frame.isHidden(), timeout=10_000)  # the empty list says what to do
    assert page.ui.empty_import_button.text() == "Nhập từ Excel…"
    menu.undo_last_import_dialog(page, confirm=lambda *_a: True, inform=lambda _w, _t, text: told.append(text))
    assert told[-1] == "Chưa có lần nhập danh sách nào để hoàn tác"


def test_member_entries_are_not_shown_at_the_upper_level(qtbot, db) -> None:  # type: ignore[no-untyped-def]
    window = QMainWindow()
    qtbot.addWidget(window)
    window.context = AppContext(db)  # type: ignore[attr-defined]
    window.data_menu = window.menuBar().addMenu("&Dữ liệu")  # type: ignore[attr-defined]
    menu.install(window)
    assert window.data_menu.actions() == []  # type: ignore[attr-defined]
