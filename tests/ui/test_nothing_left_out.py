"""A page, menu extension or start-up guard whose module does not import is an error that names it
and its cause (a Vietnamese message box, the traceback on stderr), never a shorter sidebar or a
window opened without the lock, the password check and the daily backup. The failure is made the
way a frozen build without a collected submodule makes it: the module cannot be imported."""

from __future__ import annotations

import sys

import pytest
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QMessageBox

from kh06_desktop.services.common.settings import MODE_UNIT
from kh06_desktop.ui import app as app_module
from kh06_desktop.ui.context import AppContext
from kh06_desktop.ui.main_window import MainWindow
from kh06_desktop.ui.pages import PAGES, STARTUP_GUARD
from kh06_desktop.ui.protect import startup


@pytest.fixture
def boxes(monkeypatch):  # type: ignore[no-untyped-def]
    shown: list[tuple[str, str]] = []
    for kind in ("warning", "information", "critical"):
        monkeypatch.setattr(QMessageBox, kind, staticmethod(
            lambda _parent, _title, text, *_a, k=kind, **_kw: shown.append((k, text))))
    return shown


def _break(monkeypatch, module: str) -> None:  # type: ignore[no-untyped-def]
    """The module cannot be imported (as when a bundle left it out)."""
    monkeypatch.setitem(sys.modules, module, None)


def test_a_page_that_does_not_import_keeps_its_place_and_says_why(qtbot, db, unit, boxes, monkeypatch,
                                                                  capfd) -> None:  # noqa: ARG001
    _break(monkeypatch, "kh06_desktop.ui.groups.groups_page")
    window = MainWindow(AppContext(db))
    qtbot.addWidget(window)
    sidebar = window.ui.sidebar
    assert [sidebar.item(row).text() for row in range(sidebar.count())] == [
        spec.label for spec in PAGES if MODE_UNIT in spec.modes]
    assert boxes == []  # only the first page is made at start

    page = window.open_page("groups")
    assert boxes and boxes[0][0] == "critical"
    message = boxes[0][1]
    assert "Không tải được trang «Tổ công đoàn» (kh06_desktop.ui.groups.groups_page)" in message
    assert "ModuleNotFoundError" in message and "cài đặt lại" in message
    assert window.current_page() is page and "Tổ công đoàn" in page.text()
    err = capfd.readouterr().err
    assert "Traceback" in err and "kh06_desktop.ui.groups.groups_page" in err
    # Other pages still open normally.
    assert type(window.open_page("members")).__name__ == "MembersPage"
    assert len(boxes) == 1


def test_a_menu_extension_that_does_not_import_is_reported(qtbot, db, unit, boxes, monkeypatch,
                                                           capfd) -> None:  # noqa: ARG001
    _break(monkeypatch, "kh06_desktop.ui.protect.menu")
    window = MainWindow(AppContext(db))
    qtbot.addWidget(window)
    assert [kind for kind, _text in boxes] == ["critical"]
    assert "Không tải được một phần của trình đơn (kh06_desktop.ui.protect.menu)" in boxes[0][1]
    assert "Traceback" in capfd.readouterr().err


def test_without_its_start_up_guard_the_app_does_not_open(qapp, db, unit, boxes, monkeypatch,
                                                          capfd) -> None:  # noqa: ARG001
    from kh06_desktop.services.protect import backup

    path = db.path
    db.close()
    _break(monkeypatch, STARTUP_GUARD)
    opened: list[object] = []
    monkeypatch.setattr(MainWindow, "show", lambda self: opened.append(self))
    monkeypatch.setattr(QApplication, "exec", lambda *_a: 0)
    assert app_module.run_gui(path) == 2
    assert opened == []
    assert [kind for kind, _text in boxes] == ["critical"]
    assert "phần khởi động (khóa tệp dữ liệu, mật khẩu, sao lưu hằng ngày)" in boxes[0][1]
    assert "Traceback" in capfd.readouterr().err
    assert startup._lock is None
    monkeypatch.delitem(sys.modules, STARTUP_GUARD)
    from kh06_desktop.store.database import open_database

    reopened = open_database(path)
    assert backup.list_backups(reopened) == []  # no daily backup was made either
    reopened.close()


def test_support_information_from_the_help_menu(qtbot, db, unit, monkeypatch) -> None:  # noqa: ARG001
    from kh06_desktop.ui.support_info_dialog import SupportInfoDialog

    window = MainWindow(AppContext(db))
    qtbot.addWidget(window)
    shown: list[SupportInfoDialog] = []
    monkeypatch.setattr(SupportInfoDialog, "exec", lambda self: shown.append(self) or 0)
    action = next(a for a in window.help_menu.actions() if a.objectName() == "support_info_action")
    assert action.text() == "&Thông tin hỗ trợ…"
    action.trigger()
    (dialog,) = shown
    text = dialog.ui.report_text.toPlainText()
    assert dialog.report.ok, dialog.report.problems
    for label in ("Phiên bản KH06 Desktop:", "Python:", "Qt:", "Hệ điều hành:", "Phiên bản lược đồ dữ liệu:"):
        assert label in text
    assert str(db.path) in text and "(mới nhất)" in text and "Thư mục sao lưu:" in text
    assert "mọi thứ đều tốt" in text and "không phát hiện lỗi" in dialog.ui.status_label.text()
    assert dialog.ui.copy_button.text() == "Sao chép"
    dialog.ui.copy_button.click()
    assert QGuiApplication.clipboard().text() == text
    assert dialog.ui.copy_button.text() == "Đã sao chép"


def test_support_information_lists_what_is_broken(qtbot, db, unit, monkeypatch) -> None:  # noqa: ARG001
    from kh06_desktop.ui.support_info_dialog import SupportInfoDialog

    _break(monkeypatch, "kh06_desktop.ui.reports.reports_page")
    dialog = SupportInfoDialog(db)
    qtbot.addWidget(dialog)
    text = dialog.ui.report_text.toPlainText()
    assert not dialog.report.ok
    assert "Kết quả: có 1 lỗi:" in text
    assert "  - Không tải được trang «Báo cáo» (kh06_desktop.ui.reports.reports_page): ModuleNotFoundError" in text
    assert "Phát hiện 1 lỗi" in dialog.ui.status_label.text()
