"""The import wizard on real files built with openpyxl: a good file, a file with errors, a non-sheet."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import openpyxl
import pytest
from PySide6.QtCore import Qt

from kh06_desktop.services.groups.groups import list_groups
from kh06_desktop.services.members.members import list_member_rows
from kh06_desktop.ui.context import AppContext
from kh06_desktop.ui.members.import_wizard import ImportWizard

HEADER = ["STT", "Họ và tên", "Ngày sinh", "Giới tính", "Số CCCD", "Tổ công đoàn", "Chức vụ công đoàn", "Điện thoại"]


def write_sheet(path: Path, rows: list[list[object]]) -> Path:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "Danh sách"
    sheet.append(["CÔNG ĐOÀN CÔNG TY CỔ PHẦN THIẾT BỊ ĐIỆN ĐÔNG ANH"])
    sheet.append(["DANH SÁCH ĐOÀN VIÊN NĂM 2025"])
    sheet.append([])
    sheet.append(HEADER)
    for number, row in enumerate(rows, start=1):
        sheet.append([number, *row])
    book.save(path)
    return path


GOOD = [
    ["Nguyễn Thị Hương", "12/04/1990", "Nữ", "001190012345", "Tổ Kỹ thuật", "Tổ trưởng", "0912345678"],
    ["Trần Văn Dũng", dt.datetime(1985, 9, 3), "Nam", None, "Tổ Sản xuất", "Chủ tịch", None],
    ["Le Thi Huong", "21/11/1995", "Nữ", None, "Tổ Sản xuất", None, None],
]


@pytest.fixture
def context(db, unit) -> AppContext:  # type: ignore[no-untyped-def]
    return AppContext(db)


@pytest.fixture
def wizard(qtbot, context: AppContext) -> ImportWizard:  # type: ignore[no-untyped-def]
    widget = ImportWizard(context)
    qtbot.addWidget(widget)
    widget.show()
    return widget


def check(qtbot, wizard: ImportWizard, path: Path) -> None:  # type: ignore[no-untyped-def]
    wizard.check_file(path)
    qtbot.waitUntil(lambda: not wizard.busy, timeout=10_000)


def test_good_file_is_previewed_confirmed_and_imported(qtbot, wizard: ImportWizard, context: AppContext,  # type: ignore[no-untyped-def]
                                                       tmp_path: Path, unit) -> None:
    check(qtbot, wizard, write_sheet(tmp_path / "good.xlsx", GOOD))
    assert wizard.step == 1
    ui = wizard.ui
    assert "dòng tiêu đề cột: <b>4</b>" in ui.summary_label.text()
    assert "<b>3</b> dòng hợp lệ" in ui.summary_label.text()
    assert ui.preview_table.model().rowCount() == 3
    preview = ui.preview_table.model()
    headers = [preview.headerData(c, Qt.Orientation.Horizontal) for c in range(preview.columnCount())]
    assert headers[0] == "Dòng" and "Họ và tên" in headers
    birth = headers.index("Ngày sinh")
    assert preview.index(1, birth).data() == "03/09/1985"  # an Excel date shown as dd/mm/yyyy
    assert preview.index(1, 0).data() == "6"  # the row number as Excel shows it
    mapping = ui.mapping_table.model()
    assert (mapping.index(1, 0).data(), mapping.index(1, 1).data()) == ("Họ và tên", "Họ và tên")
    assert sorted(ui.new_groups_list.item(i).text() for i in range(ui.new_groups_list.count())) == [
        "Tổ Kỹ thuật", "Tổ Sản xuất"]
    # Nothing happens before the officer confirms.
    assert not ui.import_button.isEnabled()
    ui.confirm_check.setChecked(True)
    assert ui.import_button.isEnabled()
    with qtbot.waitSignal(context.data_changed, timeout=10_000, check_params_cb=lambda area: area == "members"):
        ui.import_button.click()
    qtbot.waitUntil(lambda: not wizard.busy, timeout=10_000)
    assert wizard.step == 2
    assert "Đã nhập 3 đoàn viên" in ui.result_label.text()
    assert "Đã ghi 2 chức vụ" in ui.result_label.text()
    names = sorted(r.full_name for r in list_member_rows(context.db, unit.id))
    assert names == ["Le Thi Huong", "Nguyễn Thị Hương", "Trần Văn Dũng"]
    assert len(list_groups(context.db, unit.id)) == 2
    ui.close_button.click()
    assert wizard.result() == ImportWizard.DialogCode.Accepted


def test_rejected_rows_are_listed_and_import_stays_disabled(qtbot, wizard: ImportWizard,  # type: ignore[no-untyped-def]
                                                            context: AppContext, tmp_path: Path, unit) -> None:
    bad = GOOD + [
        ["Phạm Thu Trang", "31/02/1998", "Nữ", None, "Tổ Kỹ thuật", None, None],
        ["", "01/01/1990", "Nam", None, None, None, None],
        ["Hoàng Văn Nam", "01/01/1980", "Nam", "001190012345", None, None, None],
        ["Vũ Ngọc Ánh", "02/02/1992", "Nữ", None, None, "Thủ quỹ", None],
    ]
    check(qtbot, wizard, write_sheet(tmp_path / "bad.xlsx", bad))
    assert wizard.step == 1
    ui = wizard.ui
    issues = ui.errors_table.model()
    rows = [tuple(issues.index(r, c).data() for c in range(4)) for r in range(issues.rowCount())]
    by_row = {row[0]: row for row in rows}
    assert by_row["8"][1:3] == ("Ngày sinh", "31/02/1998") and "Ngày không tồn tại" in by_row["8"][3]
    assert by_row["9"][1] == "Họ và tên"
    assert by_row["10"][1:3] == ("Số CCCD", "001190012345") and "dòng 5" in by_row["10"][3]
    assert by_row["11"][1:3] == ("Chức vụ công đoàn", "Thủ quỹ")
    assert "4 dòng bị từ chối" in ui.summary_label.text()
    assert ui.review_tabs.currentWidget() is ui.errors_tab
    assert not ui.confirm_check.isEnabled()
    ui.confirm_check.setChecked(True)
    assert not ui.import_button.isEnabled()
    wizard.start_import()  # even if called, nothing is written
    assert list_member_rows(context.db, unit.id) == []


def test_unusable_file_is_explained_on_the_first_step(qtbot, wizard: ImportWizard, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    junk = tmp_path / "ghi-chu.xlsx"
    junk.write_text("không phải bảng tính", encoding="utf-8")
    check(qtbot, wizard, junk)
    assert wizard.step == 0
    assert wizard.ui.choose_error_label.text() != ""
    assert not wizard.ui.import_button.isEnabled()


def test_browse_uses_the_file_dialog(qtbot, wizard: ImportWizard, tmp_path: Path,  # type: ignore[no-untyped-def]
                                     monkeypatch: pytest.MonkeyPatch) -> None:
    path = write_sheet(tmp_path / "good.xlsx", GOOD[:1])
    started_in: list[str] = []

    def chooser(_parent, _title, folder, _filter):  # type: ignore[no-untyped-def]
        started_in.append(folder)
        return str(path), ""

    monkeypatch.setattr("kh06_desktop.ui.file_dialogs.QFileDialog.getOpenFileName", chooser)
    wizard.ui.browse_button.click()
    qtbot.waitUntil(lambda: not wizard.busy, timeout=10_000)
    assert wizard.step == 1 and wizard.ui.file_edit.text() == str(path)
    wizard.ui.back_button.click()
    assert wizard.step == 0 and wizard.plan is None
    wizard.ui.browse_button.click()  # the dialog opens where the last member list was chosen
    qtbot.waitUntil(lambda: not wizard.busy, timeout=10_000)
    assert started_in[-1] == str(tmp_path) and started_in[0] != str(tmp_path)


def test_data_menu_entries_import_and_export(qtbot, context: AppContext, tmp_path: Path,  # type: ignore[no-untyped-def]
                                             monkeypatch: pytest.MonkeyPatch, unit) -> None:
    from PySide6.QtGui import QAction
    from PySide6.QtWidgets import QMainWindow

    from kh06_desktop.ui.members import menu

    window = QMainWindow()
    qtbot.addWidget(window)
    window.context = context  # type: ignore[attr-defined]
    window.data_menu = window.menuBar().addMenu("&Dữ liệu")  # type: ignore[attr-defined]
    menu.install(window)
    texts = [a.text() for a in window.data_menu.actions()]  # type: ignore[attr-defined]
    assert texts == ["Nhập danh sách đoàn viên từ Excel…", "Cập nhật danh sách theo tệp mới…",
                     "Hoàn tác lần nhập gần nhất", "Xuất danh sách đoàn viên ra Excel…"]
    # Import a small file through the wizard, then export: the exported file reads back the same.
    wizard = ImportWizard(context)
    qtbot.addWidget(wizard)
    check(qtbot, wizard, write_sheet(tmp_path / "good.xlsx", GOOD))
    wizard.ui.confirm_check.setChecked(True)
    wizard.start_import()
    qtbot.waitUntil(lambda: wizard.step == 2, timeout=10_000)
    out = tmp_path / "xuat"
    monkeypatch.setattr("kh06_desktop.ui.file_dialogs.QFileDialog.getSaveFileName", lambda *a, **k: (str(out), ""))
    monkeypatch.setattr(menu, "ask_include_personal", lambda _window: False)
    with qtbot.waitSignal(context.status_message, timeout=10_000) as blocker:
        window.findChild(QAction, "export_members_action").trigger()
    assert blocker.args[0].startswith("Đã xuất") and "xuat.xlsx" in blocker.args[0]
    sheet = openpyxl.load_workbook(tmp_path / "xuat.xlsx", read_only=True).active
    cells = [str(c) for row in sheet.iter_rows(values_only=True) for c in row if c]
    assert "Nguyễn Thị Hương" in cells and "001190012345" not in cells  # personal data left out
